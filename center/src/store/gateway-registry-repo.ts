import { publicKeyFromPem, publicKeyToPem } from '@vaultline/shared/crypto/keys';
import type { Clock } from '@vaultline/shared/time/clock';
import { asc, eq, sql } from 'drizzle-orm';
import type { GatewayRegistry, RegisteredGateway } from '../ports.ts';
import { UnknownRecordError } from './registry-errors.ts';
import { gateways } from './schema.ts';
import type { StoreDb } from './store-db.ts';

type GatewayRow = typeof gateways.$inferSelect;

/** The gateways allowed to send events, the key each one signs with, and the key templates go to. */
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
    const row = this.byId.get({ gatewayId });
    return row ? toRegistered(row) : undefined;
  }

  list(): RegisteredGateway[] {
    return this.db.select().from(gateways).orderBy(asc(gateways.gatewayId)).all().map(toRegistered);
  }

  /**
   * Registers a gateway, or re-provisions one (new site or key). A new key only verifies events signed
   * after the change: the stored chain keeps the envelopes verified under the old key. An encryption key
   * left out keeps the one stored.
   */
  register(gateway: Omit<RegisteredGateway, 'registeredAt'> & { registeredAt?: number }): void {
    const encryptionPublicKey =
      gateway.encryptionPublicKey === undefined
        ? undefined
        : normalisedEncryptionKey(gateway.encryptionPublicKey);
    const row = {
      gatewayId: gateway.gatewayId,
      siteId: gateway.siteId,
      publicKey: gateway.publicKey,
      encryptionPublicKey: encryptionPublicKey ?? null,
      registeredAt: gateway.registeredAt ?? this.clock.now(),
    };
    this.db
      .insert(gateways)
      .values(row)
      .onConflictDoUpdate({
        target: gateways.gatewayId,
        set: {
          siteId: row.siteId,
          publicKey: row.publicKey,
          ...(encryptionPublicKey === undefined ? {} : { encryptionPublicKey }),
        },
      })
      .run();
  }

  /** Records the X25519 public key (SPKI PEM) a registered gateway decrypts its templates with. */
  setEncryptionPublicKey(gatewayId: string, pem: string): void {
    const key = normalisedEncryptionKey(pem);
    const changed = this.db
      .update(gateways)
      .set({ encryptionPublicKey: key })
      .where(eq(gateways.gatewayId, gatewayId))
      .run().changes;
    if (changed === 0) {
      throw new UnknownRecordError(
        'gateway',
        gatewayId,
        'register it (`vaultline-center gateway add`) first',
      );
    }
  }
}

/** Refuses anything but an X25519 public key (KeyFileError), and stores it in one canonical PEM form. */
function normalisedEncryptionKey(pem: string): string {
  return publicKeyToPem(publicKeyFromPem(pem, 'x25519', 'gateway encryption public key'));
}

function toRegistered(row: GatewayRow): RegisteredGateway {
  const { encryptionPublicKey, ...rest } = row;
  return encryptionPublicKey === null ? rest : { ...rest, encryptionPublicKey };
}
