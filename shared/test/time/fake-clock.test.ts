import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/time/fake-clock.ts';

/** Waits `ms` on the clock, then answers `value`: one timer of a longer chain. */
const after = <T>(clock: FakeClock, ms: number, value: T) =>
  new Promise<T>((resolve) => clock.setTimeout(() => resolve(value), ms));

describe('FakeClock.runUntilSettled', () => {
  it('runs time until a chain of timers settles, and no further than the step that settled it', async () => {
    const clock = new FakeClock(0);
    const chain = after(clock, 300, 'first').then((first) => after(clock, 450, `${first}, second`));
    expect(await clock.runUntilSettled(chain, { stepMs: 50 })).toBe('first, second');
    expect(clock.now()).toBe(750);
  });

  it('passes a rejection through', async () => {
    const clock = new FakeClock(0);
    const failing = after(clock, 100, 0).then(() => Promise.reject(new Error('device timeout')));
    await expect(clock.runUntilSettled(failing)).rejects.toThrow('device timeout');
  });

  it('says so when the promise is still pending after maxMs of fake time', async () => {
    const clock = new FakeClock(0);
    const late = after(clock, 5_000, 'late');
    await expect(clock.runUntilSettled(late, { stepMs: 100, maxMs: 1_000 })).rejects.toThrow(
      'still pending after 1000 ms of fake time',
    );
    expect(clock.now()).toBe(1_000);
  });
});
