import { describe, expect, it } from 'vitest';
import { initialEngineState, step } from '../../src/handover/handover-engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../src/handover/handover-types.ts';
import { at, BRANCH_A, box, EngineDriver, PLAN, ROLES, V1_TAG, VAULT } from './engine-fixture.ts';
import {
  arriveByTag,
  confirmBoth,
  enterZone,
  FACE_SHA256,
  faceCaptured,
  fullHandover,
  scanBoxes,
  verifyCrew,
} from './handover-scenarios.ts';

describe('hand-over flows', () => {
  it('runs a normal delivery at a branch, step by step', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    arriveByTag(d);
    expect(d.events('vehicle.arrived')[0]?.body).toMatchObject({
      handoverId: 'id-1',
      vehicleId: 'V1',
      runId: 'R1',
      stopSeq: 2,
      siteId: BRANCH_A,
      kind: 'deliver',
      source: 'tag',
    });
    expect(d.effects('speak')[0]).toEqual({
      type: 'speak',
      zh: '押运车辆 京A·12345 已到达，请押运员依次验证指纹',
      en: 'Cash vehicle 京A·12345 has arrived; escorts, please verify your fingerprints one by one',
    });
    expect(d.active?.phase).toBe('crew-auth');

    d.finger('fp-door', 'matched', 'E1');
    d.finger('fp-door', 'matched', 'E2');
    expect(d.effects('capture-face')).toEqual([
      { type: 'capture-face', reader: 'fp-door', personId: 'E1' },
      { type: 'capture-face', reader: 'fp-door', personId: 'E2' },
    ]);
    expect(d.events('crew.verified').map((e) => e.body.personId)).toEqual(['E1', 'E2']);
    // photoCheck 'required': fingerprints alone do not open the door.
    expect(d.effects('open-door')).toEqual([]);
    d.send(faceCaptured('cap-1', 'E1'));
    d.send({ type: 'photo-check', personId: 'E1', accepted: true, by: 'M1' });
    expect(d.effects('open-door')).toEqual([]);
    d.send({ type: 'photo-check', personId: 'E2', accepted: true, by: 'M1' });
    expect(d.effects('open-door')).toEqual([
      { type: 'open-door', door: 1, holdMs: DEFAULT_ENGINE_CONFIG.doorHoldMs },
    ]);
    expect(d.active?.phase).toBe('door');
    expect(d.events('face.captured')[0]?.body).toEqual({
      handoverId: 'id-1',
      captureId: 'cap-1',
      personId: 'E1',
      reader: 'fp-door',
      jpegSha256: FACE_SHA256,
      bytes: 2_048,
    });

    enterZone(d);
    expect(d.events('door.opened')).toHaveLength(1);
    expect(d.events('door.closed')).toHaveLength(1);
    expect(d.effects('box-scanning')).toEqual([{ type: 'box-scanning', on: true }]);
    expect(d.active?.phase).toBe('box-scan');

    scanBoxes(d, [box(1), box(1), box(2)]);
    expect(d.events('box.scanned').map((e) => e.body.epc)).toEqual([box(1), box(2)]);
    expect(d.active?.phase).toBe('confirm');

    const startedAt = new Date(at('08:50')).toISOString();
    confirmBoth(d);
    const completed = d.events('handover.completed')[0]?.body;
    expect(completed).toMatchObject({
      handoverId: 'id-1',
      siteId: BRANCH_A,
      runId: 'R1',
      stopSeq: 2,
      kind: 'deliver',
      vehicleId: 'V1',
      crew: ['E1', 'E2'],
      confirmedBy: ['E1', 'T1'],
      boxes: { expected: [box(1), box(2)], scanned: [box(1), box(2)], missing: [], rejected: [] },
      startedAt,
      completedAt: new Date(d.now).toISOString(),
      staffMethod: 'fingerprint',
    });
    expect(completed).not.toHaveProperty('discrepancy');
    expect(d.effects('box-scanning').at(-1)).toEqual({ type: 'box-scanning', on: false });
    expect(d.state.active).toBeNull();
    expect(d.state.completedStops).toEqual(['R1#2']);
    expect(d.alarms()).toEqual([]);
  });

  it('runs a collection at a branch once the delivery window has passed', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('10:50') });
    fullHandover(d, { boxes: [box(0x21), box(0x22)], staff: 'M1' });
    expect(d.events('handover.completed')[0]?.body).toMatchObject({
      runId: 'R1',
      stopSeq: 4,
      kind: 'collect',
      confirmedBy: ['E1', 'M1'],
      boxes: { expected: [box(0x21), box(0x22)], scanned: [box(0x21), box(0x22)], missing: [] },
    });
    expect(d.state.completedStops).toEqual(['R1#4']);
  });

  it('runs the vault dispatch in the morning and the return at noon', () => {
    const d = new EngineDriver({ siteId: VAULT, now: at('07:40') });
    fullHandover(d, { boxes: [box(1), box(2), box(3), box(4)], staff: 'VM1' });
    expect(d.events('handover.completed')[0]?.body).toMatchObject({
      stopSeq: 1,
      kind: 'dispatch',
      confirmedBy: ['E1', 'VM1'],
    });

    d.reset();
    d.now = at('12:40');
    fullHandover(d, { boxes: [box(0x21), box(0x22)], staff: 'VM1' });
    expect(d.events('handover.completed')[0]?.body).toMatchObject({ stopSeq: 5, kind: 'return' });
    expect(d.state.completedStops).toEqual(['R1#1', 'R1#5']);
    expect(d.alarms()).toEqual([]);
  });

  it('aborts: the stop stays open and can be started again by the manager', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    arriveByTag(d);
    verifyCrew(d);
    enterZone(d);
    d.reset();
    d.send({ type: 'abort', reason: 'crew asked to leave', by: 'M1' });
    expect(d.events('handover.aborted')[0]?.body).toEqual({
      handoverId: 'id-1',
      reason: 'crew asked to leave',
      by: 'M1',
      phase: 'box-scan',
      runId: 'R1',
      stopSeq: 2,
    });
    expect(d.effects('box-scanning')).toEqual([{ type: 'box-scanning', on: false }]);
    expect(d.state.active).toBeNull();
    expect(d.state.completedStops).toEqual([]);

    d.reset();
    arriveByTag(d); // the vehicle is still in the bay: its tag does not restart the aborted hand-over
    expect(d.log).toEqual([]);
    d.send({ type: 'manual-arrival', vehicleId: 'V1', by: 'M1' });
    expect(d.events('vehicle.arrived')[0]?.body).toMatchObject({ stopSeq: 2, source: 'manual', by: 'M1' });
  });

  it('raises DEVICE_OFFLINE once per outage and clears it when the device is back', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:00') });
    d.send({ type: 'device-status', device: 'fp-door', online: false, reason: 'no answer to 3 probes' });
    d.send({ type: 'device-status', device: 'fp-door', online: false, reason: 'no answer to 3 probes' });
    expect(d.alarms()).toEqual([
      {
        alarmId: 'id-1',
        kind: 'DEVICE_OFFLINE',
        severity: 'major',
        siteId: BRANCH_A,
        detail: { device: 'fp-door', reason: 'no answer to 3 probes' },
      },
    ]);
    expect(d.effects('speak')).toEqual([
      { type: 'speak', zh: '警报：设备离线', en: 'Alarm: device offline' },
    ]);
    d.send({ type: 'device-status', device: 'fp-door', online: true, reason: 'probe ok' });
    d.send({ type: 'device-status', device: 'fp-door', online: true, reason: 'probe ok' });
    expect(d.events('alarm.cleared').map((e) => e.body)).toEqual([
      { alarmId: 'id-1', kind: 'DEVICE_OFFLINE', reason: 'device back online: probe ok' },
    ]);
    d.send({ type: 'device-status', device: 'fp-door', online: false, reason: 'port closed' });
    expect(d.alarms().map((a) => a.alarmId)).toEqual(['id-1', 'id-2']);
  });

  it('round-trips the persisted state through JSON at every step of a delivery with the same effects', () => {
    const scenario = (d: EngineDriver) => {
      arriveByTag(d);
      d.finger('fp-door', 'no-match');
      verifyCrew(d);
      d.door(2, false);
      enterZone(d);
      scanBoxes(d, [box(1), box(3)]);
      d.send({ type: 'request-confirmation', by: 'M1' });
      d.advance(20_000);
      d.send({ type: 'timer', name: 'rescan-window' });
      d.send({ type: 'discrepancy-reason', reason: 'box 2 left in the vehicle', by: 'M1' });
      d.finger('fp-zone', 'matched', 'M1');
      confirmBoth(d);
    };
    const plain = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    const reparsed = new EngineDriver({ siteId: BRANCH_A, now: at('08:50'), reparse: true });
    scenario(plain);
    scenario(reparsed);
    expect(reparsed.log).toEqual(plain.log);
    expect(reparsed.state).toStrictEqual(plain.state);
    expect(plain.events('handover.completed')[0]?.body).toMatchObject({
      discrepancy: { reason: 'box 2 left in the vehicle', approvedBy: 'M1' },
      boxes: { missing: [box(2)], rejected: [box(3)] },
    });
    for (const state of plain.states) expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });

  it('never modifies the state it is given', () => {
    const ctx = {
      plan: PLAN,
      siteId: BRANCH_A,
      roles: ROLES,
      config: DEFAULT_ENGINE_CONFIG,
      now: at('08:50'),
    };
    const state = initialEngineState();
    const before = structuredClone(state);
    const next = step(
      state,
      { type: 'vehicle-tag', reader: 'rfid-gate', epc: V1_TAG },
      { ...ctx, newId: () => 'h' },
    );
    expect(state).toStrictEqual(before);
    expect(next.state.active?.handoverId).toBe('h');
  });
});
