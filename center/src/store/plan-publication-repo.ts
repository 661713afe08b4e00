import type { Clock } from '@vaultline/shared/time/clock';
import { and, asc, desc, eq } from 'drizzle-orm';
import { planPublications } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export interface PlanPublication {
  gatewayId: string;
  /** Service day, YYYY-MM-DD. */
  date: string;
  /** The day's plan version the bundle carries. */
  version: number;
  siteId: string;
  /** The signed bundle exactly as published (retained), so it can be published again unchanged. */
  jws: string;
  publishedAt: number;
}

/** Each signed site bundle published to a gateway; the highest version of a day is the one it holds. */
export class PlanPublicationRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  /** Records a publication; the same (gateway, day, version) again keeps the first record. */
  record(publication: Omit<PlanPublication, 'publishedAt'>): PlanPublication {
    const row = { ...publication, publishedAt: this.clock.now() };
    this.db.insert(planPublications).values(row).onConflictDoNothing().run();
    return row;
  }

  /** The newest publication of `date` to the gateway. */
  latest(gatewayId: string, date: string): PlanPublication | undefined {
    return this.db
      .select()
      .from(planPublications)
      .where(and(eq(planPublications.gatewayId, gatewayId), eq(planPublications.date, date)))
      .orderBy(desc(planPublications.version))
      .limit(1)
      .get();
  }

  /** The newest publication of `date` per gateway. */
  latestOfDay(date: string): Map<string, PlanPublication> {
    const rows = this.db
      .select()
      .from(planPublications)
      .where(eq(planPublications.date, date))
      .orderBy(asc(planPublications.version))
      .all();
    return new Map(rows.map((row) => [row.gatewayId, row]));
  }
}
