import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

/** Bound on any one bluetoothctl run, so a broken simulator fails the test instead of hanging it. */
const RUN_TIMEOUT_MS = 8_000;

/**
 * bluetoothctl colours its prompt and events with ANSI sequences wrapped in readline's \x01…\x02
 * markers; tests read plain text.
 */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the control characters to strip.
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/[\u0001\u0002\r]/g, '');
}

/** One non-interactive command, e.g. `bluetoothctl list`, against the bus at `busAddress`. */
export async function bluetoothctl(busAddress: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('bluetoothctl', args, {
    env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: busAddress },
    timeout: RUN_TIMEOUT_MS,
  });
  return plain(stdout);
}

/**
 * An interactive session fed through stdin, as an operator would type it. `send` writes a command
 * and resolves once the output (since the session began) contains `expect`.
 */
export function bluetoothctlSession(busAddress: string) {
  const child = spawn('bluetoothctl', [], {
    env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: busAddress },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += plain(chunk.toString());
    for (const check of waiters) check();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    get output(): string {
      return output;
    },
    send(command: string, expect: RegExp): Promise<string> {
      child.stdin.write(`${command}\n`);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (expect.test(output)) {
            waiters.delete(check);
            resolve(output);
          }
        };
        waiters.add(check);
        check();
        exited.then(() => reject(new Error(`bluetoothctl ended before printing ${expect}:\n${output}`)));
      });
    },
    async quit(): Promise<void> {
      child.stdin.end('quit\n');
      await exited;
      clearTimeout(killer);
    },
  };
}
