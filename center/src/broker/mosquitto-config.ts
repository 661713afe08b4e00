import { join } from 'node:path';
import { writeFileAtomically } from '@vaultline/shared/storage/atomic-file';
import { CredentialError } from '../store/store-errors.ts';
import { gatewayRights, vehicleRights } from './broker-acl.ts';
import { assertBrokerUserName, type BrokerUserStore } from './credentials.ts';
import type { CentreBrokerUser } from './embedded-broker.ts';
import { mosquittoHash } from './password-hash.ts';

export interface MosquittoFiles {
  passwordFile: string;
  aclFile: string;
}

interface BrokerUser {
  username: string;
  mosquittoHash: string;
  rights: { write: string[]; read: string[] };
}

/**
 * `vaultline-center broker-config`: writes a Mosquitto 2 `password_file` and `acl_file` (as `passwd` and
 * `acl` in `dir`) from the registered gateways and vehicles, plus the centre's own user with
 * `readwrite vl/v1/#`. Rights are the ones the embedded broker enforces (`broker-acl.ts`), written per
 * user rather than as `%u` patterns: a pattern would also give a vehicle named like a gateway that
 * gateway's topics. Each file is written to a temporary name and renamed, so a Mosquitto reloading on
 * SIGHUP never reads half a file. Point `mosquitto.conf` at them with `password_file` and `acl_file`.
 */
export function writeMosquittoFiles(
  store: BrokerUserStore,
  dir: string,
  centreUser: CentreBrokerUser,
): MosquittoFiles {
  const users = brokerUsers(store, centreUser.username);
  const centre = { username: centreUser.username, mosquittoHash: mosquittoHash(centreUser.password) };
  const passwordFile = join(dir, 'passwd');
  const aclFile = join(dir, 'acl');
  // Readable by the broker's user only: hashes of machine secrets, still not for everyone.
  writeFileAtomically(passwordFile, renderPasswordFile([centre, ...users]), 0o600);
  writeFileAtomically(aclFile, renderAclFile(centreUser.username, users), 0o644);
  return { passwordFile, aclFile };
}

/** `user:$7$…` lines, one per user. */
export function renderPasswordFile(
  users: ReadonlyArray<{ username: string; mosquittoHash: string }>,
): string {
  return users.map((user) => `${user.username}:${user.mosquittoHash}\n`).join('');
}

/** A `user` block per broker user; anything not listed is denied (Mosquitto's default with an acl_file). */
export function renderAclFile(centreUsername: string, users: readonly BrokerUser[]): string {
  const lines = [
    '# Written by `vaultline-center broker-config`; regenerate rather than edit.',
    '# A gateway writes its own events/status/enrol/face and reads its own ack/cmd/plan; a vehicle writes its own pos.',
    '',
    `user ${centreUsername}`,
    'topic readwrite vl/v1/#',
  ];
  for (const user of users) {
    lines.push('', `user ${user.username}`);
    for (const topic of user.rights.write) lines.push(`topic write ${topic}`);
    for (const topic of user.rights.read) lines.push(`topic read ${topic}`);
  }
  return `${lines.join('\n')}\n`;
}

function brokerUsers(store: BrokerUserStore, centreUsername: string): BrokerUser[] {
  assertBrokerUserName(centreUsername, 'centre broker user');
  const gateways = store.gatewayCredentials.list().map((credential) => ({
    username: credential.gatewayId,
    mosquittoHash: credential.mosquittoHash,
    rights: gatewayRights(credential.gatewayId),
  }));
  const vehicles = store.vehicles.list().map((vehicle) => ({
    username: vehicle.vehicleId,
    mosquittoHash: vehicle.mosquittoHash,
    rights: vehicleRights(vehicle.vehicleId),
  }));
  const users = [...gateways, ...vehicles];
  const seen = new Set([centreUsername]);
  for (const user of users) {
    if (seen.has(user.username)) {
      throw new CredentialError(
        'BROKER_USER_TAKEN',
        `broker user "${user.username}" is registered twice (centre, gateway or vehicle); give each its own id`,
      );
    }
    seen.add(user.username);
  }
  return users;
}
