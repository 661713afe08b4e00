import type { Clock } from '@vaultline/shared/time/clock';
import { and, desc, eq } from 'drizzle-orm';
import { dayPlans } from './schema.ts';
import { atomic, parseJson, type StoreDb } from './store-db.ts';
import { PlanVersionError } from './store-errors.ts';

export interface StoredDayPlan<P = unknown> {
  /** `YYYY-MM-DD`. */
  date: string;
  version: number;
  /** The full day's runs. */
  plan: P;
  savedAt: number;
}

/** Each day's dispatch plan, every version kept; versions only go up (DESIGN §7: no downgrade). */
export class DayPlanRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  /** Stores `plan` as `version` of `date`; a version not above the current one is a `PlanVersionError`. */
  save<P>(date: string, version: number, plan: P): StoredDayPlan<P> {
    return atomic(this.db, () => {
      const current = this.currentVersion(date);
      if (current !== undefined && version <= current) throw new PlanVersionError(date, version, current);
      const stored = { date, version, plan, savedAt: this.clock.now() };
      this.db
        .insert(dayPlans)
        .values({ date, version, planJson: JSON.stringify(plan), savedAt: stored.savedAt })
        .run();
      return stored;
    });
  }

  /** The highest version for `date`, or a given version. */
  get<P = unknown>(date: string, version?: number): StoredDayPlan<P> | undefined {
    const row = this.db
      .select()
      .from(dayPlans)
      .where(and(eq(dayPlans.date, date), version === undefined ? undefined : eq(dayPlans.version, version)))
      .orderBy(desc(dayPlans.version))
      .limit(1)
      .get();
    if (!row) return undefined;
    return { date: row.date, version: row.version, plan: parseJson<P>(row.planJson), savedAt: row.savedAt };
  }

  /** Every version stored for `date`, lowest first. */
  versions(date: string): number[] {
    return this.db
      .select({ version: dayPlans.version })
      .from(dayPlans)
      .where(eq(dayPlans.date, date))
      .orderBy(dayPlans.version)
      .all()
      .map((row) => row.version);
  }

  private currentVersion(date: string): number | undefined {
    return this.db
      .select({ version: dayPlans.version })
      .from(dayPlans)
      .where(eq(dayPlans.date, date))
      .orderBy(desc(dayPlans.version))
      .limit(1)
      .get()?.version;
  }
}
