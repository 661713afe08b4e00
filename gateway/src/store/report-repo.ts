import type { Clock } from '@vaultline/shared/time/clock';
import { eq } from 'drizzle-orm';
import { reports } from './schema.ts';
import { atomic, type StoreDb } from './store-db.ts';
import { StoreError } from './store-errors.ts';

export interface HandoverReport {
  handoverId: string;
  html: string;
  pdf: Uint8Array;
  /** Hash of the signed hand-over record the report renders. */
  recordHash: string;
}

/** Rendered hand-over reports, kept for reprinting. */
export class ReportRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores (or re-renders) the report of a hand-over. A report of the same hand-over for another record
   * hash is refused: a hand-over has exactly one record, so that would be a report of the wrong record.
   */
  save(report: HandoverReport): void {
    atomic(this.db, () => {
      const existing = this.db
        .select({ recordHash: reports.recordHash })
        .from(reports)
        .where(eq(reports.handoverId, report.handoverId))
        .get();
      if (existing && existing.recordHash !== report.recordHash) {
        throw new StoreError(
          'REPORT_RECORD_MISMATCH',
          `hand-over ${report.handoverId} already has a report of record ${existing.recordHash}; render the report from that record`,
        );
      }
      const values = {
        html: report.html,
        pdf: Buffer.from(report.pdf.buffer, report.pdf.byteOffset, report.pdf.byteLength),
        recordHash: report.recordHash,
        savedAt: this.clock.now(),
      };
      this.db
        .insert(reports)
        .values({ handoverId: report.handoverId, ...values })
        .onConflictDoUpdate({ target: reports.handoverId, set: values })
        .run();
    });
  }

  get(handoverId: string): (HandoverReport & { savedAt: number }) | null {
    return this.db.select().from(reports).where(eq(reports.handoverId, handoverId)).get() ?? null;
  }
}
