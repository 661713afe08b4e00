import { afterEach, describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../src/console/auth/login-limiter.ts';
import { openCentreStore } from '../../src/store/open-store.ts';
import { type ConsoleHarness, consoleHarness, type Signed } from './console-harness.ts';

const MINUTE = 60_000;

/** Through the centre's HTTP wiring: the console pages and the API end a session at the same moment. */
describe('console session lifetime and login limit, as the centre wires them', () => {
  let h: ConsoleHarness;
  afterEach(() => h.dispose());

  const consoleHome = async (signed: Signed) => (await h.get('/console/', signed)).statusCode;
  const apiAlarms = async (signed: Signed) =>
    (await h.app.inject({ method: 'GET', url: '/api/v1/alarms', headers: { cookie: signed.cookie } }))
      .statusCode;

  it('ends an unused session after the configured idle time, in the console and the API', async () => {
    h = await consoleHarness({ sessionLifetime: { idleMs: 10 * MINUTE, absoluteMs: 60 * MINUTE } });
    await h.createUser('li.wei', 'duty-officer');
    const officer = await h.signIn('li.wei');
    await h.clock.advance(9 * MINUTE);
    expect(await apiAlarms(officer)).toBe(200);
    await h.clock.advance(10 * MINUTE);
    expect(await apiAlarms(officer)).toBe(401);
    const home = await h.get('/console/', officer);
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toMatch(/^\/console\/login/);
  });

  it('ends a busy session at the configured absolute lifetime after login', async () => {
    h = await consoleHarness({ sessionLifetime: { idleMs: 10 * MINUTE, absoluteMs: 60 * MINUTE } });
    await h.createUser('li.wei', 'duty-officer');
    const loginAt = h.clock.now();
    const officer = await h.signIn('li.wei');
    while (h.clock.now() + 5 * MINUTE < loginAt + 60 * MINUTE) {
      await h.clock.advance(5 * MINUTE);
      expect(await consoleHome(officer)).toBe(200);
      expect(await apiAlarms(officer)).toBe(200);
    }
    await h.clock.advance(loginAt + 60 * MINUTE - h.clock.now());
    expect(await apiAlarms(officer)).toBe(401);
    expect(await consoleHome(officer)).toBe(303);
    // Signing in again starts a new session.
    expect(await consoleHome(await h.signIn('li.wei'))).toBe(200);
  });

  it('keeps failed logins in the store, where another connection (a restarted centre) still sees them', async () => {
    h = await consoleHarness();
    await h.createUser('li.wei', 'duty-officer');
    for (let i = 0; i < 5; i++) {
      expect((await h.login('li.wei', `wrong password ${i}`, `10.0.0.${i}`)).response.statusCode).toBe(401);
    }
    const second = openCentreStore(h.store.path, { clock: h.clock });
    try {
      const restarted = new LoginLimiter({ clock: h.clock, failures: second.consoleLoginFailures });
      expect(restarted.check('li.wei', '10.9.9.9')).toEqual({
        allowed: false,
        retryAt: h.clock.now() + 15 * MINUTE,
        by: 'username',
      });
    } finally {
      second.close();
    }
  });
});
