import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { desc, max } from 'drizzle-orm';
import { plans } from './schema.ts';
import { atomic, type StoreDb } from './store-db.ts';
import { PlanVersionError, StoreError } from './store-errors.ts';

export interface StoredPlan {
  version: number;
  /** The signed bundle (compact JWS) as received. */
  jws: string;
  plan: SitePlan;
  /** When this gateway accepted it, epoch ms. */
  acceptedAt: number;
}

/** Accepted site plans; the highest version is current, older ones stay as history. */
export class PlanRepo {
  constructor(private readonly db: StoreDb) {}

  current(): StoredPlan | null {
    const row = this.db.select().from(plans).orderBy(desc(plans.version)).limit(1).get();
    if (!row) return null;
    return {
      version: row.version,
      jws: row.jws,
      plan: JSON.parse(row.plan) as SitePlan,
      acceptedAt: row.acceptedAt,
    };
  }

  /**
   * Stores a verified plan as the current one. Refuses a version not above the stored one even though
   * the verifier checks first: a replayed or downgraded plan must never become current (DESIGN §9).
   */
  accept(stored: StoredPlan): void {
    if (stored.plan.version !== stored.version) {
      throw new StoreError(
        'PLAN_VERSION_MISMATCH',
        `plan ${stored.plan.planId} says version ${stored.plan.version} but is being stored as version ${stored.version}; store the version from the verified payload`,
      );
    }
    atomic(this.db, () => {
      const current =
        this.db
          .select({ version: max(plans.version) })
          .from(plans)
          .get()?.version ?? null;
      if (current !== null && stored.version <= current) throw new PlanVersionError(stored.version, current);
      this.db
        .insert(plans)
        .values({
          version: stored.version,
          planId: stored.plan.planId,
          jws: stored.jws,
          plan: JSON.stringify(stored.plan),
          acceptedAt: stored.acceptedAt,
        })
        .run();
    });
  }

  /** Every accepted version, newest first, without the bundles. */
  history(): Array<{ version: number; planId: string; acceptedAt: number }> {
    return this.db
      .select({ version: plans.version, planId: plans.planId, acceptedAt: plans.acceptedAt })
      .from(plans)
      .orderBy(desc(plans.version))
      .all();
  }
}
