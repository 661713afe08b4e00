import type { DeviceStatus } from '@vaultline/gateway/devices/driver/device-health';
import { createTransport } from '@vaultline/gateway/devices/transport/create-transport';
import { DeviceLink } from '@vaultline/gateway/devices/transport/device-link';
import { silentLogger, systemClock } from '@vaultline/shared';
import type { SimHarness } from './sim-harness.ts';

/** A gateway-side DeviceLink to a simulated device, through the transport its endpoint names. */
export function linkTo(sim: SimHarness, id: string, baud: number, endpoint = sim.endpoint(id)): DeviceLink {
  const transport = createTransport(endpoint, baud, { dbusAddress: sim.sim.dbusAddress });
  return new DeviceLink(transport, systemClock, silentLogger, { initialMs: 50, maxMs: 500, factor: 2 });
}

/** Records every status a driver reports, for assertions on offline/online transitions. */
export function recordStatuses(driver: { onStatus(listener: (s: DeviceStatus) => void): () => void }) {
  const statuses: DeviceStatus[] = [];
  driver.onStatus((s) => statuses.push(s));
  return statuses;
}
