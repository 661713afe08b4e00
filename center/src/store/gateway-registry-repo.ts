import type { Clock } from '@vaultline/shared/time/clock';
import { asc, eq, sql } from 'drizzle-orm';
import type { GatewayRegistry, RegisteredGateway } from '../ports.ts';
import { gateways } from './schema.ts';
import type { StoreDb } from './store-db.ts';

/** The gateways allowed to send events and the key each one signs with. */
export class GatewayRegistryRepo implements GatewayRegistry {
  private readonly byId;

  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {
    this.byId = db
      .select()
      .from(gateways)
      .where(eq(gateways.gatewayId, sql.placeholder('gatewayId')))
      .prepare();
  }

  get(gatewayId: string): RegisteredGateway | undefined {
    return this.byId.get({ gatewayId }) ?? undefined;
  }

  list(): RegisteredGateway[] {
    return this.db.select().from(gateways).orderBy(asc(gateways.gatewayId)).all();
  }

  /**
   * Registers a gateway, or re-provisions one (new site or key). A new key only verifies events signed
   * after the change: the stored chain keeps the envelopes verified under the old key.
   */
  register(gateway: Omit<RegisteredGateway, 'registeredAt'> & { registeredAt?: number }): void {
    const row = {
      gatewayId: gateway.gatewayId,
      siteId: gateway.siteId,
      publicKey: gateway.publicKey,
      registeredAt: gateway.registeredAt ?? this.clock.now(),
    };
    this.db
      .insert(gateways)
      .values(row)
      .onConflictDoUpdate({
        target: gateways.gatewayId,
        set: { siteId: row.siteId, publicKey: row.publicKey },
      })
      .run();
  }
}
