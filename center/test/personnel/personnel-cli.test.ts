import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCentreKeys } from '../../src/keys/centre-keys.ts';
import { openCentreStore } from '../../src/store/open-store.ts';
import { runCentreCli } from '../backup/centre-process.ts';
import { tempDir } from '../store/store-fixture.ts';
import { moduleTemplate, personnelFile, tinyJpeg } from './personnel-fixture.ts';

describe('vaultline-center personnel seal / import, as an escort company and the centre run them', () => {
  const dir = tempDir('vl-personnel-cli-');
  const config = join(dir.dir, 'center.json');
  const people = join(dir.dir, 'people.json');
  const sealed = join(dir.dir, 'people.jwe');
  let encryptionKeyFile: string;

  beforeAll(async () => {
    writeFileSync(config, JSON.stringify({ dataDir: 'data' }));
    writeFileSync(people, JSON.stringify(personnelFile(), null, 2));
    const keys = await runCentreCli(['keys', '--config', config]);
    expect(keys.code).toBe(0);
    encryptionKeyFile = /encryption public key .*: (\S+)/.exec(keys.stdout)?.[1] ?? '';
    expect(keys.stdout).toContain(readFileSync(encryptionKeyFile, 'utf8').trim());
    expect(keys.stdout).not.toContain('PRIVATE KEY');
    const site = await runCentreCli(
      ['site', 'add', '--id', 'branch-a', '--name', '朝阳支行', '--kind', 'branch'].concat([
        '--lat',
        '39.92',
        '--lon',
        '116.45',
        '--config',
        config,
      ]),
    );
    expect(site).toMatchObject({ code: 0, stdout: 'site branch-a (branch) added\n' });
  }, 60_000);
  afterAll(() => dir.cleanup());
  const seal = (out: string) =>
    runCentreCli(['personnel', 'seal', '--centre-key', encryptionKeyFile, '--in', people, '--out', out]);

  it('seals without a centre config, imports once, and refuses the same file again', async () => {
    const sealing = await seal(sealed);
    expect(sealing.stderr).toBe('');
    expect(sealing.stdout).toContain('sealed 3 people of 安保押运有限公司');
    expect(statSync(sealed).mode & 0o777).toBe(0o600);
    expect(readFileSync(sealed, 'utf8')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\n$/);

    const imported = await runCentreCli(['personnel', 'import', sealed, '--config', config]);
    expect(imported.stdout).toMatch(/imported \(import \w{26}\): 3 added, 0 updated, 4 templates/);
    const keys = loadOrCreateCentreKeys(join(dir.dir, 'data'));
    const store = openCentreStore(join(dir.dir, 'data', 'center.db'), { atRestKey: keys.atRestKey });
    try {
      expect(store.people.photo('p-wang')).toEqual(tinyJpeg(2));
      expect(store.people.templates('p-zhang')).toEqual([moduleTemplate(0x11), moduleTemplate(0x12)]);
      expect(store.audit.list()).toEqual([
        expect.objectContaining({ action: 'personnel.import', actor: expect.stringMatching(/^cli:/) }),
      ]);
    } finally {
      store.close();
    }

    const again = await runCentreCli(['personnel', 'import', sealed, '--config', config]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('this personnel file was already imported');
  }, 60_000);

  it('refuses a tampered file and a file that is not valid, with exit code 1 and the reason', async () => {
    const tampered = join(dir.dir, 'tampered.jwe');
    const parts = readFileSync(sealed, 'utf8').trim().split('.');
    parts[3] = `${parts[3]!.slice(0, 10)}${parts[3]![10] === 'A' ? 'B' : 'A'}${parts[3]!.slice(11)}`;
    writeFileSync(tampered, parts.join('.'));
    const refused = await runCentreCli(['personnel', 'import', tampered, '--config', config]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("cannot be opened with this centre's encryption key");

    const bad = personnelFile();
    bad.people[0]!.role = 'driver' as never;
    writeFileSync(people, JSON.stringify(bad));
    const sealing = await seal(tampered);
    expect(sealing.code).toBe(1);
    expect(sealing.stderr).toContain('/people/0/role must be one of');
    const missing = await runCentreCli(['personnel', 'seal', '--in', people, '--out', tampered]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('personnel seal needs --centre-key');
  }, 60_000);
});
