import { type Clock, DeviceError, type Logger, type TimerHandle } from '@vaultline/shared';
import type { DeviceLink } from '../transport/device-link.ts';

export type DeviceKind = 'fingerprint' | 'rfid' | 'camera' | 'door';

/** The normalised health report every driver emits (`device.status` upstream, DEVICE_OFFLINE alarm). */
export interface DeviceStatus {
  device: string;
  kind: DeviceKind;
  online: boolean;
  /** Why it is offline (link lost, no answer, …), or what brought it back. */
  reason: string;
  at: number;
}

export interface DeviceHealthOptions {
  device: string;
  kind: DeviceKind;
  link: DeviceLink;
  clock: Clock;
  logger: Logger;
  /** A cheap request that proves the device answers (e.g. read firmware version). */
  probe: () => Promise<void>;
  /** Consecutive failed requests before the device is reported offline. */
  offlineAfterFailures?: number;
  /** While offline with the link up, probe this often, ms. */
  probeIntervalMs?: number;
  /** While online, probe when no request succeeded for this long, ms (catches a silent idle device). */
  heartbeatMs?: number;
}

/**
 * Decides whether a device is online: its link is up and it answers. Drivers report every request's
 * outcome; this class probes an idle or silent device and emits a status only on transitions.
 */
export class DeviceHealth {
  private online = false;
  private failures = 0;
  private lastOk = 0;
  private timer: TimerHandle | undefined;
  private running = false;
  private probing = false;
  private readonly listeners = new Set<(status: DeviceStatus) => void>();
  private readonly offlineAfter: number;
  private readonly probeIntervalMs: number;
  private readonly heartbeatMs: number;

  constructor(private readonly options: DeviceHealthOptions) {
    this.offlineAfter = options.offlineAfterFailures ?? 2;
    this.probeIntervalMs = options.probeIntervalMs ?? 2_000;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    options.link.onState((state, cause) => {
      if (state === 'down') this.transition(false, `link lost: ${cause?.message ?? 'closed'}`);
      else this.schedule(0);
    });
  }

  get isOnline(): boolean {
    return this.online;
  }

  start(): void {
    this.running = true;
    if (this.options.link.isUp) this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  onChange(listener: (status: DeviceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drivers call this after every request. Only device errors (timeouts, offline) count against health. */
  record(outcome: 'ok' | unknown): void {
    if (outcome === 'ok') {
      this.failures = 0;
      this.lastOk = this.options.clock.now();
      this.transition(true, 'answering');
      return;
    }
    if (!(outcome instanceof DeviceError) || outcome.code === 'DEVICE_STATUS') return;
    this.failures++;
    if (this.failures >= this.offlineAfter) this.transition(false, outcome.message);
    // Confirm soon with a probe rather than waiting for the next request or heartbeat, so a device that
    // went silent during a single request is reported within one probe interval.
    if (!this.probing) this.schedule(this.probeIntervalMs);
  }

  private transition(online: boolean, reason: string): void {
    if (online === this.online) return;
    this.online = online;
    const status: DeviceStatus = {
      device: this.options.device,
      kind: this.options.kind,
      online,
      reason,
      at: this.options.clock.now(),
    };
    this.options.logger[online ? 'info' : 'warn']({ online, reason }, 'device status');
    for (const listener of this.listeners) listener(status);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = this.options.clock.setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running || !this.options.link.isUp) return;
    const idleFor = this.options.clock.now() - this.lastOk;
    const doubtful = !this.online || this.failures > 0 || idleFor >= this.heartbeatMs;
    if (doubtful && !this.probing) {
      this.probing = true;
      try {
        await this.options.probe();
        this.record('ok');
      } catch (error) {
        this.record(error);
        if (!this.online) this.failures = Math.max(this.failures, this.offlineAfter);
      } finally {
        this.probing = false;
      }
    }
    // After a failed probe look again soon, so a silent idle device is reported within one interval.
    this.schedule(this.online && this.failures === 0 ? this.heartbeatMs : this.probeIntervalMs);
  }
}
