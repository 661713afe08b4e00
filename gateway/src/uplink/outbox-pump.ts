import type { Logger } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { Clock, TimerHandle } from '@vaultline/shared/time/clock';
import { type EventBatch, encodeBatches, isAlarmEvent } from './event-batch.ts';
import { Throttle } from './throttle.ts';
import type { UplinkSettings } from './uplink-settings.ts';

/**
 * Acks are written to the outbox at most this often. Each write is a durable SQLite commit (an fsync, a
 * few ms): written per batch it would pace a catch-up; deferred, a crash only means the centre gets
 * the last few hundred ms of events again, which it drops as duplicates.
 */
const ACK_WRITE_INTERVAL_MS = 200;

/** The part of the gateway's EventLog (the durable outbox) the pump reads and acknowledges. */
export interface OutboxSource {
  unacked(options: { limit: number; alarmsFirst?: boolean }): EventEnvelope[];
  range(fromSeq: number, toSeq?: number): EventEnvelope[];
  ackUpTo(seq: number): number;
  lastSeq(): number;
}

/** What the centre's `ack` did: moved the outbox on, repeated an older ack, or named events never written. */
export type AckOutcome = 'progress' | 'stale' | 'beyond';

export type PumpSettings = Pick<
  UplinkSettings,
  'batchSize' | 'batchMaxBytes' | 'inFlightBatches' | 'ackTimeoutMs' | 'ackTimeoutMaxMs'
>;

/**
 * Drains the outbox to the centre while connected. Events go in seq order through a window of
 * `inFlightBatches` batches; alarms jump ahead of that stream (DESIGN §7). An event leaves the outbox
 * only on the centre's `ack` — never on the broker's PUBACK. Since alarms jump ahead, the highest seq
 * sent says nothing about what the centre holds: only its `upToSeq` is ever passed to `ackUpTo`.
 * Without ack progress for `ackTimeoutMs` everything unacknowledged is sent again; the centre dedups.
 */
export class OutboxPump {
  private online = false;
  /** Next seq of the in-order stream. */
  private cursor = 1;
  /** Highest `upToSeq` the centre acknowledged (read back from the outbox on each connection). */
  private acked = 0;
  /** Highest ack written to the outbox. */
  private written = 0;
  private readonly ackWriter: Throttle;
  /** Gap repair asked for by the centre: seqs below the stream's cursor to send again. */
  private repair: { next: number; to: number } | null = null;
  /** Alarms sent ahead of the stream since the last rewind; the stream skips them. */
  private readonly ahead = new Set<number>();
  private urgent: EventEnvelope[] = [];
  /** Highest seq of each in-order batch that the centre has not acknowledged yet. */
  private window: number[] = [];
  private ackTimer: TimerHandle | undefined;
  private silentRounds = 0;
  private lastAckAt: number | null = null;

  constructor(
    private readonly options: {
      source: OutboxSource;
      publish: (batch: EventBatch) => void;
      /** Called after acks were written to the outbox (its backlog changed). */
      acksWritten?: () => void;
      settings: PumpSettings;
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.ackWriter = new Throttle(options.clock, ACK_WRITE_INTERVAL_MS, () => this.writeAcks());
  }

  /** The connection is up and the gateway's `ack`/`cmd` subscriptions are in place. */
  connected(): void {
    this.online = true;
    this.silentRounds = 0;
    this.rewind();
    this.fill();
  }

  disconnected(): void {
    this.online = false;
    this.flushAcks();
    this.clearAckTimer();
    this.window = [];
    this.repair = null;
  }

  /** New events committed to the outbox: alarms go at once, the rest join the stream. */
  appended(envelopes: readonly EventEnvelope[]): void {
    if (!this.online) return;
    for (const envelope of envelopes) if (isAlarmEvent(envelope)) this.urgent.push(envelope);
    this.fill();
  }

  /** The centre's `{"upToSeq": n}`. */
  ack(upToSeq: number): AckOutcome {
    const { source, clock } = this.options;
    if (upToSeq > source.lastSeq()) return 'beyond';
    const before = this.window.length;
    this.window = this.window.filter((last) => last > upToSeq);
    let outcome: AckOutcome = 'stale';
    if (upToSeq > this.acked) {
      this.acked = upToSeq;
      this.ackWriter.request();
      this.lastAckAt = clock.now();
      for (const seq of this.ahead) if (seq <= upToSeq) this.ahead.delete(seq);
      if (this.cursor <= upToSeq) this.cursor = upToSeq + 1;
      outcome = 'progress';
    }
    if (outcome === 'progress' || this.window.length < before) {
      this.silentRounds = 0;
      this.clearAckTimer();
    }
    this.fill();
    return outcome;
  }

  /**
   * The centre's `{"cmd": "resend", "fromSeq", "toSeq"?}` (gap repair): those seqs go again, acknowledged
   * or not, and alarms that went ahead of the stream from `fromSeq` on are sent again in order.
   * Returns false when `fromSeq` names events this gateway never wrote.
   */
  resend(fromSeq: number, toSeq?: number): boolean {
    if (fromSeq > this.options.source.lastSeq()) return false;
    for (const seq of this.ahead) if (seq >= fromSeq) this.ahead.delete(seq);
    const to = Math.min(toSeq ?? Number.POSITIVE_INFINITY, this.cursor - 1);
    if (fromSeq <= to) {
      this.repair = this.repair
        ? { next: Math.min(this.repair.next, fromSeq), to: Math.max(this.repair.to, to) }
        : { next: fromSeq, to };
    }
    this.fill();
    return true;
  }

  /** For status and logs: what the centre acknowledged last, and when (null: not since start). */
  progress(): { ackedUpTo: number; lastAckAt: number | null; nextSeq: number; inFlightBatches: number } {
    return {
      // Before the first connection only the outbox knows; after it, the outbox may lag by a write.
      ackedUpTo: Math.max(this.acked, this.ackedInOutbox()),
      lastAckAt: this.lastAckAt,
      nextSeq: this.cursor,
      inFlightBatches: this.window.length,
    };
  }

  /** Starts over from the first unacknowledged event, the pending alarms first. */
  private rewind(): void {
    const { source, settings } = this.options;
    this.flushAcks();
    this.acked = this.ackedInOutbox();
    this.written = this.acked;
    this.cursor = this.acked + 1;
    this.window = [];
    this.repair = null;
    this.ahead.clear();
    this.urgent = source.unacked({ limit: settings.batchSize, alarmsFirst: true }).filter(isAlarmEvent);
  }

  private ackedInOutbox(): number {
    const { source } = this.options;
    const first = source.unacked({ limit: 1, alarmsFirst: false })[0];
    return first ? first.seq - 1 : source.lastSeq();
  }

  private fill(): void {
    if (!this.online) return;
    this.sendUrgent();
    while (this.window.length < this.options.settings.inFlightBatches && this.sendNext()) {
      // each round sends one in-order batch
    }
    this.armAckTimer();
  }

  private sendUrgent(): void {
    const due = this.urgent.filter((e) => e.seq >= this.cursor && !this.ahead.has(e.seq));
    this.urgent = [];
    if (due.length === 0) return;
    for (const batch of this.encode(due)) {
      for (const seq of batch.seqs) this.ahead.add(seq);
      this.options.publish(batch);
    }
  }

  /** Sends the next in-order batch (gap repair first); false when there is nothing left to send. */
  private sendNext(): boolean {
    const { source, settings } = this.options;
    if (this.repair) {
      const { next, to } = this.repair;
      const batch = this.encode(source.range(next, Math.min(to, next + settings.batchSize - 1)))[0];
      const last = batch?.seqs.at(-1) ?? to;
      this.repair = last >= to ? null : { next: last + 1, to };
      if (batch) this.publishInOrder(batch);
      return true;
    }
    const lastSeq = source.lastSeq();
    if (this.cursor > lastSeq) return false;
    const end = Math.min(lastSeq, this.cursor + settings.batchSize - 1);
    const due = source.range(this.cursor, end).filter((e) => !this.ahead.has(e.seq));
    const batch = this.encode(due)[0];
    // A batch cut short by the byte limit resumes after its last event; otherwise after the whole range
    // (alarms that went ahead included).
    this.cursor = batch && batch.seqs.length < due.length ? (batch.seqs.at(-1) as number) + 1 : end + 1;
    if (batch) this.publishInOrder(batch);
    return true;
  }

  private publishInOrder(batch: EventBatch): void {
    this.window.push(batch.seqs.at(-1) as number);
    this.options.publish(batch);
  }

  private encode(envelopes: readonly EventEnvelope[]): EventBatch[] {
    const { batchSize, batchMaxBytes } = this.options.settings;
    return encodeBatches(envelopes, { maxCount: batchSize, maxBytes: batchMaxBytes });
  }

  /** Writes the centre's latest ack to the outbox now (before a disconnection, a stop or a rewind). */
  flushAcks(): void {
    this.ackWriter.cancel();
    this.writeAcks();
  }

  private writeAcks(): void {
    if (this.acked <= this.written) return;
    this.options.source.ackUpTo(this.acked);
    this.written = this.acked;
    this.options.acksWritten?.();
  }

  private armAckTimer(): void {
    if (this.ackTimer !== undefined || !this.online) return;
    const outstanding = this.window.length > 0 || this.ahead.size > 0;
    if (!outstanding) return;
    const { ackTimeoutMs, ackTimeoutMaxMs } = this.options.settings;
    const wait = Math.min(ackTimeoutMaxMs, ackTimeoutMs * 2 ** Math.min(this.silentRounds, 30));
    this.ackTimer = this.options.clock.setTimeout(() => {
      this.ackTimer = undefined;
      this.silentRounds += 1;
      this.options.logger.warn(
        { ackedUpTo: this.acked, waitedMs: wait },
        'no ack from the centre in time; sending every unacknowledged event again (the centre drops duplicates)',
      );
      this.rewind();
      this.fill();
    }, wait);
  }

  private clearAckTimer(): void {
    if (this.ackTimer === undefined) return;
    this.options.clock.clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
  }
}
