import type { KeyObject } from 'node:crypto';
import type { EventType } from '@vaultline/shared/contract/event-bodies';
import { createEnvelope } from '@vaultline/shared/contract/event-chain';
import { type EventEnvelope, GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import type { Clock } from '@vaultline/shared/time/clock';
import { and, asc, count, desc, eq, gt, gte, isNull, lte, min, sql, sum } from 'drizzle-orm';
import { events } from './schema.ts';
import { atomic, type StoreDb } from './store-db.ts';
import { StoreError } from './store-errors.ts';

export interface EventItem {
  type: EventType;
  body: Record<string, unknown>;
  /** When it happened, epoch ms. */
  ts: number;
}

/** What signs this gateway's events: its id, its Ed25519 private key and the ULID generator. */
export interface EventSigner {
  gatewayId: string;
  privateKey: KeyObject;
  newId: () => string;
}

/** The outbox's unsent part, reported in the gateway's status (DESIGN §7). */
export interface Backlog {
  count: number;
  /** `ts` of the oldest unacknowledged event, epoch ms; null when nothing waits. */
  oldestTs: number | null;
  /** UTF-8 size of the unacknowledged envelopes. */
  bytes: number;
}

/** `priority` column: alarms leave the outbox ahead of any backlog (DESIGN §7). */
const ALARM_PRIORITY = 0;
const NORMAL_PRIORITY = 1;
/** Rows read per query by `all()`, so a long chain is walked without holding it all in memory. */
const PAGE = 500;

/**
 * The gateway's signed event chain and durable outbox (one table). `append` belongs in the same
 * `store.transaction` as the state change it records, so a crash keeps both or neither.
 */
export class EventLog {
  private readonly head;
  private readonly insert;

  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {
    this.head = db
      .select({
        seq: events.seq,
        hash: events.hash,
        gw: sql<string>`json_extract(${events.envelope}, '$.gw')`,
      })
      .from(events)
      .orderBy(desc(events.seq))
      .limit(1)
      .prepare();
    this.insert = db
      .insert(events)
      .values({
        seq: sql.placeholder('seq'),
        id: sql.placeholder('id'),
        type: sql.placeholder('type'),
        ts: sql.placeholder('ts'),
        hash: sql.placeholder('hash'),
        priority: sql.placeholder('priority'),
        bytes: sql.placeholder('bytes'),
        envelope: sql.placeholder('envelope'),
      })
      .prepare();
  }

  /** Signs and stores `items` as the next links of the chain; returns the envelopes as stored. */
  append(items: readonly EventItem[], signer: EventSigner): EventEnvelope[] {
    if (items.length === 0) return [];
    return atomic(this.db, () => {
      const head = this.head.get();
      if (head && head.gw !== signer.gatewayId) {
        throw new StoreError(
          'GATEWAY_MISMATCH',
          `this store holds the chain of gateway ${head.gw}, not ${signer.gatewayId}; use that gateway's identity or a new store file`,
        );
      }
      let seq = head?.seq ?? 0;
      let prev = head?.hash ?? GENESIS_HASH;
      const appended: EventEnvelope[] = [];
      for (const item of items) {
        seq += 1;
        const envelope = createEnvelope(
          {
            gw: signer.gatewayId,
            seq,
            prev,
            ts: new Date(item.ts).toISOString(),
            type: item.type,
            body: item.body,
            id: signer.newId(),
          },
          signer.privateKey,
        );
        const json = JSON.stringify(envelope);
        this.insert.run({
          seq,
          id: envelope.id,
          type: envelope.type,
          ts: Date.parse(envelope.ts),
          hash: envelope.hash,
          priority: isAlarm(envelope.type) ? ALARM_PRIORITY : NORMAL_PRIORITY,
          bytes: Buffer.byteLength(json),
          envelope: json,
        });
        prev = envelope.hash;
        appended.push(envelope);
      }
      return appended;
    });
  }

  /** Seq of the newest event; 0 for an empty chain. */
  lastSeq(): number {
    return this.head.get()?.seq ?? 0;
  }

  /** Hash of the newest event; GENESIS_HASH for an empty chain. */
  lastHash(): string {
    return this.head.get()?.hash ?? GENESIS_HASH;
  }

  get(seq: number): EventEnvelope | undefined {
    const row = this.db.select({ envelope: events.envelope }).from(events).where(eq(events.seq, seq)).get();
    return row ? parse(row.envelope) : undefined;
  }

  /** Events with `fromSeq ≤ seq ≤ toSeq` (to the newest when `toSeq` is left out), by seq: gap repair. */
  range(fromSeq: number, toSeq?: number): EventEnvelope[] {
    const upper = toSeq === undefined ? undefined : lte(events.seq, toSeq);
    return this.db
      .select({ envelope: events.envelope })
      .from(events)
      .where(and(gte(events.seq, fromSeq), upper))
      .orderBy(asc(events.seq))
      .all()
      .map((row) => parse(row.envelope));
  }

  /**
   * Up to `limit` events the centre has not acknowledged: alarm.raised / alarm.cleared first (by seq),
   * then the rest by seq (DESIGN §7 "alarms ahead of any backlog"); plain seq order with `alarmsFirst: false`.
   */
  unacked(options: { limit: number; alarmsFirst?: boolean }): EventEnvelope[] {
    const order = options.alarmsFirst === false ? [asc(events.seq)] : [asc(events.priority), asc(events.seq)];
    return this.db
      .select({ envelope: events.envelope })
      .from(events)
      .where(isNull(events.ackedAt))
      .orderBy(...order)
      .limit(options.limit)
      .all()
      .map((row) => parse(row.envelope));
  }

  /**
   * Marks every event with seq ≤ `seq` as stored by the centre (its `{"upToSeq": n}`). Idempotent; rows
   * stay in the chain. Returns how many events were newly acknowledged.
   */
  ackUpTo(seq: number): number {
    const result = this.db
      .update(events)
      .set({ ackedAt: this.clock.now() })
      .where(and(lte(events.seq, seq), isNull(events.ackedAt)))
      .run();
    return result.changes;
  }

  backlog(): Backlog {
    const row = this.db
      .select({ count: count(), oldestTs: min(events.ts), bytes: sum(events.bytes) })
      .from(events)
      .where(isNull(events.ackedAt))
      .get();
    return { count: row?.count ?? 0, oldestTs: row?.oldestTs ?? null, bytes: Number(row?.bytes ?? 0) };
  }

  /**
   * Every stored event by seq, read page by page after the last seq seen, so a verifier also walks past
   * a gap (which it must report) and a long chain never sits in memory at once.
   */
  *all(): Generator<EventEnvelope> {
    let after = 0;
    for (;;) {
      const rows = this.db
        .select({ seq: events.seq, envelope: events.envelope })
        .from(events)
        .where(gt(events.seq, after))
        .orderBy(asc(events.seq))
        .limit(PAGE)
        .all();
      for (const row of rows) yield parse(row.envelope);
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = last.seq;
    }
  }
}

function isAlarm(type: EventType): boolean {
  return type === 'alarm.raised' || type === 'alarm.cleared';
}

function parse(json: string): EventEnvelope {
  return JSON.parse(json) as EventEnvelope;
}
