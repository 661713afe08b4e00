import { execFile } from 'node:child_process';

/** How a script run ended: its exit code (null when a signal or the time bound ended it) and its output. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ScriptRunOptions {
  /** Written to the script's stdin, which is then closed (a piped password, say). */
  stdin?: string;
  /** Bound on the run, so a hanging command fails its test instead of stalling the suite (default 30 s). */
  timeoutMs?: number;
}

/**
 * Runs one of our Node command-line scripts (`bin/*.js`) in its own process to completion, as an operator
 * runs it. Never rejects on a non-zero exit: tests check `code` and what was printed.
 */
export function runNodeScript(
  script: string,
  args: readonly string[],
  options: ScriptRunOptions = {},
): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [script, ...args],
      { timeout: options.timeoutMs ?? 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  });
}
