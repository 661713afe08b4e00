import type { CentreStore } from '../store/open-store.ts';
import { CredentialError } from '../store/store-errors.ts';
import { generateBrokerPassword, mosquittoHash, scryptHash } from './password-hash.ts';

/** The parts of the store that hold broker users. */
export type BrokerUserStore = Pick<CentreStore, 'gatewayCredentials' | 'vehicles'>;

/**
 * A broker user name: it appears in topics (letters, digits, `.`, `_`, `-`; see mqtt-topics.ts) and in a
 * Mosquitto password file, where `:` separates the name from the hash — so `:` is refused here.
 */
const USER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function assertBrokerUserName(id: string, what: string): void {
  if (!USER_NAME.test(id)) {
    throw new CredentialError(
      'BROKER_USER_NAME',
      `${what} "${id}" cannot be a broker user name: use 1–64 letters, digits, ".", "_" or "-"`,
    );
  }
}

/**
 * Issues (or rotates) the broker password of a registered gateway and returns it: show it once and put it
 * in the gateway's secret file; only its hashes are stored. The gateway's MQTT user name is its id.
 */
export function registerGatewayCredentials(store: BrokerUserStore, gatewayId: string): string {
  assertBrokerUserName(gatewayId, 'gateway id');
  if (store.vehicles.get(gatewayId)) {
    throw new CredentialError(
      'BROKER_USER_TAKEN',
      `"${gatewayId}" is already the broker user of a vehicle; every broker user must be one gateway or one vehicle`,
    );
  }
  const password = generateBrokerPassword();
  store.gatewayCredentials.set(gatewayId, {
    passwordHash: scryptHash(password),
    mosquittoHash: mosquittoHash(password),
  });
  return password;
}

/** Registers a vehicle unit (or rotates its password) and returns its broker password, shown once. */
export function registerVehicle(
  store: BrokerUserStore,
  vehicle: { vehicleId: string; plate: string },
): string {
  assertBrokerUserName(vehicle.vehicleId, 'vehicle id');
  if (store.gatewayCredentials.get(vehicle.vehicleId)) {
    throw new CredentialError(
      'BROKER_USER_TAKEN',
      `"${vehicle.vehicleId}" is already the broker user of a gateway; every broker user must be one gateway or one vehicle`,
    );
  }
  const password = generateBrokerPassword();
  store.vehicles.register({
    ...vehicle,
    passwordHash: scryptHash(password),
    mosquittoHash: mosquittoHash(password),
  });
  return password;
}
