import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LOGIN_POLICY,
  decideLoginGate,
  failureKey,
  LoginLimiter,
} from '../../src/console/auth/login-limiter.ts';
import { openTestStore } from '../store/store-fixture.ts';

const MIN = 60_000;

describe('login rate limit', () => {
  let handle: ReturnType<typeof openTestStore>;
  const limiterOn = (options: { maxStored?: number } = {}) =>
    new LoginLimiter({ clock: handle.clock, failures: handle.store.consoleLoginFailures, ...options });
  beforeEach(() => {
    handle = openTestStore();
  });
  afterEach(() => handle.dispose());

  it('refuses a user name after 5 failures within 15 min, from any addresses, until the oldest ages out', async () => {
    const { clock } = handle;
    const limiter = limiterOn();
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
    const limiter = limiterOn();
    for (const name of ['a', 'b', 'c', 'd', 'e']) limiter.failure(name, '192.0.2.7');
    expect(limiter.check('f', '192.0.2.7')).toEqual({
      allowed: false,
      retryAt: handle.clock.now() + 15 * MIN,
      by: 'ip',
    });
    expect(limiter.check('f', '192.0.2.8')).toEqual({ allowed: true });
  });

  it("clears a name's failures on success, but not the address's failures on other names", () => {
    const limiter = limiterOn();
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

  it('still refuses after the store is closed and reopened: a restart does not reset the count', async () => {
    const before = limiterOn();
    for (let i = 0; i < 5; i++) before.failure('li.wei', '10.0.0.1');
    const retryAt = handle.clock.now() + 15 * MIN;
    handle.reopen();
    const after = limiterOn();
    expect(after.check('li.wei', '10.0.0.2')).toEqual({ allowed: false, retryAt, by: 'username' });
    expect(after.check('zhao.min', '10.0.0.1')).toEqual({ allowed: false, retryAt, by: 'ip' });
    await handle.clock.advance(15 * MIN);
    expect(after.check('li.wei', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('prunes failures older than the window, and bounds what it keeps', async () => {
    const limiter = limiterOn({ maxStored: 20 });
    for (let i = 0; i < 4; i++) limiter.failure('li.wei', '10.0.0.1');
    expect(limiter.stored).toBe(8);
    await handle.clock.advance(15 * MIN);
    limiter.failure('li.wei', '10.0.0.1');
    // The four old failures are gone from the file, not just ignored.
    expect(limiter.stored).toBe(2);
    expect(limiter.check('li.wei', '10.0.0.1')).toEqual({ allowed: true });
    for (let i = 0; i < 100; i++) limiter.failure(`user-${i}`, `10.1.0.${i}`);
    expect(limiter.stored).toBe(20);
    // The newest are the ones kept.
    for (let i = 0; i < 4; i++) limiter.failure('user-99', '10.9.9.9');
    expect(limiter.check('user-99', '10.9.9.8')).toMatchObject({ allowed: false, by: 'username' });
  });

  it('stores a very long typed name as a hash, never as typed', () => {
    const limiter = limiterOn();
    const pasted = `correct horse battery staple ${'x'.repeat(200)}`;
    for (let i = 0; i < 5; i++) limiter.failure(pasted, `10.0.0.${i}`);
    expect(limiter.check(pasted, '10.0.0.9')).toMatchObject({ allowed: false, by: 'username' });
    expect(limiter.check(`${pasted}y`, '10.0.0.9')).toEqual({ allowed: true });
    const raw = new Database(handle.path, { readonly: true });
    const keys = raw.prepare("SELECT DISTINCT key FROM console_login_failures WHERE kind = 'user'").all();
    raw.close();
    expect(keys).toEqual([{ key: failureKey(pasted) }]);
    expect(JSON.stringify(keys)).not.toContain('horse');
  });
});

describe('login gate (pure decision)', () => {
  const now = 100 * MIN;
  it('counts only failures inside the window, the name before the address', () => {
    const inside = [now - 14 * MIN, now - 10 * MIN, now - 5 * MIN, now - 2 * MIN, now - 1];
    expect(decideLoginGate({ byUser: inside, byIp: inside }, now, DEFAULT_LOGIN_POLICY)).toEqual({
      allowed: false,
      retryAt: now + MIN,
      by: 'username',
    });
    const oneOld = [now - 15 * MIN, ...inside.slice(1)];
    expect(decideLoginGate({ byUser: oneOld, byIp: [] }, now, DEFAULT_LOGIN_POLICY)).toEqual({
      allowed: true,
    });
    expect(
      decideLoginGate({ byUser: [], byIp: [...inside].reverse() }, now, {
        maxFailures: 3,
        windowMs: 15 * MIN,
      }),
    ).toEqual({ allowed: false, retryAt: now - 5 * MIN + 15 * MIN, by: 'ip' });
  });
});
