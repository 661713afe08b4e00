import { type Clock, systemClock } from '@vaultline/shared/time/clock';

/**
 * Real time plus an offset the test moves forward: timers run on real time (brokers, sockets and the
 * gateway keep working), while `now()` can jump ahead, so the centre's deadlines in minutes (a gap
 * given up on after several resend rounds) fall due at once without any sleep.
 */
export class ShiftedClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return systemClock.now() + this.offsetMs;
  }

  setTimeout(callback: () => void, ms: number) {
    return systemClock.setTimeout(callback, ms);
  }

  clearTimeout(handle: ReturnType<Clock['setTimeout']>): void {
    systemClock.clearTimeout(handle);
  }

  /** Moves this clock `ms` ahead of real time (cumulative). */
  shift(ms: number): void {
    this.offsetMs += ms;
  }
}
