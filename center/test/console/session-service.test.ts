import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionService } from '../../src/console/auth/session-service.ts';
import { openTestStore } from '../store/store-fixture.ts';

const HOUR = 3_600_000;

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

  it('ends a session after 12 h without use, and keeps a used one alive', async () => {
    const idle = sessions.create('li.wei');
    const used = sessions.create('li.wei');
    for (let i = 0; i < 4; i++) {
      await handle.clock.advance(6 * HOUR);
      expect(sessions.resolve(used.secret)).toBeDefined();
    }
    expect(sessions.resolve(idle.secret)).toBeUndefined();
    // An expired row is gone, not just refused.
    expect(handle.store.consoleSessions.countFor('li.wei')).toBe(1);
    await handle.clock.advance(12 * HOUR);
    expect(sessions.resolve(used.secret)).toBeUndefined();
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
