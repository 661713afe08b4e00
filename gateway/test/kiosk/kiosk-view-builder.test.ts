import { describe, expect, it } from 'vitest';
import type { CrewMemberState } from '../../src/handover/handover-types.ts';
import { buildKioskView, type KioskViewInput } from '../../src/kiosk/kiosk-view-builder.ts';
import {
  activeDelivery,
  BOXES,
  engineState,
  FOREIGN_BOX,
  GATEWAY,
  NOW,
  SITE,
  samplePlan,
} from './kiosk-fixtures.ts';

function input(patch: Partial<KioskViewInput> = {}): KioskViewInput {
  return {
    state: engineState(),
    plan: samplePlan(),
    siteId: SITE,
    gatewayId: GATEWAY,
    now: NOW,
    alarms: [],
    devices: [],
    ...patch,
  };
}

const verified = (personId: string, captureId: string, photo: CrewMemberState['photo']): CrewMemberState => ({
  personId,
  verified: true,
  score: 182,
  verifiedAt: NOW - 60_000,
  captureId,
  photo,
});

describe('buildKioskView: idle screen', () => {
  it('asks for a plan when there is none', () => {
    const view = buildKioskView(input({ plan: null }));
    expect(view.plan).toBeNull();
    expect(view.stops).toEqual([]);
    expect(view.arrivals).toEqual([]);
    expect(view.active).toBeNull();
    expect(view.prompt.zh).toContain('尚未收到今日排班');
    expect(view.prompt.en).toContain('No plan');
  });

  it("lists today's stops at this site only, in time order, with plate, crew names and box count", () => {
    const view = buildKioskView(input());
    expect(view.plan).toEqual({ planId: 'P-20260514', version: 3, date: '2026-05-14' });
    expect(view.stops.map((stop) => `${stop.runId}#${stop.seq}`)).toEqual(['R1#2', 'R2#1']);
    expect(view.stops[0]).toMatchObject({
      kind: 'deliver',
      plate: '沪A·C1234',
      boxCount: 5,
      state: 'planned',
      crew: [
        { personId: 'E1001', name: '张伟', employeeNo: 'E1001' },
        { personId: 'E1002', name: '王强', employeeNo: 'E1002' },
      ],
    });
    expect(view.arrivals.map((choice) => choice.plate)).toEqual(['沪A·C1234', '沪B·D5678']);
    expect(view.prompt).toEqual({ zh: '等待运钞车到达', en: 'Waiting for the cash van' });
  });

  it('marks handed-over stops completed, offers only the others, and says when the day is done', () => {
    const oneDone = buildKioskView(input({ state: engineState({ completedStops: ['R1#2'] }) }));
    expect(oneDone.stops.map((stop) => stop.state)).toEqual(['completed', 'planned']);
    expect(oneDone.arrivals.map((choice) => choice.vehicleId)).toEqual(['V2']);
    const allDone = buildKioskView(input({ state: engineState({ completedStops: ['R1#2', 'R2#1'] }) }));
    expect(allDone.arrivals).toEqual([]);
    expect(allDone.prompt.zh).toBe('今日交接已全部完成');
  });

  it('offers the last completed hand-over for printing', () => {
    const view = buildKioskView(
      input({
        lastCompleted: {
          handoverId: 'H-0001',
          runId: 'R1',
          stopSeq: 2,
          vehicleId: 'V1',
          completedAt: NOW - 1000,
        },
      }),
    );
    expect(view.lastCompleted).toEqual({
      handoverId: 'H-0001',
      runId: 'R1',
      stopSeq: 2,
      plate: '沪A·C1234',
      completedAt: NOW - 1000,
      discrepancy: false,
      report: { handoverId: 'H-0001', html: '/reports/H-0001.html', pdf: '/reports/H-0001.pdf' },
    });
  });
});

describe('buildKioskView: active hand-over', () => {
  it('shows the arriving vehicle and the crew with stored photos, the leader first, nobody verified', () => {
    const view = buildKioskView(input({ state: engineState({ active: activeDelivery() }) }));
    const active = view.active!;
    expect(active.vehicle).toEqual({ vehicleId: 'V1', plate: '沪A·C1234' });
    expect(active.window).toEqual({ start: '2026-05-14T02:00:00.000Z', end: '2026-05-14T03:00:00.000Z' });
    expect(active.crew.map((card) => [card.name, card.leader, card.state, card.photoUrl])).toEqual([
      ['张伟', true, 'pending', '/people/E1001/photo.jpg'],
      ['王强', false, 'pending', '/people/E1002/photo.jpg'],
    ]);
    expect(active.crew[0]).toMatchObject({
      employeeNo: 'E1001',
      company: '申城押运',
      fingerprint: 'waiting',
    });
    expect(active.crew[0]?.captureUrl).toBeUndefined();
    expect(view.prompt).toEqual(active.prompt);
    expect(active.prompt.zh).toBe('请押运员依次在门禁指纹仪上按指纹（还有 2 人）');
    expect(view.stops[0]?.state).toBe('in-progress');
    expect(view.arrivals).toEqual([]);
  });

  it('gives verified, failed and pending crew cards with live captures and the photo check state', () => {
    const active = activeDelivery({
      crew: [verified('E1001', 'cap-1', 'accepted'), verified('E1002', 'cap-2', 'pending')],
    });
    const cards = buildKioskView(input({ state: engineState({ active }) })).active!.crew;
    expect(cards.map((card) => [card.state, card.fingerprint, card.photoCheck, card.canCheckPhoto])).toEqual([
      ['verified', 'matched', 'accepted', false],
      ['pending', 'matched', 'pending', true],
    ]);
    expect(cards[0]).toMatchObject({
      score: 182,
      verifiedAt: NOW - 60_000,
      captureUrl: '/captures/cap-1.jpg',
    });
    const prompt = buildKioskView(input({ state: engineState({ active }) })).prompt;
    expect(prompt.en).toContain('Compare each stored photo');

    const rejected = activeDelivery({
      crew: [verified('E1001', 'cap-1', 'accepted'), verified('E1002', 'cap-2', 'rejected')],
    });
    const view = buildKioskView(input({ state: engineState({ active: rejected }) }));
    expect(view.active!.crew[1]?.state).toBe('failed');
    expect(view.prompt.zh).toContain('照片核对未通过');
  });

  it('names a crew member the plan does not know by id', () => {
    const active = activeDelivery({ crew: [{ personId: 'X9', verified: false, photo: 'pending' }] });
    const card = buildKioskView(input({ state: engineState({ active }) })).active!.crew[0]!;
    expect(card).toMatchObject({ name: 'X9', employeeNo: '', known: false });
    expect(card.photoUrl).toBeUndefined();
  });

  it('counts boxes expected, scanned, outstanding and rejected, manifest order first', () => {
    const active = activeDelivery({
      phase: 'box-scan',
      boxes: {
        expected: [...BOXES],
        scanned: [BOXES[2]!, BOXES[0]!, BOXES[1]!],
        rejected: [FOREIGN_BOX, FOREIGN_BOX],
      },
    });
    const view = buildKioskView(input({ state: engineState({ active }) }));
    const boxes = view.active!.boxes;
    expect(boxes.counts).toEqual({ expected: 5, scanned: 3, outstanding: 2, missing: 0, rejected: 1 });
    expect(boxes.items.map((box) => box.state)).toEqual([
      'scanned',
      'scanned',
      'scanned',
      'expected',
      'expected',
      'rejected',
    ]);
    expect(boxes.items[5]?.epc).toBe(FOREIGN_BOX);
    expect(view.prompt.zh).toBe('请将款箱逐一放入扫描区：已扫描 3 / 5');
    expect(view.active!.can).toMatchObject({ requestConfirmation: true, enterReason: false, abort: true });
  });

  it('calls unscanned boxes missing once the discrepancy is open, and asks for the reason, then approval', () => {
    const missing = [BOXES[3]!, BOXES[4]!];
    const active = activeDelivery({
      phase: 'discrepancy',
      boxes: { expected: [...BOXES], scanned: BOXES.slice(0, 3), rejected: [] },
      discrepancy: { missing },
    });
    const view = buildKioskView(input({ state: engineState({ active }) }));
    expect(view.active!.boxes.counts).toEqual({
      expected: 5,
      scanned: 3,
      outstanding: 0,
      missing: 2,
      rejected: 0,
    });
    expect(view.active!.boxes.items.slice(3).map((box) => box.state)).toEqual(['missing', 'missing']);
    expect(view.active!.discrepancy).toEqual({ missing });
    expect(view.active!.can.enterReason).toBe(true);
    expect(view.prompt.zh).toBe('缺失 2 箱：请主管输入差异原因');

    const withReason = { ...active, discrepancy: { missing, reason: '两箱留在车上', approvedBy: 'M01' } };
    const next = buildKioskView(input({ state: engineState({ active: withReason }) }));
    expect(next.active!.discrepancy?.approvedBy).toEqual({
      personId: 'M01',
      name: '赵敏',
      employeeNo: 'M01',
    });
    expect(next.active!.can.enterReason).toBe(false);
    expect(next.prompt.en).toContain('approve the discrepancy');
  });

  it('names the leader who must confirm and the staff side, and tracks both confirmations', () => {
    const active = activeDelivery({
      phase: 'confirm',
      boxes: { expected: [...BOXES], scanned: [...BOXES], rejected: [] },
    });
    const view = buildKioskView(input({ state: engineState({ active }) }));
    expect(view.active!.confirmations.leader).toEqual({ done: false, personId: 'E1001', name: '张伟' });
    expect(view.active!.confirmations.staff).toEqual({ done: false, side: 'branch' });
    expect(view.prompt.zh).toBe('请押运组长 张伟 与网点人员在交接区指纹仪上按指纹确认');

    const leaderDone = { ...active, confirmations: { leader: { personId: 'E1001', at: NOW - 2000 } } };
    const after = buildKioskView(input({ state: engineState({ active: leaderDone }) }));
    expect(after.active!.confirmations.leader).toEqual({
      done: true,
      personId: 'E1001',
      name: '张伟',
      at: NOW - 2000,
    });
    expect(after.prompt.en).toBe('Branch staff: confirm with your fingerprint at the zone reader');

    const vault = { ...leaderDone, kind: 'return' as const };
    expect(buildKioskView(input({ state: engineState({ active: vault }) })).prompt.zh).toContain('金库人员');
  });

  it('offers the staff password form in password+fingerprint mode, then waits for that person', () => {
    const active = activeDelivery({
      phase: 'confirm',
      confirmations: { leader: { personId: 'E1001', at: NOW } },
    });
    const view = buildKioskView(
      input({ state: engineState({ active }), staffConfirmation: 'password+fingerprint' }),
    );
    expect(view.staff.map((person) => person.personId)).toEqual(['T01', 'M01']);
    expect(view.active!.can.staffPassword).toBe(true);
    expect(view.prompt.zh).toBe('请网点人员先输入密码，再按指纹确认');

    const typed = { ...active, staffPasswordOk: 'T01' };
    const next = buildKioskView(
      input({ state: engineState({ active: typed }), staffConfirmation: 'password+fingerprint' }),
    );
    expect(next.active!.can.staffPassword).toBe(false);
    expect(next.active!.confirmations.staff.passwordOk).toEqual({
      personId: 'T01',
      name: '李娜',
      employeeNo: 'T01',
    });
    expect(next.prompt.zh).toBe('李娜 密码已验证，请按指纹确认');
    expect(buildKioskView(input({ state: engineState({ active }) })).staff).toEqual([]);
  });

  it('links the report once the hand-over is completed and no longer offers abort', () => {
    const active = activeDelivery({ phase: 'completed' });
    const view = buildKioskView(input({ state: engineState({ active }) }));
    expect(view.active!.report).toEqual({
      handoverId: 'H-0001',
      html: '/reports/H-0001.html',
      pdf: '/reports/H-0001.pdf',
    });
    expect(view.active!.can.abort).toBe(false);
    expect(view.stops[0]?.state).toBe('completed');
    expect(view.arrivals.map((choice) => choice.vehicleId)).toEqual(['V2']);
  });
});

describe('buildKioskView: readers, devices, alarms', () => {
  it('shows locked readers with whole seconds left and readers with failures, by role', () => {
    const state = engineState({
      readers: {
        'fp-door': { failures: 0, lockouts: 1, lockedUntil: NOW + 29_001 },
        'fp-zone': { failures: 2, lockouts: 0 },
        'fp-spare': { failures: 0, lockouts: 0, lockedUntil: NOW - 1 },
      },
    });
    const view = buildKioskView(input({ state, roles: { crewReader: 'fp-door', confirmReader: 'fp-zone' } }));
    expect(view.readers).toEqual([
      { reader: 'fp-door', role: 'crew', failures: 0, lockedUntil: NOW + 29_001, secondsLeft: 30 },
      { reader: 'fp-zone', role: 'confirm', failures: 2, secondsLeft: 0 },
    ]);
  });

  it('lists devices by id', () => {
    const devices = [
      { device: 'rfid-zone', kind: 'rfid' as const, online: false, reason: 'link lost', at: NOW - 10 },
      { device: 'cam-door', kind: 'camera' as const, online: true, reason: 'answers', at: NOW - 20 },
    ];
    expect(buildKioskView(input({ devices })).devices).toEqual([
      { device: 'cam-door', kind: 'camera', online: true, reason: 'answers', since: NOW - 20 },
      { device: 'rfid-zone', kind: 'rfid', online: false, reason: 'link lost', since: NOW - 10 },
    ]);
  });

  it("keeps today's alarms newest first, with people and vehicles by name and plate", () => {
    const alarm = (
      alarmId: string,
      at: number,
      kind: 'WRONG_BOX' | 'UNSCHEDULED_PERSON' | 'DEVICE_OFFLINE',
      detail: Record<string, unknown>,
      cleared?: boolean,
    ) => ({
      alarmId,
      kind,
      severity: 'critical' as const,
      siteId: SITE,
      detail,
      at,
      ...(cleared === undefined ? {} : { cleared }),
    });
    const view = buildKioskView(
      input({
        alarms: [
          alarm('A1', NOW - 20 * 60_000, 'DEVICE_OFFLINE', { device: 'rfid-zone' }, true),
          alarm('A0', NOW - 36 * 3600_000, 'WRONG_BOX', { epc: FOREIGN_BOX }),
          alarm('A3', NOW - 60_000, 'UNSCHEDULED_PERSON', {
            personId: 'E2001',
            vehicleId: 'V2',
            nested: { a: 1 },
            runs: ['R1', 'R2'],
          }),
          alarm('A2', NOW - 5 * 60_000, 'WRONG_BOX', { epc: FOREIGN_BOX, reader: 'rfid-zone' }),
        ],
      }),
    );
    expect(view.alarms.map((a) => [a.alarmId, a.cleared])).toEqual([
      ['A3', false],
      ['A2', false],
      ['A1', true],
    ]);
    expect(view.openAlarms).toBe(2);
    expect(view.alarms[0]?.facts).toEqual([
      { key: 'personId', value: '刘洋 (E2001)' },
      { key: 'vehicleId', value: '沪B·D5678' },
      { key: 'runs', value: 'R1, R2' },
    ]);
  });

  it('is plain JSON: what the page receives is exactly what was built', () => {
    const active = activeDelivery({
      crew: [verified('E1001', 'cap-1', 'accepted'), verified('E1002', 'cap-2', 'pending')],
    });
    const view = buildKioskView(input({ state: engineState({ active }) }));
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});
