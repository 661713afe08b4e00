import type { Clock } from '@vaultline/shared/time/clock';
import { asc, eq } from 'drizzle-orm';
import type { BoxRecord, BoxRegistry } from '../registry/registry-ports.ts';
import { UnknownRecordError } from './registry-errors.ts';
import { checkBox } from './registry-input.ts';
import { boxes, sites } from './schema.ts';
import { atomic, type StoreDb } from './store-db.ts';

type BoxRow = typeof boxes.$inferSelect;

/** Cash boxes by the EPC of their tag. A retired box stays for history but may not appear in a new plan. */
export class BoxRepo implements BoxRegistry {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  get(epc: string): BoxRecord | undefined {
    const row = this.db.select().from(boxes).where(eq(boxes.epc, epc)).get();
    return row && toRecord(row);
  }

  list(): BoxRecord[] {
    return this.db.select().from(boxes).orderBy(asc(boxes.epc)).all().map(toRecord);
  }

  /** Creates or updates a box, un-retiring it; its home site, if given, must be registered. */
  save(box: Omit<BoxRecord, 'retired'>): void {
    const checked = checkBox(box);
    const homeSiteId = checked.homeSiteId ?? null;
    atomic(this.db, () => {
      if (homeSiteId !== null && !this.db.select().from(sites).where(eq(sites.siteId, homeSiteId)).get()) {
        throw new UnknownRecordError(
          'site',
          homeSiteId,
          `add the site first, or save box ${checked.epc} without a home site`,
        );
      }
      this.db
        .insert(boxes)
        .values({ epc: checked.epc, label: checked.label, homeSiteId, createdAt: this.clock.now() })
        .onConflictDoUpdate({ target: boxes.epc, set: { label: checked.label, homeSiteId, retiredAt: null } })
        .run();
    });
  }

  /** Retires a box (idempotent: the first retirement time is kept). */
  retire(epc: string): void {
    atomic(this.db, () => {
      const box = this.get(epc);
      if (!box)
        throw new UnknownRecordError('box', epc, 'check the EPC (uppercase hex) against the box list');
      if (box.retired) return;
      this.db.update(boxes).set({ retiredAt: this.clock.now() }).where(eq(boxes.epc, epc)).run();
    });
  }
}

function toRecord(row: BoxRow): BoxRecord {
  return {
    epc: row.epc,
    label: row.label,
    ...(row.homeSiteId === null ? {} : { homeSiteId: row.homeSiteId }),
    retired: row.retiredAt !== null,
  };
}
