import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CENTRE_CLI = fileURLToPath(new URL('../../../center/bin/vaultline-center.js', import.meta.url));

/** Bound on a one-shot CLI run, so a hang fails the test. */
const CLI_RUN_TIMEOUT_MS = 30_000;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Node script (one of our `bin/*.js`) to completion; never rejects on a non-zero exit. */
export function runNodeScript(script: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { timeout: CLI_RUN_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `vaultline-center <args>`, as an operator runs it. */
export const runCentreCli = (args: string[]): Promise<CliRun> => runNodeScript(CENTRE_CLI, args);
