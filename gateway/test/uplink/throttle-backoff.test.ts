import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from '../../src/uplink/reconnect-backoff.ts';
import { Throttle } from '../../src/uplink/throttle.ts';

describe('Throttle', () => {
  it('runs at once, then folds a burst into one run at the end of the interval', async () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const throttle = new Throttle(clock, 1_000, () => runs.push(clock.now()));
    const start = clock.now();
    throttle.request();
    throttle.request();
    await clock.advance(300);
    throttle.request();
    expect(runs).toEqual([start]);
    await clock.advance(700);
    expect(runs).toEqual([start, start + 1_000]);
    await clock.advance(5_000);
    expect(runs).toHaveLength(2);
    throttle.request();
    expect(runs).toHaveLength(3);
  });

  it('runs now on demand, and cancel drops a pending run', async () => {
    const clock = new FakeClock();
    let runs = 0;
    const throttle = new Throttle(clock, 1_000, () => runs++);
    throttle.request();
    throttle.request();
    throttle.now();
    expect(runs).toBe(2);
    throttle.request();
    throttle.cancel();
    await clock.advance(2_000);
    expect(runs).toBe(2);
  });
});

describe('ReconnectBackoff', () => {
  it('doubles from the minimum to the cap, within the upper half of each step', () => {
    const low = new ReconnectBackoff(500, 30_000, () => 0);
    expect(Array.from({ length: 9 }, () => low.next())).toEqual([
      250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
    const high = new ReconnectBackoff(500, 30_000, () => 1);
    expect(Array.from({ length: 8 }, () => high.next())).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('starts over after a reset', () => {
    const backoff = new ReconnectBackoff(100, 1_000, () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
