import { and, asc, count, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { events, faceOutbox } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export type FaceOutcome = 'stored' | 'refused';

/** A hand-over's face capture waiting for the centre; the JPEG stays in `FaceCaptureRepo`. */
export interface QueuedFace {
  captureId: string;
  handoverId: string;
  personId?: string;
  /** seq of its signed `face.captured` event. */
  eventSeq: number;
  createdAt: number;
  sentAt?: number;
  settledAt?: number;
  outcome?: FaceOutcome;
  reason?: string;
}

/**
 * Face captures on their way to the centre. Durable: a row written with its `face.captured` event
 * survives restarts and outages, and leaves the queue only when the centre says it stored or refused the
 * capture, or when the retention period deletes the capture first (`drop`).
 */
export class FaceOutboxRepo {
  constructor(private readonly db: StoreDb) {}

  enqueue(entry: Omit<QueuedFace, 'sentAt' | 'settledAt' | 'outcome' | 'reason'>): void {
    this.db
      .insert(faceOutbox)
      .values({ ...entry, personId: entry.personId ?? null })
      .onConflictDoNothing()
      .run();
  }

  get(captureId: string): QueuedFace | undefined {
    const row = this.db.select().from(faceOutbox).where(eq(faceOutbox.captureId, captureId)).get();
    return row ? toEntry(row) : undefined;
  }

  /** Not yet settled by the centre, in chain order. */
  unsettled(): QueuedFace[] {
    return this.db
      .select()
      .from(faceOutbox)
      .where(isNull(faceOutbox.settledAt))
      .orderBy(asc(faceOutbox.eventSeq))
      .all()
      .map(toEntry);
  }

  /**
   * Unsettled captures whose `face.captured` the centre has acknowledged, in chain order: a capture goes
   * after its event (alarms and records first), and the centre can check it against the chain at once.
   */
  deliverable(): QueuedFace[] {
    return this.db
      .select({ row: faceOutbox })
      .from(faceOutbox)
      .innerJoin(events, eq(events.seq, faceOutbox.eventSeq))
      .where(and(isNull(faceOutbox.settledAt), isNotNull(events.ackedAt)))
      .orderBy(asc(faceOutbox.eventSeq))
      .all()
      .map(({ row }) => toEntry(row));
  }

  markSent(captureId: string, at: number): void {
    this.db.update(faceOutbox).set({ sentAt: at }).where(eq(faceOutbox.captureId, captureId)).run();
  }

  /** Records the centre's answer once; returns false for an unknown or already settled capture. */
  settle(captureId: string, outcome: FaceOutcome, at: number, reason?: string): boolean {
    const result = this.db
      .update(faceOutbox)
      .set({ settledAt: at, outcome, reason: reason ?? null })
      .where(and(eq(faceOutbox.captureId, captureId), isNull(faceOutbox.settledAt)))
      .run();
    return result.changes > 0;
  }

  /**
   * Takes these captures out of the queue (their JPEG was deleted): returns the ids that were still
   * waiting for the centre, which will now never reach it.
   */
  drop(captureIds: readonly string[]): string[] {
    if (captureIds.length === 0) return [];
    return this.db
      .delete(faceOutbox)
      .where(inArray(faceOutbox.captureId, [...captureIds]))
      .returning({ captureId: faceOutbox.captureId, settledAt: faceOutbox.settledAt })
      .all()
      .filter((row) => row.settledAt === null)
      .map((row) => row.captureId);
  }

  unsettledCount(): number {
    return this.db.select({ n: count() }).from(faceOutbox).where(isNull(faceOutbox.settledAt)).get()?.n ?? 0;
  }
}

function toEntry(row: typeof faceOutbox.$inferSelect): QueuedFace {
  return {
    captureId: row.captureId,
    handoverId: row.handoverId,
    ...(row.personId === null ? {} : { personId: row.personId }),
    eventSeq: row.eventSeq,
    createdAt: row.createdAt,
    ...(row.sentAt === null ? {} : { sentAt: row.sentAt }),
    ...(row.settledAt === null ? {} : { settledAt: row.settledAt }),
    ...(row.outcome === null ? {} : { outcome: row.outcome as FaceOutcome }),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}
