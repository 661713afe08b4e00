import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/console/auth/password-hash.ts';
import { userAddCommand } from '../../src/console/auth/user-add-command.ts';
import { openTestStore } from '../store/store-fixture.ts';

describe('vaultline-center user add', () => {
  let handle: ReturnType<typeof openTestStore>;
  let out: string[];
  let err: string[];
  const io = (password = '') => ({
    out: (text: string) => out.push(text),
    err: (text: string) => err.push(text),
    readPassword: async () => password,
  });
  beforeEach(() => {
    handle = openTestStore();
    out = [];
    err = [];
  });
  afterEach(() => handle.dispose());

  const input = { username: 'li.wei', displayName: '李伟', role: 'duty-officer', actor: 'cli:root' };

  it('stores an argon2id hash (m=19456, t=2, p=1) of the password from standard input, and audits it', async () => {
    const code = await userAddCommand(handle.store, input, io('passphrase for the night shift'));
    expect([code, out, err]).toEqual([0, ['console user li.wei (李伟, duty-officer) created'], []]);
    const user = handle.store.consoleUsers.get('li.wei');
    expect(user?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(user?.passwordHash ?? '', 'passphrase for the night shift')).toBe(true);
    expect(await verifyPassword(user?.passwordHash ?? '', 'passphrase for the day shift')).toBe(false);
    expect(handle.store.audit.list()).toEqual([
      expect.objectContaining({
        actor: 'cli:root',
        action: 'console.user.add',
        target: 'user:li.wei',
        detail: { role: 'duty-officer' },
      }),
    ]);
  });

  it('reads the first line of a password file', async () => {
    const file = join(handle.dir, 'pw');
    writeFileSync(file, 'from a file, twelve+\nsecond line\n');
    expect(await userAddCommand(handle.store, { ...input, passwordFile: file }, io())).toBe(0);
    const hash = handle.store.consoleUsers.get('li.wei')?.passwordHash ?? '';
    expect(await verifyPassword(hash, 'from a file, twelve+')).toBe(true);
  });

  it('refuses a password under 12 characters, an unknown role, a taken name, storing nothing', async () => {
    expect(await userAddCommand(handle.store, input, io('short pw 11'))).toBe(1);
    expect(err.pop()).toContain('use at least 12');
    expect(handle.store.consoleUsers.list()).toEqual([]);
    expect(await userAddCommand(handle.store, { ...input, role: 'root' }, io('long enough password'))).toBe(
      2,
    );
    expect(err.pop()).toContain('admin, dispatcher, duty-officer or auditor');
    expect(
      await userAddCommand(handle.store, { ...input, username: 'Li Wei' }, io('long enough password')),
    ).toBe(1);
    expect(err.pop()).toContain('lowercase letters');
    expect(await userAddCommand(handle.store, input, io('long enough password'))).toBe(0);
    expect(await userAddCommand(handle.store, input, io('another long password'))).toBe(1);
    expect(err.pop()).toContain('already exists');
    expect(handle.store.audit.list()).toHaveLength(1);
  });
});
