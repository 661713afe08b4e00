import type { Clock, TimerHandle } from './clock.ts';

interface PendingTimer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A deterministic clock for tests: time moves only when the test calls `advance`. Timers due at the same
 * instant fire in the order they were set. Microtasks queued by a timer run before the next timer fires,
 * so promise chains started by a timeout settle as they would in real time.
 */
export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  constructor(start = Date.UTC(2026, 10, 23, 8, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    const id = handle as unknown as number;
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = due.at;
      due.callback();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /**
   * Lets time run in `stepMs` steps until `promise` settles, then returns it (resolved or rejected as it
   * is): for code that waits on one timer after another, where a test cannot know how far to advance.
   * Throws when it is still pending after `maxMs` of fake time.
   */
  async runUntilSettled<T>(
    promise: Promise<T>,
    { stepMs = 10, maxMs = 120_000 }: { stepMs?: number; maxMs?: number } = {},
  ): Promise<T> {
    let settled = false;
    promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (let waited = 0; !settled && waited < maxMs; waited += stepMs) await this.advance(stepMs);
    if (!settled) throw new Error(`still pending after ${maxMs} ms of fake time`);
    return promise;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
