import {
  type Clock,
  type CodecError,
  DeviceOfflineError,
  DeviceTimeoutError,
  type Logger,
  type TimerHandle,
  toHex,
} from '@vaultline/shared';
import type { Framer } from '@vaultline/shared/codecs/framer';
import type { DeviceLink } from '../transport/device-link.ts';

/**
 * What a request waits for. `accept` sees every frame that arrives while the request is in flight and
 * returns `undefined` to keep waiting (a frame that is not the answer, or one part of a multi-frame
 * answer it accumulates) or the result to finish. Throwing from `accept` fails the request with that
 * error (e.g. a DeviceStatusError for a non-zero status): such an answer is not retried.
 */
export interface RequestSpec<F, R> {
  operation: string;
  bytes: Uint8Array;
  accept: (frame: F) => R | undefined;
  timeoutMs: number;
  /** Extra attempts after a timeout (default 1). */
  retries?: number;
  /** Called before each attempt, e.g. to reset per-attempt accumulation. */
  beforeAttempt?: () => void;
}

export interface ChannelOptions<F> {
  name: string;
  link: DeviceLink;
  framer: Framer<F>;
  clock: Clock;
  logger: Logger;
  /** Frames that arrive with no request in flight (e.g. a reader's unsolicited notices). */
  onUnsolicited?: (frame: F) => void;
  /**
   * Log only frame lengths, never bytes: for devices whose traffic carries biometric data (fingerprint
   * templates), which must not reach logs even at trace level.
   */
  redactFrames?: boolean;
}

interface InFlight<F> {
  accept: (frame: F) => void;
  fail: (error: Error) => void;
}

/**
 * Request/response matching for a half-duplex device (one command in flight, like zigbee-herdsman's
 * "waitress"): queues requests, writes them, feeds arriving frames to the waiting request, and times
 * out on the injected clock. Counts bad frames for health reports.
 */
export class DeviceChannel<F> {
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight: InFlight<F> | undefined;
  private badFrames = 0;

  constructor(private readonly options: ChannelOptions<F>) {
    const { link, framer } = options;
    link.onData((chunk) => {
      options.logger.trace(`<-- ${this.show(chunk)}`);
      for (const frame of framer.push(chunk)) this.dispatch(frame);
    });
    link.onState((state, cause) => {
      framer.reset();
      if (state === 'down') this.inFlight?.fail(cause ?? new DeviceOfflineError(options.name));
    });
  }

  /** Number of frames dropped by the framer so far (bad checksum, garbage). */
  get badFrameCount(): number {
    return this.badFrames;
  }

  /** The framer's error callback should call this, so drops are counted and logged in one place. */
  frameError(error: CodecError, skipped: Uint8Array): void {
    this.badFrames++;
    this.options.logger.warn({ code: error.code, skipped: skipped.length }, error.message);
  }

  /** Sends a frame that has no answer (e.g. a relay switch command). */
  send(operation: string, bytes: Uint8Array): Promise<void> {
    return this.enqueue(async () => {
      this.options.logger.trace({ operation }, `--> ${this.show(bytes)}`);
      await this.options.link.write(bytes);
    });
  }

  request<R>(spec: RequestSpec<F, R>): Promise<R> {
    return this.enqueue(() => this.attempt(spec, spec.retries ?? 1));
  }

  private enqueue<R>(job: () => Promise<R>): Promise<R> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }

  private async attempt<R>(spec: RequestSpec<F, R>, retriesLeft: number): Promise<R> {
    try {
      return await this.once(spec);
    } catch (error) {
      if (error instanceof DeviceTimeoutError && retriesLeft > 0 && this.options.link.isUp) {
        this.options.logger.debug({ operation: spec.operation, retriesLeft }, 'retrying after timeout');
        this.options.framer.reset();
        return this.attempt(spec, retriesLeft - 1);
      }
      throw error;
    }
  }

  private once<R>(spec: RequestSpec<F, R>): Promise<R> {
    const { clock, link, logger, name } = this.options;
    spec.beforeAttempt?.();
    return new Promise<R>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const finish = (outcome: () => void) => {
        if (timer) clock.clearTimeout(timer);
        this.inFlight = undefined;
        outcome();
      };
      this.inFlight = {
        accept: (frame) => {
          let result: R | undefined;
          try {
            result = spec.accept(frame);
          } catch (error) {
            finish(() => reject(error));
            return;
          }
          if (result !== undefined) finish(() => resolve(result as R));
        },
        fail: (error) => finish(() => reject(error)),
      };
      timer = clock.setTimeout(
        () => finish(() => reject(new DeviceTimeoutError(name, spec.operation, spec.timeoutMs))),
        spec.timeoutMs,
      );
      logger.trace({ operation: spec.operation }, `--> ${this.show(spec.bytes)}`);
      link.write(spec.bytes).catch((error: Error) => this.inFlight?.fail(error));
    });
  }

  private show(bytes: Uint8Array): string {
    return this.options.redactFrames ? `[${bytes.length} bytes]` : toHex(bytes);
  }

  private dispatch(frame: F): void {
    if (this.inFlight) this.inFlight.accept(frame);
    else this.options.onUnsolicited?.(frame);
  }
}
