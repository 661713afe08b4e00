import { join } from 'node:path';
import { ValidationError } from '@vaultline/shared/contract/validate';
import { generateAtRestKey } from '@vaultline/shared/crypto/at-rest';
import { SealedDataError } from '@vaultline/shared/crypto/crypto-errors';
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  publicKeyToPem,
} from '@vaultline/shared/crypto/keys';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CentreStore, openCentreStore } from '../../src/store/open-store.ts';
import { RegistryError, UnknownRecordError } from '../../src/store/registry-errors.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { tempDir } from './store-fixture.ts';

const HASHES = { passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA', mosquittoHash: '$7$101$c2FsdA==$aGFzaA==' };
const VAULT = {
  siteId: 'vault-1',
  name: '中心金库',
  kind: 'vault' as const,
  position: { lat: 39.9, lon: 116.4 },
  geofenceM: 150,
};
const BRANCH = { ...VAULT, siteId: 'branch-a', name: '朝阳支行', kind: 'branch' as const, geofenceM: 80 };
const ESCORT = {
  personId: 'p-zhang',
  name: '张伟',
  employeeNo: 'E-001',
  role: 'escort' as const,
  company: '安保押运',
};
const TELLER = {
  personId: 'p-li',
  name: '李娜',
  employeeNo: 'T-001',
  role: 'teller' as const,
  siteId: 'branch-a',
};
/** A minimal whole JPEG: SOI, some bytes, EOI. */
const jpeg = (fill: number, size = 64) =>
  Uint8Array.from([0xff, 0xd8, ...new Array(size).fill(fill), 0xff, 0xd9]);
const template = (fill: number) => new Uint8Array(512).fill(fill);

describe('centre registries on a real SQLite file', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  let key: Uint8Array;
  let clock: FakeClock;
  let store: CentreStore;
  const reopen = (atRestKey: Uint8Array | null = key) => {
    store.close();
    store = openCentreStore(path, { clock, ...(atRestKey ? { atRestKey } : {}) });
    return store;
  };
  const raw = <T>(query: string, ...params: unknown[]): T[] => {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare(query).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.dir, 'centre.db');
    key = generateAtRestKey();
    clock = new FakeClock();
    store = openCentreStore(path, { clock, atRestKey: key });
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('saves, updates and lists sites, refusing a bad one with every problem named', () => {
    store.sites.save(VAULT);
    store.sites.save(BRANCH);
    store.sites.save({ ...BRANCH, name: '朝阳支行（新址）', geofenceM: 120 });
    expect(reopen().sites.list()).toEqual([{ ...BRANCH, name: '朝阳支行（新址）', geofenceM: 120 }, VAULT]);
    expect(store.sites.get('vault-1')).toEqual(VAULT);
    expect(store.sites.get('nowhere')).toBeUndefined();
    const bad = { ...VAULT, siteId: 'bad id', kind: 'atm', position: { lat: 91, lon: 0 }, geofenceM: 0 };
    const error = catchError(() => store.sites.save(bad as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      '/siteId must match ^[A-Za-z0-9._:-]+$',
      '/kind must be one of "vault", "branch"',
      '/position/lat must be ≤ 90',
      '/geofenceM must be ≥ 10',
    ]);
    expect(store.sites.list()).toHaveLength(2);
  });

  it('saves boxes, retires them (idempotently) and un-retires on save', async () => {
    store.sites.save(BRANCH);
    expect(() =>
      store.boxes.save({ epc: 'E2000017221101010000000A', label: 'A-1', homeSiteId: 'nowhere' }),
    ).toThrow(/site "nowhere" is not registered/);
    expect(() => store.boxes.save({ epc: 'e200', label: 'A-1' })).toThrow(ValidationError);
    store.boxes.save({ epc: 'E2000017221101010000000A', label: 'A-1', homeSiteId: 'branch-a' });
    store.boxes.save({ epc: 'E2000017221101010000000B', label: 'A-2' });
    await clock.advance(1_000);
    store.boxes.retire('E2000017221101010000000A');
    await clock.advance(1_000);
    store.boxes.retire('E2000017221101010000000A');
    expect(
      raw<{ retired_at: number }>('SELECT retired_at FROM boxes WHERE epc = ?', 'E2000017221101010000000A'),
    ).toEqual([{ retired_at: clock.now() - 1_000 }]);
    expect(reopen().boxes.list()).toEqual([
      { epc: 'E2000017221101010000000A', label: 'A-1', homeSiteId: 'branch-a', retired: true },
      { epc: 'E2000017221101010000000B', label: 'A-2', retired: false },
    ]);
    store.boxes.save({ epc: 'E2000017221101010000000A', label: 'A-1 (repaired)' });
    expect(store.boxes.get('E2000017221101010000000A')).toEqual({
      epc: 'E2000017221101010000000A',
      label: 'A-1 (repaired)',
      retired: false,
    });
    expect(store.boxes.get('E2000017221101010000000C')).toBeUndefined();
    expect(() => store.boxes.retire('E2000017221101010000000C')).toThrow(UnknownRecordError);
  });

  it('keeps people with their site, filters them, and refuses staff without a known site', () => {
    store.sites.save(BRANCH);
    store.people.save(ESCORT, 'console:admin');
    store.people.save(TELLER, 'personnel-file:01J0');
    expect(() =>
      store.people.save({ ...TELLER, personId: 'p-x', siteId: undefined }, 'console:admin'),
    ).toThrow(/staff work at one site/);
    expect(() =>
      store.people.save({ ...TELLER, personId: 'p-y', siteId: 'nowhere' }, 'console:admin'),
    ).toThrow(UnknownRecordError);
    expect(() => store.people.save({ ...ESCORT, role: 'driver' as never }, 'console:admin')).toThrow(
      ValidationError,
    );
    expect(reopen().people.get('p-zhang')).toEqual({
      ...ESCORT,
      hasPhoto: false,
      templateCount: 0,
      source: 'console:admin',
      retired: false,
    });
    expect(store.people.list().map((p) => p.personId)).toEqual(['p-li', 'p-zhang']);
    expect(store.people.list({ role: 'teller' }).map((p) => p.personId)).toEqual(['p-li']);
    expect(store.people.list({ siteId: 'branch-a' })).toEqual([
      { ...TELLER, hasPhoto: false, templateCount: 0, source: 'personnel-file:01J0', retired: false },
    ]);
    store.people.save({ ...ESCORT, name: '张伟伟' }, 'console:li');
    expect(store.people.get('p-zhang')).toMatchObject({ name: '张伟伟', source: 'console:li' });
    expect(store.people.get('p-nobody')).toBeUndefined();
  });

  it('seals photos and templates at rest and opens them again', () => {
    store.people.save(ESCORT, 'console:admin');
    const photo = jpeg(0x42);
    store.people.setPhoto('p-zhang', photo);
    store.people.setTemplate('p-zhang', 1, template(0x22), 'centre:admin');
    store.people.setTemplate('p-zhang', 0, template(0x11), 'personnel-file');
    store.people.setTemplate('p-zhang', 1, template(0x33), 'branch:gw-branch-a');
    const reopened = reopen();
    expect(reopened.people.photo('p-zhang')).toEqual(photo);
    expect(reopened.people.templates('p-zhang')).toEqual([template(0x11), template(0x33)]);
    expect(reopened.people.get('p-zhang')).toMatchObject({ hasPhoto: true, templateCount: 2 });
    reopened.people.save({ ...ESCORT, personId: 'p-wang', employeeNo: 'E-002' }, 'console:admin');
    reopened.people.setTemplate('p-wang', 0, template(0x44), 'centre:admin');
    expect(reopened.people.list().map((p) => [p.personId, p.templateCount, p.hasPhoto])).toEqual([
      ['p-wang', 1, false],
      ['p-zhang', 2, true],
    ]);

    const [row] = raw<{ photo_sealed: Buffer }>('SELECT photo_sealed FROM people');
    expect(row?.photo_sealed.length).toBeGreaterThan(photo.length);
    expect(row?.photo_sealed.includes(Buffer.from(photo.subarray(2, 34)))).toBe(false);
    const templates = raw<{ slot: number; template_sealed: Buffer; enrolled_via: string }>(
      "SELECT slot, template_sealed, enrolled_via FROM person_templates WHERE person_id = 'p-zhang' ORDER BY slot",
    );
    expect(templates.map((t) => [t.slot, t.enrolled_via])).toEqual([
      [0, 'personnel-file'],
      [1, 'branch:gw-branch-a'],
    ]);
    for (const t of templates)
      expect(t.template_sealed.includes(Buffer.alloc(32, t.slot === 0 ? 0x11 : 0x33))).toBe(false);
  });

  it('refuses sealed data moved to another person or slot, or opened with another key', () => {
    store.people.save(ESCORT, 'console:admin');
    store.people.save({ ...ESCORT, personId: 'p-wang', employeeNo: 'E-002' }, 'console:admin');
    store.people.setPhoto('p-zhang', jpeg(1));
    store.people.setTemplate('p-zhang', 0, template(1), 'personnel-file');
    store.people.setTemplate('p-zhang', 1, template(2), 'personnel-file');
    store.close();
    const db = new Database(path);
    db.prepare(
      "UPDATE people SET photo_sealed = (SELECT photo_sealed FROM people WHERE person_id = 'p-zhang') WHERE person_id = 'p-wang'",
    ).run();
    db.prepare(
      "INSERT INTO person_templates SELECT 'p-wang', slot, template_sealed, enrolled_via, enrolled_at FROM person_templates WHERE person_id = 'p-zhang' AND slot = 0",
    ).run();
    // Swap the two slots of p-zhang: each blob now sits under the other slot's context.
    for (const [from, to] of [
      [0, 9],
      [1, 0],
      [9, 1],
    ])
      db.prepare("UPDATE person_templates SET slot = ? WHERE person_id = 'p-zhang' AND slot = ?").run(
        to,
        from,
      );
    db.close();
    store = openCentreStore(path, { clock, atRestKey: key });
    expect(() => store.people.photo('p-wang')).toThrow(SealedDataError);
    expect(() => store.people.photo('p-wang')).toThrow(
      /photo of person p-wang: sealed data failed authentication/,
    );
    expect(() => store.people.templates('p-wang')).toThrow(/template 0 of person p-wang/);
    expect(() => store.people.templates('p-zhang')).toThrow(SealedDataError);
    const otherKey = reopen(generateAtRestKey());
    expect(() => otherKey.people.photo('p-zhang')).toThrow(/another key/);
  });

  it('refuses photos and templates that break the rules, and unknown people', () => {
    store.people.save(ESCORT, 'console:admin');
    const tooBig = new Uint8Array(300 * 1024 + 1).fill(0);
    tooBig.set([0xff, 0xd8]);
    tooBig.set([0xff, 0xd9], tooBig.length - 2);
    expect(() => store.people.setPhoto('p-zhang', tooBig)).toThrow(/the limit is 307200/);
    expect(() => store.people.setPhoto('p-zhang', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toThrow(
      /not a whole JPEG/,
    );
    expect(() => store.people.setPhoto('p-zhang', jpeg(1).subarray(0, 20))).toThrow(/FF D9/);
    expect(() =>
      store.people.setTemplate('p-zhang', 0, new Uint8Array(8 * 1024 + 1), 'personnel-file'),
    ).toThrow(/1–8192 bytes/);
    expect(() => store.people.setTemplate('p-zhang', 0, new Uint8Array(0), 'personnel-file')).toThrow(
      RegistryError,
    );
    expect(() => store.people.setTemplate('p-zhang', 10, template(1), 'personnel-file')).toThrow(
      /outside 0–9/,
    );
    expect(() => store.people.setTemplate('p-zhang', 0, template(1), 'somebody')).toThrow(/who enrolled/);
    expect(() => store.people.setPhoto('p-nobody', jpeg(1))).toThrow(UnknownRecordError);
    expect(() => store.people.setTemplate('p-nobody', 0, template(1), 'personnel-file')).toThrow(
      /person "p-nobody" is not registered/,
    );
    expect(() => store.people.retire('p-nobody')).toThrow(UnknownRecordError);
    expect(store.people.photo('p-nobody')).toBeUndefined();
    expect(store.people.templates('p-nobody')).toEqual([]);
    expect(store.people.get('p-zhang')).toMatchObject({ hasPhoto: false, templateCount: 0 });
  });

  it('retires a person: kept with photo for history, templates deleted, out of lists until saved again', () => {
    store.people.save(ESCORT, 'console:admin');
    store.people.setPhoto('p-zhang', jpeg(7));
    store.people.setTemplate('p-zhang', 0, template(7), 'personnel-file');
    store.people.retire('p-zhang');
    store.people.retire('p-zhang');
    const reopened = reopen();
    expect(reopened.people.get('p-zhang')).toMatchObject({ retired: true, hasPhoto: true, templateCount: 0 });
    expect(reopened.people.photo('p-zhang')).toEqual(jpeg(7));
    expect(raw('SELECT * FROM person_templates')).toEqual([]);
    expect(reopened.people.list()).toEqual([]);
    expect(reopened.people.list({ includeRetired: true }).map((p) => p.personId)).toEqual(['p-zhang']);
    expect(() => reopened.people.setTemplate('p-zhang', 0, template(7), 'personnel-file')).toThrow(
      /is retired/,
    );
    reopened.people.save(ESCORT, 'console:admin');
    expect(reopened.people.get('p-zhang')?.retired).toBe(false);
  });

  it('manages particulars without the at-rest key but refuses photos and templates', () => {
    const keyless = reopen(null);
    keyless.people.save(ESCORT, 'console:admin');
    expect(keyless.people.get('p-zhang')?.name).toBe('张伟');
    expect(() => keyless.people.setPhoto('p-zhang', jpeg(1))).toThrow(
      /opened without the centre's at-rest key/,
    );
    expect(() => keyless.people.photo('p-zhang')).toThrow(RegistryError);
    expect(() => keyless.people.templates('p-zhang')).toThrow(/AT_REST|at-rest key/);
    expect(raw('SELECT photo_sealed FROM people')).toEqual([{ photo_sealed: null }]);
  });

  it("records a gateway's encryption key and a vehicle's tag", () => {
    const gw = new TestGateway();
    const pem = publicKeyToPem(generateEncryptionKeyPair().publicKey);
    handleGateway(store, gw, pem);
    expect(reopen().gateways.get(gw.gatewayId)?.encryptionPublicKey).toBe(pem);
    store.gateways.register(gw.registration);
    expect(store.gateways.get(gw.gatewayId)?.encryptionPublicKey).toBe(pem);
    const ed25519 = publicKeyToPem(generateSigningKeyPair().publicKey);
    expect(() => store.gateways.setEncryptionPublicKey(gw.gatewayId, ed25519)).toThrow(
      /X25519 encryption key/,
    );
    expect(() => store.gateways.setEncryptionPublicKey('gw-none', pem)).toThrow(UnknownRecordError);
    const other = new TestGateway();
    store.gateways.register({ ...other.registration, gatewayId: 'gw-other' });
    expect(store.gateways.get('gw-other')).not.toHaveProperty('encryptionPublicKey');

    store.vehicles.register({ vehicleId: 'V1', plate: '京A·C1234', ...HASHES });
    store.vehicles.register({ vehicleId: 'V2', plate: '京A·C5678', ...HASHES });
    store.vehicles.setTagEpc('V1', 'E20000172211010100000001');
    store.vehicles.register({ vehicleId: 'V1', plate: '京A·C1234', ...HASHES, passwordHash: 'rotated' });
    expect(reopen().vehicles.get('V1')).toMatchObject({
      tagEpc: 'E20000172211010100000001',
      passwordHash: 'rotated',
    });
    expect(() => store.vehicles.setTagEpc('V2', 'E20000172211010100000001')).toThrow(/already on vehicle V1/);
    expect(() => store.vehicles.setTagEpc('V2', 'e2000017')).toThrow(/uppercase hex/);
    expect(() => store.vehicles.setTagEpc('V9', 'E20000172211010100000009')).toThrow(UnknownRecordError);
    store.vehicles.setTagEpc('V1', null);
    store.vehicles.setTagEpc('V2', 'E20000172211010100000001');
    expect(store.vehicles.list().map((v) => v.tagEpc)).toEqual([null, 'E20000172211010100000001']);
  });
});

function handleGateway(store: CentreStore, gw: TestGateway, pem: string): void {
  store.gateways.register(gw.registration);
  expect(store.gateways.get(gw.gatewayId)).not.toHaveProperty('encryptionPublicKey');
  store.gateways.setEncryptionPublicKey(gw.gatewayId, pem);
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
