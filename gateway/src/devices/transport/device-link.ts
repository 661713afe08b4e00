import { type Clock, DeviceOfflineError, type Logger, type TimerHandle } from '@vaultline/shared';
import type { ByteTransport } from './byte-transport.ts';

export interface BackoffOptions {
  /** First wait after a failed open or a lost link, ms. */
  initialMs: number;
  /** Ceiling for the wait, ms. */
  maxMs: number;
  /** Each failure multiplies the wait by this factor. */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 15_000, factor: 2 };

export type LinkState = 'up' | 'down';

/**
 * Supervises one transport: opens it, reopens it with exponential backoff after any failure or loss,
 * and reports up/down transitions. The single owner of reconnection for a device (STYLE.md §6).
 */
export class DeviceLink {
  private running = false;
  private up = false;
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly stateListeners = new Set<(state: LinkState, cause?: Error) => void>();

  constructor(
    readonly transport: ByteTransport,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {
    transport.onData((chunk) => {
      for (const listener of this.dataListeners) listener(chunk);
    });
    transport.onClose((cause) => this.lost(cause));
  }

  get isUp(): boolean {
    return this.up;
  }

  /** Starts connecting; never throws. Resolves after the first attempt, successful or not. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tryOpen();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const wasUp = this.up;
    this.up = false;
    await this.transport.close().catch(() => {});
    if (wasUp) this.emitState('down', new DeviceOfflineError(this.transport.description));
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.up) throw new DeviceOfflineError(this.transport.description);
    await this.transport.write(bytes);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onState(listener: (state: LinkState, cause?: Error) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Closes and reopens the transport, e.g. when a driver decides the device is wedged. */
  async reconnect(cause: Error): Promise<void> {
    await this.transport.close().catch(() => {});
    this.lost(cause);
  }

  private async tryOpen(): Promise<void> {
    this.retryTimer = undefined;
    if (!this.running) return;
    try {
      await this.transport.open();
    } catch (error) {
      this.logger.warn({ err: error, attempt: this.attempt }, 'device link: open failed');
      this.scheduleRetry();
      return;
    }
    if (!this.running) {
      await this.transport.close().catch(() => {});
      return;
    }
    this.attempt = 0;
    this.up = true;
    this.logger.info({ transport: this.transport.description }, 'device link up');
    this.emitState('up');
  }

  private lost(cause: Error): void {
    if (!this.up) return;
    this.up = false;
    this.logger.warn({ err: cause }, 'device link lost');
    this.emitState('down', cause);
    if (this.running) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (!this.running || this.retryTimer) return;
    const wait = Math.min(this.backoff.maxMs, this.backoff.initialMs * this.backoff.factor ** this.attempt);
    this.attempt++;
    this.retryTimer = this.clock.setTimeout(() => void this.tryOpen(), wait);
  }

  private emitState(state: LinkState, cause?: Error): void {
    for (const listener of this.stateListeners) listener(state, cause);
  }
}
