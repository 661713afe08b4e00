import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/console/auth/password-hash.ts';
import { openCentreStore } from '../../src/store/open-store.ts';
import { runCentreCli } from '../backup/centre-process.ts';
import { tempDir } from '../store/store-fixture.ts';

describe('vaultline-center user add (the command line)', () => {
  const dir = tempDir('vl-user-cli-');
  const config = join(dir.dir, 'center.json');
  writeFileSync(config, JSON.stringify({ dataDir: join(dir.dir, 'data') }));
  afterAll(() => dir.cleanup());
  // The password is piped in, as `printf '%s\n' "$PW" | vaultline-center …` does.
  const add = (password: string, username = 'li.wei') =>
    runCentreCli(
      ['user', 'add', '--config', config, '--username', username, '--name', '李伟', '--role', 'duty-officer'],
      { stdin: `${password}\n` },
    );

  it('creates the user from a piped password, and refuses a short one with what to do', async () => {
    const short = await add('too short', 'x.y');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('use at least 12');
    const created = await add('night shift passphrase');
    expect([created.code, created.stdout.trim()]).toEqual([
      0,
      'console user li.wei (李伟, duty-officer) created',
    ]);
    expect(created.stdout + created.stderr).not.toContain('night shift passphrase');
    const store = openCentreStore(join(dir.dir, 'data', 'center.db'));
    try {
      expect(store.consoleUsers.list().map((u) => u.username)).toEqual(['li.wei']);
      const hash = store.consoleUsers.get('li.wei')?.passwordHash ?? '';
      expect(await verifyPassword(hash, 'night shift passphrase')).toBe(true);
    } finally {
      store.close();
    }
  });
});
