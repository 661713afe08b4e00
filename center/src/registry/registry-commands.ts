import { registerVehicle } from '../broker/credentials.ts';
import type { CentreStore } from '../store/open-store.ts';
import type { SiteKind } from './registry-ports.ts';

type Print = (line: string) => void;

/** Radius around a site inside which a stopped vehicle is at the stop, when `--geofence` is not given. */
export const DEFAULT_GEOFENCE_M = 150;

/** `vaultline-center site add`: creates or updates a vault or branch (the registry checks every field). */
export function siteAddCommand(
  store: Pick<CentreStore, 'sites'>,
  args: { id: string; name: string; kind: string; lat: string; lon: string; geofence?: string },
  print: Print,
): number {
  const existed = store.sites.get(args.id) !== undefined;
  store.sites.save({
    siteId: args.id,
    name: args.name,
    kind: args.kind as SiteKind,
    position: { lat: Number(args.lat), lon: Number(args.lon) },
    geofenceM: args.geofence === undefined ? DEFAULT_GEOFENCE_M : Number(args.geofence),
  });
  print(`site ${args.id} (${args.kind}) ${existed ? 'updated' : 'added'}`);
  return 0;
}

/** `vaultline-center box add`: registers a cash box by its tag EPC (un-retiring it if it was retired). */
export function boxAddCommand(
  store: Pick<CentreStore, 'boxes'>,
  args: { epc: string; label: string; site?: string },
  print: Print,
): number {
  store.boxes.save({ epc: args.epc, label: args.label, ...(args.site ? { homeSiteId: args.site } : {}) });
  print(`box ${args.epc} (${args.label}) saved${args.site ? ` at site ${args.site}` : ''}`);
  return 0;
}

/**
 * `vaultline-center vehicle add`: registers a vehicle unit (or rotates its password) and, with `--tag`,
 * records its tag EPC — in one transaction, so a refused tag leaves no new password behind.
 */
export function vehicleAddCommand(
  store: Pick<CentreStore, 'vehicles' | 'gatewayCredentials' | 'transaction'>,
  args: { id: string; plate: string; tag?: string },
  print: Print,
): number {
  const password = store.transaction(() => {
    const issued = registerVehicle(store, { vehicleId: args.id, plate: args.plate });
    if (args.tag !== undefined) store.vehicles.setTagEpc(args.id, args.tag);
    return issued;
  });
  print(
    `vehicle ${args.id} registered${args.tag ? ` with tag ${args.tag}` : ''}; broker password (shown once): ${password}`,
  );
  return 0;
}
