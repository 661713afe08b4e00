import { type EventEnvelope, GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import type { Clock } from '@vaultline/shared/time/clock';
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { ChainHead, EventStore } from '../ports.ts';
import { chainHeads, events } from './schema.ts';
import { atomic, parseJson, type StoreDb } from './store-db.ts';
import { ChainForkError, ChainLinkError } from './store-errors.ts';

/** Rows `byType` returns when the caller sets no limit, so an API query never loads a whole year. */
const DEFAULT_LIMIT = 1_000;

/**
 * Every gateway's verified chain. Ingest verifies before it appends; this repository still refuses
 * anything that does not extend the stored head, so no code path can store a gap or a second version of
 * a record.
 */
export class EventStoreRepo implements EventStore {
  private readonly selectHead;
  private readonly selectHash;
  private readonly selectEnvelope;
  private readonly insertEvent;
  private readonly upsertHead;

  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {
    const gatewayId = sql.placeholder('gatewayId');
    const seq = sql.placeholder('seq');
    this.selectHead = db.select().from(chainHeads).where(eq(chainHeads.gatewayId, gatewayId)).prepare();
    this.selectHash = db
      .select({ hash: events.hash })
      .from(events)
      .where(and(eq(events.gatewayId, gatewayId), eq(events.seq, seq)))
      .prepare();
    this.selectEnvelope = db
      .select({ envelope: events.envelope })
      .from(events)
      .where(and(eq(events.gatewayId, gatewayId), eq(events.seq, seq)))
      .prepare();
    this.insertEvent = db
      .insert(events)
      .values({
        gatewayId,
        seq,
        id: sql.placeholder('id'),
        type: sql.placeholder('type'),
        ts: sql.placeholder('ts'),
        hash: sql.placeholder('hash'),
        envelope: sql.placeholder('envelope'),
        receivedAt: sql.placeholder('receivedAt'),
      })
      .prepare();
    this.upsertHead = db
      .insert(chainHeads)
      .values({
        gatewayId,
        lastSeq: seq,
        lastHash: sql.placeholder('hash'),
        updatedAt: sql.placeholder('updatedAt'),
      })
      .onConflictDoUpdate({
        target: chainHeads.gatewayId,
        set: {
          lastSeq: sql`excluded.last_seq`,
          lastHash: sql`excluded.last_hash`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
      .prepare();
  }

  /**
   * Appends envelopes that extend the chain and moves the head, in one transaction. An envelope at or
   * below the head is a no-op when its hash matches the stored one, and a `ChainForkError` when it does
   * not; one that does not follow the head (seq + 1, prev = head hash) is a `ChainLinkError`. Either error
   * rolls back the whole call. Returns how many envelopes were new.
   */
  appendVerified(gatewayId: string, envelopes: EventEnvelope[], receivedAt: number): number {
    if (envelopes.length === 0) return 0;
    return atomic(this.db, () => {
      const head = this.head(gatewayId);
      let { lastSeq, lastHash } = head;
      let added = 0;
      for (const env of envelopes) {
        if (env.gw !== gatewayId) throw new ChainLinkError(gatewayId, env.seq, `it names gateway ${env.gw}`);
        if (env.seq <= lastSeq) {
          if (this.selectHash.get({ gatewayId, seq: env.seq })?.hash !== env.hash)
            throw new ChainForkError(gatewayId, env.seq);
          continue;
        }
        if (env.seq !== lastSeq + 1) throw new ChainLinkError(gatewayId, env.seq, `head is ${lastSeq}`);
        if (env.prev !== lastHash) throw new ChainLinkError(gatewayId, env.seq, 'prev is not the head hash');
        this.insertEvent.run({
          gatewayId,
          seq: env.seq,
          id: env.id,
          type: env.type,
          ts: Date.parse(env.ts),
          hash: env.hash,
          envelope: JSON.stringify(env),
          receivedAt,
        });
        lastSeq = env.seq;
        lastHash = env.hash;
        added += 1;
      }
      if (added > 0)
        this.upsertHead.run({ gatewayId, seq: lastSeq, hash: lastHash, updatedAt: this.clock.now() });
      return added;
    });
  }

  head(gatewayId: string): ChainHead {
    const row = this.selectHead.get({ gatewayId });
    if (!row) return { gatewayId, lastSeq: 0, lastHash: GENESIS_HASH, tampered: false };
    return { gatewayId, lastSeq: row.lastSeq, lastHash: row.lastHash, tampered: row.tampered };
  }

  /** Every gateway's head, by gateway id (for `GET /gateways`). */
  heads(): ChainHead[] {
    return this.db
      .select()
      .from(chainHeads)
      .orderBy(asc(chainHeads.gatewayId))
      .all()
      .map((row) => ({
        gatewayId: row.gatewayId,
        lastSeq: row.lastSeq,
        lastHash: row.lastHash,
        tampered: row.tampered,
      }));
  }

  markTampered(gatewayId: string): void {
    atomic(this.db, () => {
      const head = this.head(gatewayId);
      this.db
        .insert(chainHeads)
        .values({ ...head, tampered: true, updatedAt: this.clock.now() })
        .onConflictDoUpdate({
          target: chainHeads.gatewayId,
          set: { tampered: true, updatedAt: this.clock.now() },
        })
        .run();
    });
  }

  /**
   * The operator's decision after investigating a RECORD_TAMPERED: ingest resumes from the stored head.
   * The alarm and its resolution note are the record of why.
   */
  clearTampered(gatewayId: string): void {
    this.db
      .update(chainHeads)
      .set({ tampered: false, updatedAt: this.clock.now() })
      .where(eq(chainHeads.gatewayId, gatewayId))
      .run();
  }

  get(gatewayId: string, seq: number): EventEnvelope | undefined {
    const row = this.selectEnvelope.get({ gatewayId, seq });
    return row ? parseJson<EventEnvelope>(row.envelope) : undefined;
  }

  /** Stored envelopes of one gateway with `fromSeq ≤ seq ≤ toSeq`, by seq (audit, re-verification). */
  range(gatewayId: string, fromSeq: number, toSeq: number): EventEnvelope[] {
    return this.db
      .select({ envelope: events.envelope })
      .from(events)
      .where(and(eq(events.gatewayId, gatewayId), gte(events.seq, fromSeq), lte(events.seq, toSeq)))
      .orderBy(asc(events.seq))
      .all()
      .map((row) => parseJson<EventEnvelope>(row.envelope));
  }

  /** Events of a type, newest `ts` first; `since` is epoch ms on the envelope's `ts`. */
  /** A gateway's `face.captured` naming `captureId` (through the `events_face_capture` index). */
  faceCaptured(gatewayId: string, captureId: string): EventEnvelope | undefined {
    const row = this.db
      .select({ envelope: events.envelope })
      .from(events)
      .where(
        and(
          eq(events.gatewayId, gatewayId),
          // The same expression as the index, so SQLite uses it.
          sql`json_extract(envelope, '$.body.captureId') = ${captureId}`,
          sql`type = 'face.captured'`,
        ),
      )
      // No ORDER BY: sorting by seq would make SQLite walk the primary key instead. A chain names a
      // capture id once.
      .limit(1)
      .get();
    return row ? parseJson<EventEnvelope>(row.envelope) : undefined;
  }

  byType(type: string, filter: { gatewayId?: string; since?: number; limit?: number } = {}): EventEnvelope[] {
    return this.db
      .select({ envelope: events.envelope })
      .from(events)
      .where(
        and(
          eq(events.type, type),
          filter.gatewayId === undefined ? undefined : eq(events.gatewayId, filter.gatewayId),
          filter.since === undefined ? undefined : gte(events.ts, filter.since),
        ),
      )
      .orderBy(desc(events.ts), desc(events.seq))
      .limit(filter.limit ?? DEFAULT_LIMIT)
      .all()
      .map((row) => parseJson<EventEnvelope>(row.envelope));
  }
}
