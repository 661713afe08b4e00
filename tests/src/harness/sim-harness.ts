import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildControlApi } from '@vaultline/firmware-sim/control/control-api';
import type { SimTiming } from '@vaultline/firmware-sim/devices/simulated-device';
import { parseDevices } from '@vaultline/firmware-sim/serve/devices-file';
import { SimServer } from '@vaultline/firmware-sim/serve/sim-server';
import { SimControlClient } from './sim-control-client.ts';

export interface SimHarness {
  sim: SimServer;
  control: SimControlClient;
  workDir: string;
  /** Path of a pty link, `ble:<MAC>` or `tcp://…` for a device id, as the gateway's config takes it. */
  endpoint(id: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the simulators in this process with the HTTP control API on a free loopback port. Pty links
 * are placed in a fresh temp folder: `link: 'fp'` becomes `<workDir>/dev/fp`.
 */
export async function startSimulators(
  devices: Array<Record<string, unknown>>,
  options: { timing?: SimTiming } = {},
): Promise<SimHarness> {
  const workDir = mkdtempSync(join(tmpdir(), 'vl-sim-'));
  const placed = devices.map((d) => ({
    ...d,
    ...(typeof d.link === 'string' && !d.link.startsWith('/') ? { link: join(workDir, 'dev', d.link) } : {}),
    ...(typeof d.contactLink === 'string' && !d.contactLink.startsWith('/')
      ? { contactLink: join(workDir, 'dev', d.contactLink) }
      : {}),
  }));
  const sim = await SimServer.start({
    devices: parseDevices(placed),
    workDir,
    timing: options.timing ?? 'fast',
  });
  const api = buildControlApi(sim);
  const url = await api.listen({ host: '127.0.0.1', port: 0 });
  return {
    sim,
    control: new SimControlClient(url),
    workDir,
    endpoint(id) {
      const device = sim.list().find((d) => d.id === id);
      if (!device) throw new Error(`no simulated device ${id}`);
      return device.transport === 'ble' ? `ble:${device.endpoint}` : device.endpoint;
    },
    async stop() {
      await api.close();
      await sim.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
