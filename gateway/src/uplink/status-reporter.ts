import type { Logger } from '@vaultline/shared';
import type { BacklogSummary, StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import type { Clock } from '@vaultline/shared/time/clock';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { Backlog } from '../store/event-log.ts';
import { backlogSummary, buildStatusPayload } from './status-payload.ts';
import { Throttle } from './throttle.ts';

export interface StatusSources {
  backlog(): Backlog;
  lastSeq(): number;
  devices(): readonly DeviceStatus[];
  planVersion(): number | null;
}

/**
 * Builds the gateway's retained status and hands it to `publish` at most once per `minIntervalMs`. It
 * runs whether or not the broker is reachable, because that is when the outbox grows: crossing
 * `outboxLimitBytes` is logged once each way (records are never dropped, DESIGN §7).
 */
export class StatusReporter {
  private readonly throttle: Throttle;
  private overLimit = false;
  private stopped = false;

  constructor(
    private readonly options: {
      sources: StatusSources;
      publish: (status: StatusPayload) => void;
      minIntervalMs: number;
      outboxLimitBytes: number;
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.throttle = new Throttle(options.clock, options.minIntervalMs, () => this.report());
  }

  /** Something changed (events, acks, devices, plan): report it, throttled. */
  request(): void {
    if (!this.stopped) this.throttle.request();
  }

  /** Report now (a new connection announces itself at once). */
  now(): void {
    if (!this.stopped) this.throttle.now();
  }

  /**
   * No more reports, for good: the gateway is stopping and its store closes next. Devices going offline
   * and late acks still ask for a status while it stops; a report timed after the close would read a
   * closed database from a timer, an uncaught error.
   */
  stop(): void {
    this.stopped = true;
    this.throttle.cancel();
  }

  isOverLimit(): boolean {
    return this.overLimit;
  }

  /**
   * The status as of now, marked offline and without a time: as the last will it is published later,
   * at a time not known now; at a clean stop the centre stamps its arrival.
   */
  offline(): StatusPayload {
    const { ts: _unknown, ...rest } = this.build(false);
    return rest;
  }

  /** The backlog as of now (not as last reported). */
  summary(): BacklogSummary {
    const { sources, clock, outboxLimitBytes } = this.options;
    return backlogSummary(sources.backlog(), clock.now(), outboxLimitBytes);
  }

  private report(): void {
    const status = this.build(true);
    this.checkLimit(status.backlogDetail?.bytes ?? 0);
    this.options.publish(status);
  }

  private build(online: boolean): StatusPayload {
    const { sources, clock, outboxLimitBytes } = this.options;
    return buildStatusPayload({
      online,
      now: clock.now(),
      devices: sources.devices(),
      backlog: sources.backlog(),
      limitBytes: outboxLimitBytes,
      lastSeq: sources.lastSeq(),
      planVersion: sources.planVersion(),
    });
  }

  private checkLimit(bytes: number): void {
    const { outboxLimitBytes: limitBytes, logger } = this.options;
    const over = bytes > limitBytes;
    if (over === this.overLimit) return;
    this.overLimit = over;
    if (over) {
      logger.warn(
        { bytes, limitBytes },
        'outbox is above its configured limit; nothing is dropped, but the centre has not acknowledged this much: check the broker connection and the centre',
      );
    } else {
      logger.info({ bytes, limitBytes }, 'outbox back under its configured limit');
    }
  }
}
