import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeScript, type ScriptRun } from '@vaultline/shared/testing/run-node-script';
import { SimControlClient } from './sim-control-client.ts';

const CLI = fileURLToPath(new URL('../../../firmware-sim/bin/vaultline-sim.js', import.meta.url));

export interface SimProcess {
  control: SimControlClient;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Bound on a one-shot CLI run (`template`, a `serve` that must fail), so a hang fails the test. */
const CLI_RUN_TIMEOUT_MS = 20_000;

/** Runs `vaultline-sim <args>` to completion; never rejects on a non-zero exit (tests check `code`). */
export function runSimulatorCli(args: string[]): Promise<ScriptRun> {
  return runNodeScript(CLI, args, { timeoutMs: CLI_RUN_TIMEOUT_MS });
}

/** A free TCP port on loopback (the OS picks one; it is released before returning). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no free port');
  return address.port;
}

/**
 * Runs `vaultline-sim serve` as its own process, exactly as a user would, and waits until its control API
 * answers (it answers only once every device is serving).
 */
export async function spawnSimulator(options: {
  devices: unknown[];
  workDir: string;
  fast?: boolean;
  logLevel?: string;
}): Promise<SimProcess> {
  const devicesFile = join(options.workDir, 'devices.json');
  writeFileSync(devicesFile, JSON.stringify(options.devices, null, 2));
  const port = await freePort();
  const args = [
    CLI,
    'serve',
    '--devices',
    devicesFile,
    '--control',
    String(port),
    '--work-dir',
    join(options.workDir, 'sim'),
  ];
  if (options.fast) args.push('--fast');
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, VAULTLINE_LOG_LEVEL: options.logLevel ?? 'warn' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const control = new SimControlClient(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`vaultline-sim exited with ${child.exitCode}: ${stderr.trim()}`);
    try {
      await control.devices();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`vaultline-sim did not answer on port ${port} within 30 s: ${stderr.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    control,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/**
 * The simulators as their own process, presented like the in-process harness: for benchmarks, where a
 * simulator encoding JPEGs in the gateway's process would distort the gateway's own timings.
 * Relative `link`/`contactLink` names are placed under `<workDir>/dev/`.
 */
export async function spawnSimulatorHarness(
  devices: Array<Record<string, unknown>>,
  options: { fast?: boolean } = {},
): Promise<{ control: SimControlClient; workDir: string; stop(): Promise<void> }> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const workDir = mkdtempSync(join(tmpdir(), 'vl-simproc-'));
  const placed = devices.map((d) => ({
    ...d,
    ...(typeof d.link === 'string' && !d.link.startsWith('/') ? { link: join(workDir, 'dev', d.link) } : {}),
    ...(typeof d.contactLink === 'string' && !d.contactLink.startsWith('/')
      ? { contactLink: join(workDir, 'dev', d.contactLink) }
      : {}),
  }));
  const sim = await spawnSimulator({ devices: placed, workDir, fast: options.fast });
  return {
    control: sim.control,
    workDir,
    async stop() {
      await sim.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
