import { check } from '@vaultline/shared/contract/validate';
import { Epc } from '@vaultline/shared/plan/plan-schema';
import type { Clock } from '@vaultline/shared/time/clock';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { BrokerSecretHashes } from './broker-credential-repo.ts';
import { RegistryError, UnknownRecordError } from './registry-errors.ts';
import { vehicles } from './schema.ts';
import { atomic, type StoreDb } from './store-db.ts';

export interface RegisteredVehicle extends BrokerSecretHashes {
  vehicleId: string;
  plate: string;
  /** EPC of the vehicle's UHF tag (what branch readers see on arrival); null until recorded. */
  tagEpc: string | null;
  registeredAt: number;
}

/** Vehicle units allowed to publish positions, with their broker credential hashes and tag EPC. */
export class VehicleRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  /** Registers a vehicle, or replaces its plate and credential (rotation); a tag left out keeps the stored one. */
  register(
    vehicle: { vehicleId: string; plate: string; tagEpc?: string | null } & BrokerSecretHashes,
  ): RegisteredVehicle {
    return atomic(this.db, () => {
      if (vehicle.tagEpc) this.assertTagFree(vehicle.vehicleId, vehicle.tagEpc);
      const { tagEpc, ...given } = vehicle;
      const changes = {
        plate: given.plate,
        passwordHash: given.passwordHash,
        mosquittoHash: given.mosquittoHash,
      };
      this.db
        .insert(vehicles)
        .values({ ...given, tagEpc: tagEpc ?? null, registeredAt: this.clock.now() })
        .onConflictDoUpdate({
          target: vehicles.vehicleId,
          set: { ...changes, registeredAt: this.clock.now(), ...(tagEpc === undefined ? {} : { tagEpc }) },
        })
        .run();
      return this.get(vehicle.vehicleId)!;
    });
  }

  /** Records (or clears, with null) the EPC of a registered vehicle's tag; one tag belongs to one vehicle. */
  setTagEpc(vehicleId: string, tagEpc: string | null): void {
    atomic(this.db, () => {
      if (!this.get(vehicleId)) {
        throw new UnknownRecordError(
          'vehicle',
          vehicleId,
          'register it (`vaultline-center vehicle add`) first',
        );
      }
      if (tagEpc !== null) this.assertTagFree(vehicleId, tagEpc);
      this.db.update(vehicles).set({ tagEpc }).where(eq(vehicles.vehicleId, vehicleId)).run();
    });
  }

  get(vehicleId: string): RegisteredVehicle | undefined {
    return this.db.select().from(vehicles).where(eq(vehicles.vehicleId, vehicleId)).get();
  }

  list(): RegisteredVehicle[] {
    return this.db.select().from(vehicles).orderBy(asc(vehicles.vehicleId)).all();
  }

  private assertTagFree(vehicleId: string, tagEpc: string): void {
    if (!check(Epc, tagEpc).ok) {
      throw new RegistryError(
        'TAG_EPC',
        `tag EPC "${tagEpc}" of vehicle ${vehicleId} is not an EPC: give 8–124 uppercase hex digits, as the reader prints it`,
      );
    }
    const owner = this.db
      .select({ vehicleId: vehicles.vehicleId })
      .from(vehicles)
      .where(and(eq(vehicles.tagEpc, tagEpc), ne(vehicles.vehicleId, vehicleId)))
      .get();
    if (owner) {
      throw new RegistryError(
        'TAG_EPC_TAKEN',
        `tag ${tagEpc} is already on vehicle ${owner.vehicleId}; clear it there first if the tag moved`,
      );
    }
  }
}
