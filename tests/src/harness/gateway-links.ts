import type { DeviceStatus } from '@vaultline/gateway/devices/driver/device-health';
import { createTransport } from '@vaultline/gateway/devices/transport/create-transport';
import { DeviceLink } from '@vaultline/gateway/devices/transport/device-link';
import { silentLogger, systemClock } from '@vaultline/shared';
import type { SimHarness } from './sim-harness.ts';

/** A gateway-side DeviceLink to a simulated device, through the transport its endpoint names. */
export function linkTo(sim: SimHarness, id: string, baud: number, endpoint = sim.endpoint(id)): DeviceLink {
  return linkToEndpoint(endpoint, baud, sim.sim.dbusAddress);
}

/**
 * A gateway-side DeviceLink to any endpoint (pty path, `ble:<MAC>`, `tcp://…`), e.g. of a simulator
 * running as its own process; `dbusAddress` is that simulator's BlueZ bus (GET /ble).
 */
export function linkToEndpoint(endpoint: string, baud: number, dbusAddress?: string): DeviceLink {
  const transport = createTransport(endpoint, baud, { dbusAddress });
  return new DeviceLink(transport, systemClock, silentLogger, { initialMs: 50, maxMs: 500, factor: 2 });
}

/** Records every status a driver reports, for assertions on offline/online transitions. */
export function recordStatuses(driver: { onStatus(listener: (s: DeviceStatus) => void): () => void }) {
  const statuses: DeviceStatus[] = [];
  driver.onStatus((s) => statuses.push(s));
  return statuses;
}
