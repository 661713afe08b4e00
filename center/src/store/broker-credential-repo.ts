import type { Clock } from '@vaultline/shared/time/clock';
import { asc, eq } from 'drizzle-orm';
import { gatewayCredentials, gateways } from './schema.ts';
import type { StoreDb } from './store-db.ts';
import { CredentialError } from './store-errors.ts';

/**
 * A broker password, hashed for both brokers: `passwordHash` (scrypt) is what the embedded broker checks,
 * `mosquittoHash` (`$7$…`, PBKDF2-SHA512) goes into a Mosquitto password file. The secret itself is shown
 * once at registration and never stored.
 */
export interface BrokerSecretHashes {
  passwordHash: string;
  mosquittoHash: string;
}

export interface GatewayCredential extends BrokerSecretHashes {
  gatewayId: string;
  createdAt: number;
}

/** Per-gateway broker credentials (DESIGN §9: a gateway can publish only under its own topic). */
export class GatewayCredentialRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  /** Sets (or replaces: rotation) the credential of a registered gateway. */
  set(gatewayId: string, hashes: BrokerSecretHashes): GatewayCredential {
    const known = this.db
      .select({ id: gateways.gatewayId })
      .from(gateways)
      .where(eq(gateways.gatewayId, gatewayId))
      .get();
    if (!known) {
      throw new CredentialError(
        'GATEWAY_NOT_REGISTERED',
        `gateway ${gatewayId} is not registered; register it (id, site, public key) before issuing broker credentials`,
      );
    }
    const row = { gatewayId, ...hashes, createdAt: this.clock.now() };
    this.db
      .insert(gatewayCredentials)
      .values(row)
      .onConflictDoUpdate({
        target: gatewayCredentials.gatewayId,
        set: { ...hashes, createdAt: row.createdAt },
      })
      .run();
    return row;
  }

  get(gatewayId: string): GatewayCredential | undefined {
    return this.db.select().from(gatewayCredentials).where(eq(gatewayCredentials.gatewayId, gatewayId)).get();
  }

  list(): GatewayCredential[] {
    return this.db.select().from(gatewayCredentials).orderBy(asc(gatewayCredentials.gatewayId)).all();
  }
}
