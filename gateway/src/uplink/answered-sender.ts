import type { Clock, Logger, TimerHandle } from '@vaultline/shared';
import type { OtherCommand } from './mqtt-uplink.ts';

/** The part of the uplink a sender uses (MqttUplink). */
export interface SenderUplink {
  publishOwn(topic: string, payload: string): Promise<boolean>;
  onConnected(listener: () => void): () => void;
  onCommand(listener: (cmd: OtherCommand) => void): () => void;
}

export type AnswerOutcome = 'stored' | 'refused';

/** A centre command about one queued message: send it again, or its final answer. */
export type SenderCommand =
  | { resend: string }
  | { settle: string; outcome: AnswerOutcome; reason: string | undefined };

/** The durable queue a sender drains (a repository); entries are identified by `idOf`. */
export interface AnsweredOutbox<E> {
  get(id: string): E | undefined;
  markSent(id: string, at: number): void;
  /** Records the centre's answer once; false for an unknown or already settled entry. */
  settle(id: string, outcome: AnswerOutcome, at: number, reason?: string): boolean;
}

export interface AnsweredSenderOptions<E extends { sentAt?: number }> {
  /** What the messages are, for the logs ("enrolment", "face capture"). */
  what: string;
  topic: string;
  outbox: AnsweredOutbox<E>;
  /** Unsettled entries that may go now, oldest first. */
  sendable(): E[];
  idOf(entry: E): string;
  /** The payload of an entry, or undefined when it can no longer be sent (`discard` is then called). */
  payloadOf(entry: E): string | undefined;
  discard?(entry: E): void;
  /** Reads the centre's commands that concern this queue; undefined for the others. */
  command(cmd: OtherCommand): SenderCommand | undefined;
  /** Said in the log when the centre refuses one for good (what to do about it). */
  refusedHint: string;
  /** null: an offline-only gateway; messages wait in the queue. */
  uplink: SenderUplink | null;
  clock: Clock;
  logger: Logger;
  /** A message the centre has not answered goes again after this long, ms (default 60 s). */
  retryMs?: number;
  /** At most this many sent and not yet answered (default: no limit). */
  maxInFlight?: number;
}

const DEFAULT_RETRY_MS = 60_000;

type Selection = 'unsent' | 'all' | 'due' | string[];

/**
 * Delivers a durable queue on one of the gateway's own topics (QoS 1): at once when one is queued, all
 * unanswered ones on every (re)connection, again when the centre asks (its chain has the event but not
 * the message), and again after `retryMs` without an answer, never more than `maxInFlight` unanswered at
 * a time. An entry leaves the queue only with the centre's answer (stored or refused), never on the
 * broker's PUBACK.
 */
export class AnsweredSender<E extends { sentAt?: number }> {
  private readonly retryMs: number;
  private readonly maxInFlight: number;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly settledListeners = new Set<() => void>();
  private timer: TimerHandle | undefined;
  private sending: Promise<void> = Promise.resolve();
  private running = false;
  /** When the current connection came up: what was sent before it may have been lost with the last one. */
  private connectedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AnsweredSenderOptions<E>) {
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const { uplink } = this.options;
    if (!uplink) return;
    this.unsubscribe.push(
      uplink.onConnected(() => {
        this.connectedAt = this.options.clock.now();
        this.send('all');
      }),
      uplink.onCommand((cmd) => this.command(cmd)),
    );
    this.arm();
  }

  stop(): void {
    this.running = false;
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Something new may go (a message was queued, or became sendable): send what the window allows. */
  queued(): void {
    this.send('unsent');
  }

  /** Called when the centre settles a message. */
  onSettled(listener: () => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  /** Resolves when the sends started so far are done (tests, shutdown). */
  idle(): Promise<void> {
    return this.sending;
  }

  private command(cmd: OtherCommand): void {
    const { outbox, clock, logger, what } = this.options;
    const read = this.options.command(cmd);
    if (!read || !this.running) return;
    if ('resend' in read) {
      logger.info({ id: read.resend }, `the centre asked for a ${what} again`);
      this.send([read.resend]);
      return;
    }
    if (!outbox.settle(read.settle, read.outcome, clock.now(), read.reason)) return;
    const log = { id: read.settle, outcome: read.outcome, reason: read.reason };
    if (read.outcome === 'stored') logger.info(log, `the centre stored the ${what}`);
    else logger.error(log, `the centre refused the ${what}; ${this.options.refusedHint}`);
    for (const listener of this.settledListeners) listener();
    // A place in the window came free.
    this.send('unsent');
  }

  private send(which: Selection): void {
    const { uplink } = this.options;
    if (!uplink || !this.running) return;
    this.sending = this.sending
      .then(() => this.sendNow(uplink, which))
      .catch((error: unknown) =>
        this.options.logger.warn({ err: error }, `sending ${this.options.what}s failed; will retry`),
      );
  }

  private async sendNow(uplink: SenderUplink, which: Selection): Promise<void> {
    const { outbox, clock, logger, idOf, topic } = this.options;
    for (const entry of this.select(which)) {
      if (!this.running) return;
      const payload = this.options.payloadOf(entry);
      if (payload === undefined) {
        this.options.discard?.(entry);
        continue;
      }
      if (!(await uplink.publishOwn(topic, payload)) || !this.running) return;
      outbox.markSent(idOf(entry), clock.now());
      logger.debug({ id: idOf(entry) }, `${this.options.what} sent to the centre`);
    }
  }

  /**
   * `unsent`: never sent yet; `due`: those too, and those unanswered for `retryMs`; `all`: those too,
   * and every one sent before this connection (it may have been lost with the last one); or these ids
   * (the centre asked). Entries sent recently and still unanswered hold their place in the window.
   */
  private select(which: Selection): E[] {
    const { outbox, clock } = this.options;
    if (Array.isArray(which)) return which.flatMap((id) => outbox.get(id) ?? []);
    const now = clock.now();
    const entries = this.options.sendable();
    const waiting = entries.filter(
      (entry) =>
        entry.sentAt === undefined ||
        (which === 'all' && entry.sentAt < this.connectedAt) ||
        (which === 'due' && now - entry.sentAt >= this.retryMs),
    );
    const inFlight = entries.length - waiting.length;
    return waiting.slice(0, Math.max(0, this.maxInFlight - inFlight));
  }

  private arm(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.send('due');
      if (this.running) this.arm();
    }, this.retryMs);
  }
}
