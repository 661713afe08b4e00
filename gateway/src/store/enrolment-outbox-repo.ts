import type { EnrolPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { and, asc, count, desc, eq, isNull } from 'drizzle-orm';
import { enrolmentOutbox } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export type EnrolmentOutcome = 'stored' | 'refused';

export interface QueuedEnrolment {
  enrolmentId: string;
  personId: string;
  slot: number;
  /** The `enrol` message; its template is JWE-encrypted to the centre. */
  payload: EnrolPayload;
  createdAt: number;
  sentAt?: number;
  settledAt?: number;
  outcome?: EnrolmentOutcome;
  reason?: string;
}

/**
 * Branch enrolments on their way to the centre. The queue is durable: a message written with its
 * `person.enrolled` event survives restarts and outages, and leaves the queue only when the centre says it
 * stored or refused the template.
 */
export class EnrolmentOutboxRepo {
  constructor(private readonly db: StoreDb) {}

  insert(entry: { payload: EnrolPayload; createdAt: number }): void {
    const { payload } = entry;
    this.db
      .insert(enrolmentOutbox)
      .values({
        enrolmentId: payload.enrolmentId,
        personId: payload.personId,
        slot: payload.slot,
        payload: JSON.stringify(payload),
        createdAt: entry.createdAt,
      })
      .run();
  }

  get(enrolmentId: string): QueuedEnrolment | undefined {
    const row = this.db
      .select()
      .from(enrolmentOutbox)
      .where(eq(enrolmentOutbox.enrolmentId, enrolmentId))
      .get();
    return row ? toEntry(row) : undefined;
  }

  /** Not yet settled by the centre, oldest first. */
  unsettled(): QueuedEnrolment[] {
    return this.db
      .select()
      .from(enrolmentOutbox)
      .where(isNull(enrolmentOutbox.settledAt))
      .orderBy(asc(enrolmentOutbox.createdAt))
      .all()
      .map(toEntry);
  }

  /** The most recent enrolments, newest first (the kiosk's list). */
  recent(limit: number): QueuedEnrolment[] {
    return this.db
      .select()
      .from(enrolmentOutbox)
      .orderBy(desc(enrolmentOutbox.createdAt))
      .limit(limit)
      .all()
      .map(toEntry);
  }

  markSent(enrolmentId: string, at: number): void {
    this.db
      .update(enrolmentOutbox)
      .set({ sentAt: at })
      .where(eq(enrolmentOutbox.enrolmentId, enrolmentId))
      .run();
  }

  /** Records the centre's answer once; returns false for an unknown or already settled enrolment. */
  settle(enrolmentId: string, outcome: EnrolmentOutcome, at: number, reason?: string): boolean {
    const result = this.db
      .update(enrolmentOutbox)
      .set({ settledAt: at, outcome, reason: reason ?? null })
      .where(and(eq(enrolmentOutbox.enrolmentId, enrolmentId), isNull(enrolmentOutbox.settledAt)))
      .run();
    return result.changes > 0;
  }

  unsettledCount(): number {
    return (
      this.db.select({ n: count() }).from(enrolmentOutbox).where(isNull(enrolmentOutbox.settledAt)).get()
        ?.n ?? 0
    );
  }
}

function toEntry(row: typeof enrolmentOutbox.$inferSelect): QueuedEnrolment {
  return {
    enrolmentId: row.enrolmentId,
    personId: row.personId,
    slot: row.slot,
    payload: JSON.parse(row.payload) as EnrolPayload,
    createdAt: row.createdAt,
    ...(row.sentAt === null ? {} : { sentAt: row.sentAt }),
    ...(row.settledAt === null ? {} : { settledAt: row.settledAt }),
    ...(row.outcome === null ? {} : { outcome: row.outcome as EnrolmentOutcome }),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}
