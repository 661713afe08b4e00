import type { Clock, Logger, TimerHandle } from '@vaultline/shared';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import type { EnrolmentOutboxRepo } from '../store/enrolment-outbox-repo.ts';
import type { OtherCommand } from '../uplink/mqtt-uplink.ts';

/** The part of the uplink the sender uses (MqttUplink). */
export interface EnrolmentUplink {
  publishOwn(topic: string, payload: string): Promise<boolean>;
  onConnected(listener: () => void): () => void;
  onCommand(listener: (cmd: OtherCommand) => void): () => void;
}

export interface EnrolmentSenderOptions {
  gatewayId: string;
  outbox: EnrolmentOutboxRepo;
  /** null: an offline-only gateway; enrolments wait in the queue. */
  uplink: EnrolmentUplink | null;
  clock: Clock;
  logger: Logger;
  /** An enrolment the centre has not answered goes again after this long, ms (default 60 s). */
  retryMs?: number;
}

const DEFAULT_RETRY_MS = 60_000;

/**
 * Delivers queued branch enrolments on `vl/v1/gw/{id}/enrol` (QoS 1): at once when one is queued, all
 * unanswered ones on every (re)connection, again when the centre asks (`enrolment-resend`: its chain has
 * the event but not the message), and again after `retryMs` without an answer. An enrolment leaves the
 * queue only with the centre's `enrolment-result` (stored or refused), never on the broker's PUBACK.
 */
export class EnrolmentSender {
  private readonly topic: string;
  private readonly retryMs: number;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly settledListeners = new Set<() => void>();
  private timer: TimerHandle | undefined;
  private sending: Promise<void> = Promise.resolve();
  private running = false;

  constructor(private readonly options: EnrolmentSenderOptions) {
    this.topic = topics.gatewayEnrol(options.gatewayId);
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const { uplink } = this.options;
    if (!uplink) return;
    this.unsubscribe.push(
      uplink.onConnected(() => this.send('all')),
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

  /** A new enrolment was committed: send it now. */
  queued(): void {
    this.send('unsent');
  }

  /** Called when the centre settles an enrolment (the kiosk refreshes its list). */
  onSettled(listener: () => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  /** Resolves when the sends started so far are done (tests, shutdown). */
  idle(): Promise<void> {
    return this.sending;
  }

  private command(cmd: OtherCommand): void {
    const { outbox, clock, logger } = this.options;
    if (cmd.cmd === 'enrolment-resend') {
      logger.info({ enrolmentId: cmd.enrolmentId }, 'the centre asked for an enrolment again');
      this.send([cmd.enrolmentId]);
      return;
    }
    if (!outbox.settle(cmd.enrolmentId, cmd.outcome, clock.now(), cmd.reason)) return;
    const log = { enrolmentId: cmd.enrolmentId, outcome: cmd.outcome, reason: cmd.reason };
    if (cmd.outcome === 'stored') logger.info(log, 'the centre stored the enrolled template');
    else logger.error(log, 'the centre refused the enrolled template; enrol the person again');
    for (const listener of this.settledListeners) listener();
  }

  /** `unsent`: never sent yet; `all`: every unanswered one; or these enrolment ids. */
  private send(which: 'unsent' | 'all' | 'due' | string[]): void {
    const { uplink } = this.options;
    if (!uplink || !this.running) return;
    this.sending = this.sending
      .then(() => this.sendNow(uplink, which))
      .catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'sending enrolments failed; will retry'),
      );
  }

  private async sendNow(uplink: EnrolmentUplink, which: 'unsent' | 'all' | 'due' | string[]): Promise<void> {
    const { outbox, clock, logger } = this.options;
    const now = clock.now();
    const entries = Array.isArray(which)
      ? which.flatMap((id) => outbox.get(id) ?? [])
      : outbox.unsettled().filter((entry) => {
          if (which === 'all') return true;
          if (which === 'unsent') return entry.sentAt === undefined;
          return entry.sentAt === undefined || now - entry.sentAt >= this.retryMs;
        });
    for (const entry of entries) {
      if (!this.running) return;
      if (!(await uplink.publishOwn(this.topic, JSON.stringify(entry.payload))) || !this.running) return;
      outbox.markSent(entry.enrolmentId, clock.now());
      logger.debug({ enrolmentId: entry.enrolmentId }, 'enrolment sent to the centre');
    }
  }

  private arm(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.send('due');
      if (this.running) this.arm();
    }, this.retryMs);
  }
}
