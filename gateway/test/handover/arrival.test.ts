import { describe, expect, it } from 'vitest';
import { VEHICLE_QUIET_MS } from '../../src/handover/arrival.ts';
import { at, BRANCH_A, BRANCH_B, box, EngineDriver, UNKNOWN_TAG, V1_TAG, V2_TAG } from './engine-fixture.ts';
import { arriveByTag, fullHandover } from './handover-scenarios.ts';

describe('vehicle arrival', () => {
  it('raises UNSCHEDULED_VEHICLE for an unknown tag, once per EPC per quiet period', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    arriveByTag(d, UNKNOWN_TAG);
    expect(d.alarms()).toEqual([
      {
        alarmId: 'id-1',
        kind: 'UNSCHEDULED_VEHICLE',
        severity: 'critical',
        siteId: BRANCH_A,
        detail: { epc: UNKNOWN_TAG, reader: 'rfid-gate' },
      },
    ]);
    expect(d.effects('speak')).toEqual([
      { type: 'speak', zh: '警报：未排班车辆', en: 'Alarm: unscheduled vehicle' },
    ]);
    d.advance(VEHICLE_QUIET_MS - 1);
    arriveByTag(d, UNKNOWN_TAG);
    expect(d.alarms()).toHaveLength(1);
    d.advance(1);
    arriveByTag(d, UNKNOWN_TAG);
    expect(d.alarms()).toHaveLength(2);
    expect(d.state.active).toBeNull();
  });

  it('raises UNSCHEDULED_VEHICLE for a plan vehicle with no stop due here, naming it', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    arriveByTag(d, V2_TAG);
    arriveByTag(d, V2_TAG);
    expect(d.alarms().map((a) => a.detail)).toEqual([
      { epc: V2_TAG, reader: 'rfid-gate', vehicleId: 'V2', plate: '京A·67890' },
    ]);
  });

  it('accepts a vehicle up to earlyArrivalMs before its window and refuses it after the window', () => {
    const early = new EngineDriver({ siteId: BRANCH_A, now: at('07:59') });
    arriveByTag(early);
    expect(early.alarms('UNSCHEDULED_VEHICLE')).toHaveLength(1);
    early.now = at('08:00');
    arriveByTag(early); // the alarm's quiet period does not hold back a vehicle that is now due
    expect(early.active).toMatchObject({ runId: 'R1', stopSeq: 2 });

    const late = new EngineDriver({ siteId: BRANCH_A, now: at('09:31') });
    arriveByTag(late);
    expect(late.state.active).toBeNull();
    expect(late.alarms('UNSCHEDULED_VEHICLE')).toHaveLength(1);
  });

  it('ignores tags read by a reader that is not a vehicle reader', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    d.send({ type: 'vehicle-tag', reader: 'rfid-zone', epc: UNKNOWN_TAG });
    expect(d.log).toEqual([]);
  });

  it('starts on the manager’s manual arrival, and only prompts when nothing is due', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    d.send({ type: 'manual-arrival', vehicleId: 'V9', by: 'M1' });
    d.send({ type: 'manual-arrival', vehicleId: 'V2', by: 'M1' });
    expect(d.effects('speak').map((s) => s.zh)).toEqual([
      '车辆 V9 不在今日计划中',
      '车辆 京A·67890 在本网点没有待办交接',
    ]);
    expect(d.alarms()).toEqual([]);
    d.send({ type: 'manual-arrival', vehicleId: 'V1', by: 'M1' });
    expect(d.events('vehicle.arrived')[0]?.body).toEqual({
      handoverId: 'id-1',
      vehicleId: 'V1',
      plate: '京A·12345',
      runId: 'R1',
      stopSeq: 2,
      siteId: BRANCH_A,
      kind: 'deliver',
      source: 'manual',
      by: 'M1',
    });
  });

  it('while a hand-over runs: ignores its own vehicle, tells a due vehicle to wait, alarms on an unscheduled one', () => {
    const d = new EngineDriver({ siteId: BRANCH_B, now: at('10:05') });
    arriveByTag(d, V1_TAG);
    expect(d.active).toMatchObject({ vehicleId: 'V1', stopSeq: 3 });
    d.reset();
    arriveByTag(d, V1_TAG);
    expect(d.log).toEqual([]);
    arriveByTag(d, V2_TAG);
    arriveByTag(d, V2_TAG);
    expect(d.effects('speak').map((s) => s.en)).toEqual([
      'Another hand-over is in progress; vehicle 京A·67890 please wait',
    ]);
    expect(d.alarms()).toEqual([]);
    d.send({ type: 'manual-arrival', vehicleId: 'V2', by: 'M1' });
    expect(d.active?.vehicleId).toBe('V1');
    arriveByTag(d, UNKNOWN_TAG);
    expect(d.alarms('UNSCHEDULED_VEHICLE')).toHaveLength(1);
  });

  it('lets the waiting vehicle start once the hand-over ends, and keeps the departing one quiet', () => {
    const d = new EngineDriver({ siteId: BRANCH_B, now: at('10:05') });
    arriveByTag(d, V2_TAG); // V2's stop opens at 10:30: due from 09:30
    d.send({ type: 'abort', reason: 'V1 goes first', by: 'M1' });
    fullHandover(d, { boxes: [box(3), box(4)] });
    expect(d.state.completedStops).toEqual(['R1#3']);
    d.reset();
    arriveByTag(d, V1_TAG); // V1 still in the bay: no stop due here any more, but no alarm either
    expect(d.log).toEqual([]);
    arriveByTag(d, V2_TAG); // V2 was aborted above and is held too; the manager starts it
    expect(d.state.active).toBeNull();
    d.send({ type: 'manual-arrival', vehicleId: 'V2', by: 'M1' });
    expect(d.active).toMatchObject({
      vehicleId: 'V2',
      runId: 'R2',
      stopSeq: 2,
      crew: [{ personId: 'E3' }, { personId: 'E4' }],
    });
    d.advance(VEHICLE_QUIET_MS);
    d.send({ type: 'abort', reason: 'test', by: 'M1' });
    d.advance(VEHICLE_QUIET_MS);
    d.reset();
    arriveByTag(d, V1_TAG); // long gone from the hold: now it is an unscheduled vehicle
    expect(d.alarms('UNSCHEDULED_VEHICLE')).toHaveLength(1);
  });
});
