import type { Clock } from '@vaultline/shared/time/clock';
import { asc, eq } from 'drizzle-orm';
import type { BrokerSecretHashes } from './broker-credential-repo.ts';
import { vehicles } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export interface RegisteredVehicle extends BrokerSecretHashes {
  vehicleId: string;
  plate: string;
  /** EPC of the vehicle's UHF tag (what branch readers see on arrival); null until recorded. */
  tagEpc: string | null;
  registeredAt: number;
}

/** Vehicle units allowed to publish positions, with their broker credential hashes. */
export class VehicleRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  /** Registers a vehicle, or replaces its plate and credential (rotation). */
  register(
    vehicle: { vehicleId: string; plate: string; tagEpc?: string | null } & BrokerSecretHashes,
  ): RegisteredVehicle {
    const row = { ...vehicle, tagEpc: vehicle.tagEpc ?? null, registeredAt: this.clock.now() };
    const { vehicleId: _id, ...changes } = row;
    this.db
      .insert(vehicles)
      .values(row)
      .onConflictDoUpdate({ target: vehicles.vehicleId, set: changes })
      .run();
    return row;
  }

  get(vehicleId: string): RegisteredVehicle | undefined {
    return this.db.select().from(vehicles).where(eq(vehicles.vehicleId, vehicleId)).get();
  }

  list(): RegisteredVehicle[] {
    return this.db.select().from(vehicles).orderBy(asc(vehicles.vehicleId)).all();
  }
}
