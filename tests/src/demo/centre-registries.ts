import { registerVehicle } from '@vaultline/center/broker/credentials';
import type { CenterApp } from '@vaultline/center/center-app';
import { VEHICLES } from '../scenario/day-plan.ts';
import { BOX_REGISTRY, SITE_REGISTRY } from './demo-day.ts';

/**
 * What the vault manager registers at the centre before planning: the sites with their positions and
 * geofences, the cash boxes with their labels, and the vans with their tag and broker password (each
 * van's GPS unit publishes under its own credentials). Answers each van's password, shown once.
 */
export function registerSitesAndFleet(app: CenterApp): Map<string, string> {
  for (const site of SITE_REGISTRY) app.store.sites.save(site);
  for (const box of BOX_REGISTRY) app.store.boxes.save(box);
  const passwords = new Map<string, string>();
  for (const vehicle of VEHICLES) {
    const { vehicleId, plate, tagEpc } = vehicle;
    passwords.set(vehicleId, registerVehicle(app.store, { vehicleId, plate }));
    app.store.vehicles.setTagEpc(vehicleId, tagEpc);
  }
  return passwords;
}
