import { type Clock, type Logger, VaultlineError } from '@vaultline/shared';
import type { DeviceLink } from '../transport/device-link.ts';

export interface InventoryLoopOptions {
  clock: Clock;
  logger: Logger;
  link: DeviceLink;
  /** Pause between successful rounds, ms. */
  roundGapMs: number;
  /** The next round to run: which antenna, and the work. */
  round: () => { antenna: number; run: () => Promise<void> };
}

/** After consecutive failed rounds, wait 100 ms, 200 ms, 400 ms … up to 5 s: never spin on a broken reader. */
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 5_000;

/**
 * Runs inventory rounds back to back until stopped. A failed round (missing antenna, timeout, link down) is
 * logged and the loop goes on with the next antenna after a backoff; it never throws. The first failure of
 * a streak on an antenna is a warning, repeats are debug, and the recovery is logged once.
 */
export class InventoryLoop {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private readonly problems = new Map<number, string>();

  constructor(private readonly options: InventoryLoopOptions) {
    options.link.onState((state) => {
      if (state === 'up') this.wake?.();
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Resolves once the loop has left; a round in flight finishes or times out first. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const { antenna, run } = this.options.round();
      try {
        await run();
        failures = 0;
        this.recovered(antenna);
      } catch (error) {
        failures++;
        this.failed(antenna, error);
      }
      if (!this.running) break;
      await this.pause(
        failures === 0
          ? this.options.roundGapMs
          : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1)),
      );
    }
  }

  /** A pause that `stop()` and a link coming back up cut short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.wake = undefined;
        resolve();
      };
      const timer = this.options.clock.setTimeout(done, ms);
      this.wake = () => {
        this.options.clock.clearTimeout(timer);
        done();
      };
    });
  }

  private failed(antenna: number, error: unknown): void {
    const key = error instanceof VaultlineError ? error.code : String(error);
    if (this.problems.get(antenna) === key) {
      this.options.logger.debug({ antenna, err: error }, 'inventory round failed again');
      return;
    }
    this.problems.set(antenna, key);
    this.options.logger.warn(
      { antenna, err: error },
      'inventory round failed; continuing with the next antenna',
    );
  }

  private recovered(antenna: number): void {
    if (!this.problems.delete(antenna)) return;
    this.options.logger.info({ antenna }, 'inventory rounds succeed again');
  }
}
