import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmRecord } from '../../src/ports.ts';
import { CredentialError, PlanVersionError } from '../../src/store/store-errors.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { openTestStore } from './store-fixture.ts';

const HASHES = { passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA', mosquittoHash: '$7$101$c2FsdA==$aGFzaA==' };

describe('centre repositories on a real SQLite file', () => {
  let handle: ReturnType<typeof openTestStore>;
  beforeEach(() => {
    handle = openTestStore();
  });
  afterEach(() => handle.dispose());

  it('registers gateways and re-provisions one with a new key', () => {
    const gw = new TestGateway();
    handle.store.gateways.register({ ...gw.registration, registeredAt: 5 });
    handle.store.gateways.register({ ...new TestGateway().registration, siteId: 'site-a2' });
    const store = handle.reopen();
    expect(store.gateways.list()).toHaveLength(1);
    expect(store.gateways.get(gw.gatewayId)).toMatchObject({ siteId: 'site-a2', registeredAt: 5 });
    expect(store.gateways.get(gw.gatewayId)?.publicKey).not.toBe(gw.registration.publicKey);
    expect(store.gateways.get('gw-none')).toBeUndefined();
  });

  it('round-trips alarms with and without optional fields, and inserts each alarmId once', () => {
    const bare: AlarmRecord = {
      alarmId: 'a1',
      kind: 'WRONG_BOX',
      severity: 'critical',
      state: 'raised',
      source: 'gateway:gw-branch-a',
      detail: { epc: 'E200' },
      raisedAt: 1_000,
    };
    const full: AlarmRecord = {
      ...bare,
      alarmId: 'a2',
      kind: 'ROUTE_DEVIATION',
      source: 'centre',
      siteId: 's',
      runId: 'r',
      stopSeq: 2,
      vehicleId: 'v',
      gatewayId: 'g',
      raisedAt: 2_000,
      clearedAt: 2_500,
      clearReason: 'back on route',
      state: 'resolved',
      acknowledgedBy: 'li',
      acknowledgedAt: 2_100,
      resolvedBy: 'li',
      resolvedAt: 3_000,
      resolutionNote: 'called the crew',
    };
    expect(handle.store.alarms.insert(bare)).toBe(true);
    expect(handle.store.alarms.insert({ ...bare, detail: { other: 1 } })).toBe(false);
    expect(handle.store.alarms.insert(full)).toBe(true);
    expect(handle.reopen().alarms.get('a1')).toEqual(bare);
    expect(handle.store.alarms.get('a2')).toEqual(full);
    handle.store.alarms.update({
      ...bare,
      state: 'acknowledged',
      acknowledgedBy: 'wang',
      acknowledgedAt: 1_500,
    });
    expect(handle.store.alarms.get('a1')).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'wang' });
    expect(handle.store.alarms.list({}).map((a) => a.alarmId)).toEqual(['a2', 'a1']);
    expect(handle.store.alarms.list({ state: 'resolved' }).map((a) => a.alarmId)).toEqual(['a2']);
    expect(handle.store.alarms.list({ kind: 'WRONG_BOX' }).map((a) => a.alarmId)).toEqual(['a1']);
    expect(handle.store.alarms.list({ since: 1_500 }).map((a) => a.alarmId)).toEqual(['a2']);
    expect(handle.store.alarms.list({ limit: 1 }).map((a) => a.alarmId)).toEqual(['a2']);
  });

  it('appends audit entries and lists them oldest first, filtered by time and actor', () => {
    handle.store.audit.append({ at: 1, actor: 'li', action: 'alarm.ack', target: 'a1' });
    handle.store.audit.append({
      at: 2,
      actor: 'wang',
      action: 'alarm.resolve',
      target: 'a1',
      detail: { note: 'ok' },
    });
    handle.store.audit.append({ at: 3, actor: 'li', action: 'token.create', target: 't1' });
    expect(handle.reopen().audit.list()).toEqual([
      { at: 1, actor: 'li', action: 'alarm.ack', target: 'a1' },
      { at: 2, actor: 'wang', action: 'alarm.resolve', target: 'a1', detail: { note: 'ok' } },
      { at: 3, actor: 'li', action: 'token.create', target: 't1' },
    ]);
    expect(handle.store.audit.list({ actor: 'li', since: 2 }).map((e) => e.at)).toEqual([3]);
    expect(handle.store.audit.list({ limit: 2 }).map((e) => e.at)).toEqual([1, 2]);
  });

  it('keeps only the SHA-256 of an API token, verifies the secret, and honours revocation', () => {
    const { token, secret } = handle.store.tokens.create({ name: 'console-li', role: 'duty-officer' });
    expect(secret).toMatch(/^vlt_[A-Za-z0-9_-]{43}$/);
    const reader = new Database(handle.path, { readonly: true });
    const rows = reader.prepare('SELECT * FROM api_tokens').all();
    reader.close();
    expect(rows).toEqual([
      expect.objectContaining({ hash: createHash('sha256').update(secret).digest('hex') }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(4));
    expect(handle.reopen().tokens.verify(secret)).toEqual({
      tokenId: token.tokenId,
      name: 'console-li',
      role: 'duty-officer',
    });
    expect(handle.store.tokens.verify(`${secret}x`)).toBeUndefined();
    expect(handle.store.tokens.revoke(token.tokenId)).toBe(true);
    expect(handle.store.tokens.revoke(token.tokenId)).toBe(false);
    expect(handle.store.tokens.verify(secret)).toBeUndefined();
    expect(handle.store.tokens.list()[0]).toMatchObject({
      tokenId: token.tokenId,
      revokedAt: handle.clock.now(),
    });
  });

  it('keeps every version of a day plan and refuses one that is not newer', () => {
    const plan = { runs: [{ runId: 'r1', stops: [] }] };
    handle.store.plans.save('2026-11-23', 1, plan);
    handle.store.plans.save('2026-11-23', 3, { ...plan, adHoc: true });
    expect(() => handle.store.plans.save('2026-11-23', 3, plan)).toThrow(PlanVersionError);
    expect(() => handle.store.plans.save('2026-11-23', 2, plan)).toThrow(/version 3 is already stored/);
    const store = handle.reopen();
    expect(store.plans.get('2026-11-23')).toMatchObject({ version: 3, plan: { ...plan, adHoc: true } });
    expect(store.plans.get('2026-11-23', 1)?.plan).toEqual(plan);
    expect(store.plans.versions('2026-11-23')).toEqual([1, 3]);
    expect(store.plans.get('2026-11-24')).toBeUndefined();
  });

  it('stores vehicles and gateway credentials as hashes, replacing them on rotation', () => {
    handle.store.vehicles.register({ vehicleId: 'v-01', plate: '粤B·12345', ...HASHES });
    handle.store.vehicles.register({
      vehicleId: 'v-01',
      plate: '粤B·12345',
      ...HASHES,
      passwordHash: 'rotated',
    });
    expect(handle.reopen().vehicles.list()).toEqual([
      {
        vehicleId: 'v-01',
        plate: '粤B·12345',
        ...HASHES,
        passwordHash: 'rotated',
        tagEpc: null,
        registeredAt: handle.clock.now(),
      },
    ]);
    expect(() => handle.store.gatewayCredentials.set('gw-none', HASHES)).toThrow(CredentialError);
    const gw = new TestGateway();
    handle.store.gateways.register(gw.registration);
    handle.store.gatewayCredentials.set(gw.gatewayId, HASHES);
    expect(handle.store.gatewayCredentials.get(gw.gatewayId)).toMatchObject(HASHES);
    expect(handle.store.gatewayCredentials.list().map((c) => c.gatewayId)).toEqual([gw.gatewayId]);
  });
});
