import type { Clock } from '@vaultline/shared/time/clock';
import { asc, eq } from 'drizzle-orm';
import type { SiteKind, SiteRecord, SiteRegistry } from '../registry/registry-ports.ts';
import { checkSite } from './registry-input.ts';
import { sites } from './schema.ts';
import type { StoreDb } from './store-db.ts';

type SiteRow = typeof sites.$inferSelect;

/** Vaults and branches: where gateways stand, runs stop and staff work. Sites are never deleted. */
export class SiteRepo implements SiteRegistry {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  get(siteId: string): SiteRecord | undefined {
    const row = this.db.select().from(sites).where(eq(sites.siteId, siteId)).get();
    return row && toRecord(row);
  }

  list(): SiteRecord[] {
    return this.db.select().from(sites).orderBy(asc(sites.siteId)).all().map(toRecord);
  }

  /** Creates or updates a site; throws `ValidationError` (every problem listed) for a bad one. */
  save(site: SiteRecord): void {
    const checked = checkSite(site);
    const now = this.clock.now();
    const particulars = {
      name: checked.name,
      kind: checked.kind,
      lat: checked.position.lat,
      lon: checked.position.lon,
      geofenceM: checked.geofenceM,
      updatedAt: now,
    };
    this.db
      .insert(sites)
      .values({ siteId: checked.siteId, ...particulars, createdAt: now })
      .onConflictDoUpdate({ target: sites.siteId, set: particulars })
      .run();
  }
}

function toRecord(row: SiteRow): SiteRecord {
  return {
    siteId: row.siteId,
    name: row.name,
    kind: row.kind as SiteKind,
    position: { lat: row.lat, lon: row.lon },
    geofenceM: row.geofenceM,
  };
}
