import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionService } from '../../src/console/auth/session-service.ts';
import { openTestStore } from '../store/store-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('console sessions', () => {
  let handle: ReturnType<typeof openTestStore>;
  let sessions: SessionService;
  beforeEach(() => {
    handle = openTestStore();
    handle.store.consoleUsers.create({
      username: 'li.wei',
      displayName: '李伟',
      role: 'duty-officer',
      passwordHash: '$argon2id$not-used-here',
    });
    sessions = new SessionService({
      users: handle.store.consoleUsers,
      sessions: handle.store.consoleSessions,
      clock: handle.clock,
    });
  });
  afterEach(() => handle.dispose());

  it('stores only the SHA-256 of the 32-byte cookie secret, with a CSRF token bound to the session', () => {
    const { secret, csrfToken } = sessions.create('li.wei');
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const raw = new Database(handle.path, { readonly: true });
    const rows = raw.prepare('SELECT session_hash, csrf_token FROM console_sessions').all() as {
      session_hash: string;
      csrf_token: string;
    }[];
    raw.close();
    expect(rows).toEqual([
      { session_hash: createHash('sha256').update(secret).digest('hex'), csrf_token: csrfToken },
    ]);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(sessions.resolve(secret)).toMatchObject({
      user: { username: 'li.wei', displayName: '李伟', role: 'duty-officer' },
      csrfToken,
    });
    expect(sessions.resolve(`${secret}x`)).toBeUndefined();
  });

  it('by default ends a session after 12 h without use, and 12 h after login even when used', async () => {
    const idle = sessions.create('li.wei');
    const used = sessions.create('li.wei');
    await handle.clock.advance(6 * HOUR);
    expect(sessions.resolve(used.secret)).toBeDefined();
    await handle.clock.advance(6 * HOUR - 1);
    expect(sessions.resolve(used.secret)).toBeDefined();
    await handle.clock.advance(1);
    expect(sessions.resolve(idle.secret)).toBeUndefined();
    expect(sessions.resolve(used.secret)).toBeUndefined();
    // Expired rows are gone, not just refused.
    expect(handle.store.consoleSessions.countFor('li.wei')).toBe(0);
  });

  it('keeps a used session alive past the idle time, up to its absolute lifetime', async () => {
    const long = new SessionService({
      users: handle.store.consoleUsers,
      sessions: handle.store.consoleSessions,
      clock: handle.clock,
      absoluteMs: 48 * HOUR,
    });
    const idle = long.create('li.wei');
    const used = long.create('li.wei');
    for (let i = 0; i < 4; i++) {
      await handle.clock.advance(6 * HOUR);
      expect(long.resolve(used.secret)).toBeDefined();
    }
    expect(long.resolve(idle.secret)).toBeUndefined();
    expect(handle.store.consoleSessions.countFor('li.wei')).toBe(1);
    await handle.clock.advance(12 * HOUR);
    expect(long.resolve(used.secret)).toBeUndefined();
  });

  it('ends a session after the configured idle time', async () => {
    const short = new SessionService({
      users: handle.store.consoleUsers,
      sessions: handle.store.consoleSessions,
      clock: handle.clock,
      idleMs: 30 * MINUTE,
    });
    const idle = short.create('li.wei');
    const used = short.create('li.wei');
    expect(idle.expiresAt).toBe(handle.clock.now() + 30 * MINUTE);
    await handle.clock.advance(20 * MINUTE);
    expect(short.resolve(used.secret)?.expiresAt).toBe(handle.clock.now() + 30 * MINUTE);
    await handle.clock.advance(10 * MINUTE);
    expect(short.resolve(idle.secret)).toBeUndefined();
    expect(short.resolve(used.secret)).toBeDefined();
  });

  it('ends a session at its absolute lifetime after login however busy it is', async () => {
    const capped = new SessionService({
      users: handle.store.consoleUsers,
      sessions: handle.store.consoleSessions,
      clock: handle.clock,
      idleMs: HOUR,
      absoluteMs: 3 * HOUR,
    });
    const loginAt = handle.clock.now();
    const busy = capped.create('li.wei');
    for (let i = 0; i < 5; i++) {
      await handle.clock.advance(30 * MINUTE);
      expect(capped.resolve(busy.secret)).toBeDefined();
    }
    // Used at 2.5 h: the idle expiry would be 3.5 h, but the session may not outlive 3 h.
    expect(capped.resolve(busy.secret)?.expiresAt).toBe(loginAt + 3 * HOUR);
    await handle.clock.advance(loginAt + 3 * HOUR - 1 - handle.clock.now());
    expect(capped.resolve(busy.secret)).toBeDefined();
    await handle.clock.advance(1);
    expect(capped.resolve(busy.secret)).toBeUndefined();
    expect(handle.store.consoleSessions.countFor('li.wei')).toBe(0);
  });

  it('applies a lifetime set shorter after a restart to sessions that already exist', async () => {
    const busy = sessions.create('li.wei');
    await handle.clock.advance(2 * HOUR);
    const afterRestart = new SessionService({
      users: handle.store.consoleUsers,
      sessions: handle.store.consoleSessions,
      clock: handle.clock,
      idleMs: 30 * MINUTE,
      absoluteMs: 4 * HOUR,
    });
    // The stored 12 h expiry is pulled in to the new idle time.
    expect(afterRestart.resolve(busy.secret)?.expiresAt).toBe(handle.clock.now() + 30 * MINUTE);
    await handle.clock.advance(20 * MINUTE);
    expect(afterRestart.resolve(busy.secret)).toBeDefined();
    await handle.clock.advance(2 * HOUR);
    expect(afterRestart.resolve(busy.secret)).toBeUndefined();
  });

  it('ends every session of a disabled user at once, and a destroyed one for good', () => {
    const first = sessions.create('li.wei');
    const second = sessions.create('li.wei');
    const active = sessions.resolve(first.secret);
    sessions.destroy(active?.sessionHash ?? '');
    expect(sessions.resolve(first.secret)).toBeUndefined();
    expect(sessions.resolve(second.secret)).toBeDefined();
    handle.store.consoleUsers.disable('li.wei');
    expect(sessions.resolve(second.secret)).toBeUndefined();
  });
});
