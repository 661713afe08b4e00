import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../src/console/auth/login-limiter.ts';

const MIN = 60_000;

function newLimiter() {
  const clock = new FakeClock();
  return { clock, limiter: new LoginLimiter({ clock }) };
}

describe('login rate limit', () => {
  it('refuses a user name after 5 failures within 15 min, from any addresses, until the oldest ages out', async () => {
    const { clock, limiter } = newLimiter();
    const start = clock.now();
    for (let i = 0; i < 5; i++) {
      expect(limiter.check('li.wei', `10.0.0.${i}`)).toEqual({ allowed: true });
      limiter.failure('li.wei', `10.0.0.${i}`);
      await clock.advance(MIN);
    }
    expect(limiter.check('li.wei', '10.0.0.99')).toEqual({
      allowed: false,
      retryAt: start + 15 * MIN,
      by: 'username',
    });
    // Knocking while locked does not move the time.
    await clock.advance(5 * MIN);
    expect(limiter.check('li.wei', '10.0.0.99')).toEqual({
      allowed: false,
      retryAt: start + 15 * MIN,
      by: 'username',
    });
    await clock.advance(start + 15 * MIN - clock.now() - 1);
    expect(limiter.check('li.wei', '10.0.0.99').allowed).toBe(false);
    await clock.advance(1);
    expect(limiter.check('li.wei', '10.0.0.99')).toEqual({ allowed: true });
    // Other names were never affected.
    expect(limiter.check('zhao.min', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('refuses an address after 5 failures on any names (password spraying)', () => {
    const { clock, limiter } = newLimiter();
    for (const name of ['a', 'b', 'c', 'd', 'e']) limiter.failure(name, '192.0.2.7');
    expect(limiter.check('f', '192.0.2.7')).toEqual({
      allowed: false,
      retryAt: clock.now() + 15 * MIN,
      by: 'ip',
    });
    expect(limiter.check('f', '192.0.2.8')).toEqual({ allowed: true });
  });

  it("clears a name's failures on success, but not the address's failures on other names", () => {
    const { limiter } = newLimiter();
    for (const name of ['a', 'b', 'c']) limiter.failure(name, '192.0.2.7');
    limiter.failure('li.wei', '192.0.2.7');
    limiter.failure('li.wei', '192.0.2.7');
    limiter.success('li.wei', '192.0.2.7');
    expect(limiter.check('li.wei', '192.0.2.7')).toEqual({ allowed: true });
    // The three other names still count: two more failures lock the address.
    limiter.failure('d', '192.0.2.7');
    expect(limiter.check('x', '192.0.2.7').allowed).toBe(true);
    limiter.failure('e', '192.0.2.7');
    expect(limiter.check('x', '192.0.2.7')).toMatchObject({ allowed: false, by: 'ip' });
  });

  it('forgets failures older than the window, and bounds what it holds', async () => {
    const clock = new FakeClock();
    const small = new LoginLimiter({ clock, maxTracked: 10 });
    for (let i = 0; i < 4; i++) small.failure('li.wei', '10.0.0.1');
    await clock.advance(15 * MIN);
    small.failure('li.wei', '10.0.0.1');
    expect(small.check('li.wei', '10.0.0.1')).toEqual({ allowed: true });
    for (let i = 0; i < 100; i++) small.failure(`user-${i}`, `10.1.0.${i}`);
    expect(small.tracked).toBeLessThanOrEqual(20);
  });
});
