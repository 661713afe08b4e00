import type { Clock, TimerHandle } from '@vaultline/shared/time/clock';

/**
 * Runs `fn` at most once per `minIntervalMs`: a request inside the interval is folded into one run at
 * its end, so the last state is always reported and bursts cost one run.
 */
export class Throttle {
  private lastRunAt = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly minIntervalMs: number,
    private readonly fn: () => void,
  ) {}

  request(): void {
    if (this.timer !== undefined) return;
    const wait = this.lastRunAt + this.minIntervalMs - this.clock.now();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, wait);
  }

  /** Runs now, whatever the interval (a new connection must announce itself at once). */
  now(): void {
    this.cancel();
    this.run();
  }

  cancel(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.lastRunAt = this.clock.now();
    this.fn();
  }
}
