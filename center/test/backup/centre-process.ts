import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  runNodeScript,
  type ScriptRun,
  type ScriptRunOptions,
} from '@vaultline/shared/testing/run-node-script';

const BIN = fileURLToPath(new URL('../../bin/vaultline-center.js', import.meta.url));

/** Runs `vaultline-center <args>` as an operator would (`stdin` piped in, if given); never rejects. */
export function runCentreCli(args: string[], options: ScriptRunOptions = {}): Promise<ScriptRun> {
  return runNodeScript(BIN, args, options);
}

/** `vaultline-center run` in its own process, resolved once it prints that it is running. */
export function spawnCentre(configFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'run', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('centre running')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`the centre exited (${code}) before running:\n${output}`)));
  });
}

/** Ends the process as a crash or power cut would (SIGKILL: no shutdown code runs) and waits for it. */
export function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
