import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { validate } from '@vaultline/shared/contract/validate';
import { runNodeScript } from '@vaultline/shared/testing/run-node-script';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startBroker, until } from './in-process-broker.ts';
import { CITY_ROUTE } from './route-fixtures.ts';

const CLI = fileURLToPath(new URL('../../bin/vaultline-sim.js', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vl-vehicle-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `vaultline-sim serve` as its own process and resolves its control URL from its ready log line. */
async function serve(args: string[]): Promise<{ child: ChildProcess; control: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VAULTLINE_LOG_LEVEL: 'info' },
  });
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let control: string | undefined;
  await until(
    () => {
      if (child.exitCode !== null) throw new Error(`vaultline-sim exited: ${stderr}`);
      control = /"control":"(http:\/\/[^"]+)"/.exec(stdout)?.[1];
      return control !== undefined;
    },
    'the simulator ready line',
    20_000,
  );
  return { child, control: control! };
}

describe('vaultline-sim serve with a vehicle', () => {
  it('drives the vehicle of the devices file at --vehicle-speed and publishes its positions', async () => {
    const broker = await startBroker();
    cleanups.push(() => broker.stop());
    const received: PositionPayload[] = [];
    const centre = await connectAsync(broker.url, { protocolVersion: 4 });
    cleanups.push(() => centre.endAsync(true));
    centre.on('message', (_t, payload) =>
      received.push(validate(PositionPayload, JSON.parse(payload.toString()), 'pos')),
    );
    await centre.subscribeAsync(topics.vehiclePosition('VAN-07'), { qos: 1 });
    const dir = tempDir();
    const devicesFile = join(dir, 'devices.json');
    writeFileSync(
      devicesFile,
      JSON.stringify([
        { id: 'VAN-07', kind: 'vehicle', route: CITY_ROUTE, broker: broker.url, speedFactor: 1 },
      ]),
    );
    const { control } = await serve([
      '--devices',
      devicesFile,
      '--control',
      '0',
      '--work-dir',
      join(dir, 'sim'),
      '--vehicle-speed',
      '50',
    ]);
    await until(() => received.length >= 20, '20 positions from the simulator process', 20_000);
    const stamps = received.slice(0, 20).map((p) => Date.parse(p.ts));
    expect(stamps).toEqual(stamps.map((_, i) => stamps[0]! + i * 1_000));
    const listed = (await (await fetch(`${control}/vehicles`)).json()) as { vehicles: Array<{ id: string }> };
    expect(listed.vehicles.map((v) => v.id)).toEqual(['VAN-07']);
    const described = (await (await fetch(`${control}/vehicles/VAN-07`)).json()) as { speedFactor: number };
    expect(described.speedFactor).toBe(50);
  }, 30_000);

  it('refuses a --vehicle-speed out of range', async () => {
    const result = await runNodeScript(CLI, [
      'serve',
      '--devices',
      '/nonexistent.json',
      '--control',
      '0',
      '--vehicle-speed',
      '0',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--vehicle-speed must be a number from 1 to 1000/);
  }, 30_000);
});
