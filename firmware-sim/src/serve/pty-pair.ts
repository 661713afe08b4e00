import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { TransportError } from '@vaultline/shared';

/**
 * A linked pair of pseudo-terminals made by socat: the gateway opens `hostLink` exactly as it would open
 * `/dev/ttyUSB0`; the simulator opens `deviceLink`. Killing socat removes both, which is how a cable pull
 * looks to the gateway.
 */
export class PtyPair {
  private process: ChildProcess | undefined;

  constructor(
    readonly hostLink: string,
    readonly deviceLink: string,
  ) {}

  async start(): Promise<void> {
    if (this.process) return;
    // A simulator killed with -9 leaves its symlinks behind; socat would then point them nowhere new.
    for (const link of [this.hostLink, this.deviceLink]) removeStaleLink(link);
    const child = spawn(
      'socat',
      [`pty,raw,echo=0,link=${this.deviceLink}`, `pty,raw,echo=0,link=${this.hostLink}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const spawnFailed = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(
          new TransportError(
            'PTY_START',
            `cannot run socat (${error.message}); install it: apt-get install -y socat`,
          ),
        ),
      );
      child.once('exit', (code) =>
        reject(
          new TransportError(
            'PTY_START',
            `socat exited with ${code} before the pty pair was ready: ${stderr.trim()}`,
          ),
        ),
      );
    });
    this.process = child;
    await Promise.race([waitForPaths([this.hostLink, this.deviceLink], 5_000), spawnFailed]);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

async function waitForPaths(paths: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!paths.every((path) => existsSync(path))) {
    if (Date.now() > deadline)
      throw new TransportError('PTY_START', `socat did not create ${paths.join(' and ')} in time`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function removeStaleLink(path: string): void {
  try {
    if (lstatSync(path).isSymbolicLink()) unlinkSync(path);
  } catch {
    // absent: nothing to remove
  }
}
