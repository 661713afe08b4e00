import type { Clock } from '@vaultline/shared/time/clock';
import { eq, sql } from 'drizzle-orm';
import type { EngineState } from '../handover/handover-types.ts';
import { engineState } from './schema.ts';
import type { StoreDb } from './store-db.ts';
import { StoreError } from './store-errors.ts';

/** The only `EngineState.v` this engine reads. */
const STATE_VERSION: EngineState['v'] = 1;
/** The table holds one row (a CHECK constraint enforces it). */
const ROW_ID = 1;

/** The hand-over engine's state, saved after every step in the same transaction as the step's events. */
export class EngineStateRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  /** The last saved state; null before the engine's first step. */
  load(): EngineState | null {
    const row = this.db.select().from(engineState).where(eq(engineState.id, ROW_ID)).get();
    if (!row) return null;
    if (row.version !== STATE_VERSION) {
      throw new StoreError(
        'ENGINE_STATE_VERSION',
        `the stored hand-over state is version ${row.version}, this gateway reads version ${STATE_VERSION}; run the gateway version that wrote it to finish the hand-over`,
      );
    }
    return JSON.parse(row.state) as EngineState;
  }

  save(state: EngineState): void {
    const values = { version: state.v, state: JSON.stringify(state), savedAt: this.clock.now() };
    this.db
      .insert(engineState)
      .values({ id: ROW_ID, revision: 1, ...values })
      .onConflictDoUpdate({
        target: engineState.id,
        set: { ...values, revision: sql`${engineState.revision} + 1` },
      })
      .run();
  }

  /** How many times the state was saved: a cheap progress counter for status and tests. */
  revision(): number {
    return this.db.select({ revision: engineState.revision }).from(engineState).get()?.revision ?? 0;
  }
}
