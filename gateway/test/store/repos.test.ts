import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FACE_RETENTION_MS } from '../../src/store/face-capture-repo.ts';
import { PlanVersionError, StoreError } from '../../src/store/store-errors.ts';
import { openTestStore, sampleEngineState } from './store-fixture.ts';

const DAY = 24 * 60 * 60 * 1000;

function plan(version: number): SitePlan {
  return {
    v: 1,
    planId: 'plan-2026-11-23',
    version,
    date: '2026-11-23',
    issuedAt: '2026-11-23T06:00:00.000Z',
    siteId: 'branch-a',
    gatewayId: 'gw-branch-a',
    runs: [],
    vehicles: [{ vehicleId: 'v1', plate: '京A·12345', tagEpc: 'E2000017221101441890ABCD' }],
    people: [],
  };
}

let handle: ReturnType<typeof openTestStore>;
afterEach(() => handle.dispose());

describe('EngineStateRepo', () => {
  it('is empty at first, then returns the last saved state, also after reopen', () => {
    handle = openTestStore();
    expect(handle.store.engineState.load()).toBeNull();
    expect(handle.store.engineState.revision()).toBe(0);
    handle.store.engineState.save(sampleEngineState(['r1#1']));
    handle.store.engineState.save(sampleEngineState(['r1#1', 'r2#3']));
    expect(handle.store.engineState.revision()).toBe(2);
    expect(handle.reopen().engineState.load()).toEqual(sampleEngineState(['r1#1', 'r2#3']));
  });

  it('refuses a state written by another engine version instead of misreading it', () => {
    handle = openTestStore();
    handle.store.engineState.save(sampleEngineState());
    const db = new Database(handle.path);
    db.prepare('UPDATE engine_state SET version = 2').run();
    db.close();
    expect(() => handle.store.engineState.load()).toThrow(/version 2, this gateway reads version 1/);
  });
});

describe('PlanRepo', () => {
  it('makes the highest accepted version current and keeps the older ones', () => {
    handle = openTestStore();
    const { plans } = handle.store;
    expect(plans.current()).toBeNull();
    plans.accept({ version: 1, jws: 'jws.v1', plan: plan(1), acceptedAt: 1000 });
    plans.accept({ version: 3, jws: 'jws.v3', plan: plan(3), acceptedAt: 2000 });
    expect(handle.reopen().plans.current()).toEqual({
      version: 3,
      jws: 'jws.v3',
      plan: plan(3),
      acceptedAt: 2000,
    });
    expect(handle.store.plans.history()).toEqual([
      { version: 3, planId: 'plan-2026-11-23', acceptedAt: 2000 },
      { version: 1, planId: 'plan-2026-11-23', acceptedAt: 1000 },
    ]);
  });

  it('refuses an equal or lower version (replay, downgrade)', () => {
    handle = openTestStore();
    const { plans } = handle.store;
    plans.accept({ version: 5, jws: 'jws.v5', plan: plan(5), acceptedAt: 1000 });
    for (const version of [5, 4]) {
      const attempt = () => plans.accept({ version, jws: 'old', plan: plan(version), acceptedAt: 2000 });
      expect(attempt).toThrow(PlanVersionError);
      expect(attempt).toThrow(`plan version ${version} refused: version 5 is already stored`);
    }
    expect(plans.current()?.jws).toBe('jws.v5');
  });

  it('refuses a version that differs from the payload', () => {
    handle = openTestStore();
    expect(() => handle.store.plans.accept({ version: 9, jws: 'x', plan: plan(2), acceptedAt: 0 })).toThrow(
      StoreError,
    );
    expect(handle.store.plans.current()).toBeNull();
  });
});

describe('FaceCaptureRepo', () => {
  const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9);

  it('stores and returns a capture with its JPEG bytes', () => {
    handle = openTestStore();
    const { faces } = handle.store;
    faces.insert({
      captureId: 'c1',
      handoverId: 'h1',
      personId: 'p1',
      reader: 'fp-door',
      jpeg,
      capturedAt: 5,
    });
    faces.insert({ captureId: 'c2', reader: 'fp-door', jpeg: jpeg.subarray(2, 5), capturedAt: 6 });
    const c1 = faces.get('c1');
    expect(c1).toMatchObject({
      captureId: 'c1',
      handoverId: 'h1',
      personId: 'p1',
      reader: 'fp-door',
      capturedAt: 5,
    });
    expect([...(c1?.jpeg ?? [])]).toEqual([...jpeg]);
    const c2 = faces.get('c2');
    expect(c2).not.toHaveProperty('personId');
    expect([...(c2?.jpeg ?? [])]).toEqual([0xff, 0xe0, 1]);
    expect(faces.get('nope')).toBeNull();
  });

  it('purges only captures older than the cutoff and returns what it deleted', () => {
    handle = openTestStore();
    const { faces } = handle.store;
    const now = handle.clock.now();
    const cutoff = now - FACE_RETENTION_MS;
    faces.insert({ captureId: 'old-b', personId: 'p2', reader: 'r', jpeg, capturedAt: cutoff - DAY });
    faces.insert({ captureId: 'old-a', reader: 'r', jpeg, capturedAt: cutoff - 2 * DAY });
    faces.insert({ captureId: 'edge', personId: 'p3', reader: 'r', jpeg, capturedAt: cutoff });
    faces.insert({ captureId: 'new', personId: 'p4', reader: 'r', jpeg, capturedAt: now });
    expect(faces.purgeOlderThan(cutoff)).toEqual([
      { captureId: 'old-a', capturedAt: cutoff - 2 * DAY },
      { captureId: 'old-b', personId: 'p2', capturedAt: cutoff - DAY },
    ]);
    expect(faces.get('old-a')).toBeNull();
    expect(faces.get('old-b')).toBeNull();
    expect(faces.get('edge')).not.toBeNull();
    expect(faces.count()).toBe(2);
    expect(faces.purgeOlderThan(cutoff)).toEqual([]);
  });
});

describe('ReportRepo', () => {
  const pdf = new TextEncoder().encode('%PDF-1.7 …');

  it('stores a report and re-renders it for the same record', async () => {
    handle = openTestStore();
    const { reports } = handle.store;
    expect(reports.get('h1')).toBeNull();
    reports.save({ handoverId: 'h1', html: '<h1>交接单</h1>', pdf, recordHash: 'a'.repeat(64) });
    await handle.clock.advance(1000);
    reports.save({ handoverId: 'h1', html: '<h1>交接单 v2</h1>', pdf, recordHash: 'a'.repeat(64) });
    const stored = handle.reopen().reports.get('h1');
    expect(stored).toMatchObject({
      handoverId: 'h1',
      html: '<h1>交接单 v2</h1>',
      recordHash: 'a'.repeat(64),
    });
    expect(stored?.savedAt).toBe(handle.clock.now());
    expect(Buffer.from(stored?.pdf ?? []).toString()).toBe('%PDF-1.7 …');
  });

  it('refuses a report of another record for the same hand-over', () => {
    handle = openTestStore();
    const { reports } = handle.store;
    reports.save({ handoverId: 'h1', html: 'a', pdf, recordHash: 'a'.repeat(64) });
    expect(() => reports.save({ handoverId: 'h1', html: 'b', pdf, recordHash: 'b'.repeat(64) })).toThrow(
      /already has a report of record a{64}/,
    );
    expect(reports.get('h1')?.html).toBe('a');
  });
});
