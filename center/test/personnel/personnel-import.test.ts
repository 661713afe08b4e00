import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { generateEncryptionKeyPair } from '@vaultline/shared/crypto/keys';
import {
  PersonnelContentError,
  PersonnelDecryptError,
  PersonnelDuplicateError,
  PersonnelFormatError,
} from '@vaultline/shared/personnel/personnel-errors';
import { PERSONNEL_CONTENT_TYPE, sealPersonnelFile } from '@vaultline/shared/personnel/personnel-seal';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { CompactEncrypt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CentreKeys, loadOrCreateCentreKeys } from '../../src/keys/centre-keys.ts';
import { importPersonnelFile } from '../../src/personnel/personnel-import.ts';
import {
  PersonnelAlreadyImportedError,
  PersonnelRegistryError,
} from '../../src/personnel/personnel-import-errors.ts';
import { type CentreStore, openCentreStore } from '../../src/store/open-store.ts';
import { tempDir } from '../store/store-fixture.ts';
import { BRANCH_A, moduleTemplate, personnelFile, tinyJpeg } from './personnel-fixture.ts';

const ACTOR = 'console:admin';

/** Seals anything as a personnel JWE, bypassing the seal-side checks (what a careless tool could send). */
function sealRaw(value: unknown, keys: CentreKeys): Promise<string> {
  return new CompactEncrypt(Buffer.from(JSON.stringify(value), 'utf8'))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: PERSONNEL_CONTENT_TYPE })
    .encrypt(keys.encryptionPublicKey);
}

/** Replaces one base64url character of compact-JWE part `part` with another valid one. */
function flipPart(jwe: string, part: number): string {
  const parts = jwe.split('.');
  const text = parts[part]!;
  const at = Math.floor(text.length / 2);
  parts[part] = `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
  return parts.join('.');
}

describe('personnel import', () => {
  let dir: ReturnType<typeof tempDir>;
  let keys: CentreKeys;
  let store: CentreStore;
  const clock = new FakeClock(Date.parse('2026-11-23T08:00:00Z'));
  const deps = () => ({ store, centreEncryptionKey: keys.encryptionKey, clock });
  const nothingStored = () => {
    expect(store.people.list({ includeRetired: true })).toEqual([]);
    expect(store.personnelImports.list()).toEqual([]);
    expect(store.audit.list()).toEqual([]);
  };

  beforeEach(() => {
    dir = tempDir();
    keys = loadOrCreateCentreKeys(join(dir.dir, 'data'));
    store = openCentreStore(join(dir.dir, 'centre.db'), { clock, atRestKey: keys.atRestKey });
    store.sites.save(BRANCH_A);
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('stores people, photos and templates readable through the directory, with import record and audit', async () => {
    const sealed = await sealPersonnelFile(personnelFile(), keys.encryptionPublicKey);
    const summary = await importPersonnelFile(sealed, deps(), ACTOR);
    expect(summary).toEqual({
      importId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      company: '安保押运有限公司',
      added: 3,
      updated: 0,
      templates: 4,
    });
    const source = `personnel-file:${summary.importId}`;
    expect(store.people.list()).toEqual([
      {
        personId: 'p-li',
        name: '李娜',
        employeeNo: 'T-001',
        role: 'teller',
        company: '安保押运有限公司',
        siteId: 'branch-a',
        hasPhoto: true,
        templateCount: 1,
        source,
        retired: false,
      },
      expect.objectContaining({ personId: 'p-wang', templateCount: 1, source }),
      expect.objectContaining({ personId: 'p-zhang', role: 'escort', templateCount: 2, source }),
    ]);
    expect(store.people.get('p-zhang')).not.toHaveProperty('siteId');
    expect(store.people.photo('p-zhang')).toEqual(tinyJpeg(1));
    expect(store.people.templates('p-zhang')).toEqual([moduleTemplate(0x11), moduleTemplate(0x12)]);
    expect(store.people.templates('p-li')).toEqual([moduleTemplate(0x31)]);
    expect(store.personnelImports.list()).toEqual([
      {
        importId: summary.importId,
        fileSha256: createHash('sha256').update(sealed).digest('hex'),
        company: '安保押运有限公司',
        peopleCount: 3,
        importedBy: ACTOR,
        importedAt: clock.now(),
      },
    ]);
    const audit = store.audit.list();
    expect(audit).toEqual([
      expect.objectContaining({ actor: ACTOR, action: 'personnel.import', target: summary.importId }),
    ]);
    expect(audit[0]?.detail).toMatchObject({ added: 3, updated: 0, templates: 4 });
    const photoB64 = personnelFile().people[0]!.photoJpeg;
    expect(JSON.stringify(audit)).not.toContain(photoB64.slice(0, 40));
  });

  it('updates known people from a later file, replacing file-enrolled templates and keeping branch ones', async () => {
    await importPersonnelFile(
      await sealPersonnelFile(personnelFile(), keys.encryptionPublicKey),
      deps(),
      ACTOR,
    );
    store.people.setTemplate('p-zhang', 5, moduleTemplate(0x55), 'branch:gw-branch-a');
    const later = personnelFile();
    const zhang = later.people[0]!;
    zhang.name = '张伟（复核）';
    zhang.templates = [Buffer.from(moduleTemplate(0x99)).toString('base64')];
    later.issuedAt = '2026-11-23T07:00:00+08:00';
    const summary = await importPersonnelFile(
      await sealPersonnelFile(later, keys.encryptionPublicKey),
      deps(),
      ACTOR,
    );
    expect(summary).toMatchObject({ added: 0, updated: 3, templates: 3 });
    expect(store.people.get('p-zhang')).toMatchObject({ name: '张伟（复核）', templateCount: 2 });
    expect(store.people.templates('p-zhang')).toEqual([moduleTemplate(0x99), moduleTemplate(0x55)]);
    expect(store.personnelImports.list()).toHaveLength(2);
  });

  it('refuses the same file twice and stores nothing more', async () => {
    const sealed = await sealPersonnelFile(personnelFile(), keys.encryptionPublicKey);
    const first = await importPersonnelFile(sealed, deps(), ACTOR);
    store.people.setTemplate('p-wang', 3, moduleTemplate(0x77), 'centre:admin');
    const again = importPersonnelFile(`${sealed}\n`, deps(), 'console:other');
    await expect(again).rejects.toThrow(PersonnelAlreadyImportedError);
    await expect(importPersonnelFile(sealed, deps(), ACTOR)).rejects.toThrow(
      new RegExp(`already imported \\(import ${first.importId}`),
    );
    expect(store.personnelImports.list()).toHaveLength(1);
    expect(store.audit.list()).toHaveLength(1);
    expect(store.people.get('p-wang')?.templateCount).toBe(2);
  });

  it('refuses a tampered ciphertext or protected header, with nothing stored', async () => {
    const sealed = await sealPersonnelFile(personnelFile(), keys.encryptionPublicKey);
    await expect(importPersonnelFile(flipPart(sealed, 3), deps(), ACTOR)).rejects.toThrow(
      PersonnelDecryptError,
    );
    await expect(importPersonnelFile(flipPart(sealed, 0), deps(), ACTOR)).rejects.toThrow(
      PersonnelDecryptError,
    );
    // A header that still parses, with one member changed: it is authenticated data of the GCM tag.
    const [header, ...rest] = sealed.split('.');
    const changed = { ...JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')), kid: 'other' };
    const forged = [Buffer.from(JSON.stringify(changed)).toString('base64url'), ...rest].join('.');
    await expect(importPersonnelFile(forged, deps(), ACTOR)).rejects.toThrow(/altered in transit/);
    nothingStored();
  });

  it('refuses a file sealed to another key, and something that is not a JWE', async () => {
    const other = generateEncryptionKeyPair();
    const sealed = await sealPersonnelFile(personnelFile(), other.publicKey);
    await expect(importPersonnelFile(sealed, deps(), ACTOR)).rejects.toThrow(/sealed to another key/);
    await expect(importPersonnelFile('{"people": []}', deps(), ACTOR)).rejects.toThrow(PersonnelFormatError);
    await expect(importPersonnelFile(sealed.split('.').slice(0, 3).join('.'), deps(), ACTOR)).rejects.toThrow(
      /not a JWE in compact form/,
    );
    const plan = await new CompactEncrypt(Buffer.from('{}'))
      .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'vaultline-plan+json' })
      .encrypt(keys.encryptionPublicKey);
    await expect(importPersonnelFile(plan, deps(), ACTOR)).rejects.toThrow(
      /content type "vaultline-plan\+json"/,
    );
    nothingStored();
  });

  it('lists every schema problem with its path, then photo and template problems', async () => {
    const file = personnelFile() as unknown as { people: Array<Record<string, unknown>>; extra?: number };
    file.people[0]!.role = 'driver';
    delete file.people[1]!.employeeNo;
    file.people[2]!.templates = [];
    file.extra = 1;
    const error = await importPersonnelFile(await sealRaw(file, keys), deps(), ACTOR).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PersonnelContentError);
    expect((error as PersonnelContentError).problems).toEqual([
      '/extra is not an allowed property',
      '/people/0/role must be one of "escort", "teller", "branch-manager", "vault-manager"',
      '/people/1/employeeNo is required',
      '/people/2/templates must have at least 1 items',
    ]);
    const media = personnelFile();
    media.people[1]!.photoJpeg = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]).toString('base64');
    media.people[2]!.templates.push(Buffer.alloc(8 * 1024 + 1).toString('base64'));
    const mediaError = await importPersonnelFile(await sealRaw(media, keys), deps(), ACTOR).catch(
      (e: unknown) => e,
    );
    expect((mediaError as PersonnelContentError).problems).toEqual([
      expect.stringMatching(/^\/people\/1\/photoJpeg is not a whole JPEG/),
      expect.stringMatching(/^\/people\/2\/templates\/1 is 8193 bytes/),
    ]);
    await expect(importPersonnelFile(await sealRaw('not json', keys), deps(), ACTOR)).rejects.toThrow(
      PersonnelContentError,
    );
    nothingStored();
  });

  it('refuses duplicate people and people that do not fit the registries, with nothing stored', async () => {
    const twice = personnelFile();
    twice.people.push(
      { ...twice.people[0]!, employeeNo: 'E-009' },
      { ...twice.people[1]!, personId: 'p-new' },
    );
    const duplicate = await importPersonnelFile(await sealRaw(twice, keys), deps(), ACTOR).catch(
      (e: unknown) => e,
    );
    expect(duplicate).toBeInstanceOf(PersonnelDuplicateError);
    expect((duplicate as PersonnelDuplicateError).problems).toEqual([
      '/people/3/personId "p-zhang" is already used by /people/0',
      '/people/4/employeeNo "E-002" is already used by /people/1',
    ]);

    store.people.save(
      { personId: 'p-wang', name: '王强', employeeNo: 'X-1', role: 'escort', company: '另一家押运' },
      ACTOR,
    );
    const misfit = personnelFile();
    misfit.people[2]!.siteId = 'branch-z';
    misfit.people.push({
      ...misfit.people[2]!,
      personId: 'p-mgr',
      employeeNo: 'M-1',
      role: 'branch-manager',
    });
    delete misfit.people[3]!.siteId;
    const error = await importPersonnelFile(
      await sealPersonnelFile(misfit, keys.encryptionPublicKey),
      deps(),
      ACTOR,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersonnelRegistryError);
    expect((error as PersonnelRegistryError).problems).toEqual([
      '/people/1/personId "p-wang" belongs to company "另一家押运"; "安保押运有限公司" may deliver only its own people',
      '/people/2/siteId "branch-z" is not a registered site (add it at the centre first)',
      '/people/3/siteId is required: a branch-manager works at one site',
    ]);
    expect(store.people.list().map((p) => p.personId)).toEqual(['p-wang']);
    expect(store.personnelImports.list()).toEqual([]);
  });
});
