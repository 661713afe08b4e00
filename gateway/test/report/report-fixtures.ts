import { encodeSceneJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import type { ReportRecord } from '@vaultline/shared/report/report-record';

export const EPCS = [
  'E2801160600002A0000B0001',
  'E2801160600002A0000B0002',
  'E2801160600002A0000B0003',
  'E2801160600002A0000B0004',
  'E2801160600002A0000B0005',
];
export const WRONG = 'E2801160600002A0000C0099';
export const HASH = '9f2c4b1e7a0d3c5f8e6b2a4d1c9e7f3a5b8d0c2e4f6a8b1d3c5e7f9a0b2c4d6e';

export const photo = (label: string, width = 240, height = 180) =>
  encodeSceneJpeg({ label, caption: 'VAULTLINE', timestamp: '2026-05-14 10:31:07', width, height }, 75);

/** A delivery at branch BR-001 with one box missing (approved) and one wrong box rejected. */
export function sampleRecord(patch: Partial<ReportRecord> = {}): ReportRecord {
  const stored = photo('ZHANG WEI');
  // The engine adds per-member results to the record (extra fields are allowed in the body).
  const completed: HandoverCompletedBody & { crewChecks: Array<Record<string, unknown>> } = {
    handoverId: 'H-01J0ABCDEF',
    siteId: 'BR-001',
    runId: 'R1',
    stopSeq: 2,
    kind: 'deliver',
    vehicleId: 'V1',
    crew: ['E1001', 'E1002'],
    confirmedBy: ['E1001', 'T01'],
    boxes: {
      expected: EPCS,
      scanned: EPCS.slice(0, 4),
      missing: [EPCS[4]!],
      rejected: [WRONG],
    },
    discrepancy: { reason: '第五箱留在金库，已电话确认', approvedBy: 'M01' },
    startedAt: '2026-05-14T02:25:03.000Z',
    completedAt: '2026-05-14T02:37:41.000Z',
    crewChecks: [
      { personId: 'E1001', score: 182, verifiedAt: '2026-05-14T02:26:10.000Z', photo: 'accepted' },
      { personId: 'E1002', score: 147, verifiedAt: '2026-05-14T02:26:40.000Z', photo: 'accepted' },
    ],
  };
  return {
    completed,
    site: { siteId: 'BR-001', name: '浦东新区陆家嘴支行' },
    vehicle: { vehicleId: 'V1', plate: '沪A·C1234' },
    people: [
      { personId: 'E1001', name: '张伟', employeeNo: 'YS-1001', role: 'escort', company: '申城押运' },
      { personId: 'E1002', name: '王强', employeeNo: 'YS-1002', role: 'escort', company: '申城押运' },
      { personId: 'T01', name: '李娜', employeeNo: 'BR-0017', role: 'teller' },
      { personId: 'M01', name: '赵敏', employeeNo: 'BR-0001', role: 'branch-manager' },
    ],
    photos: {
      // As the plan stores it (plain base64), as a data: URL, and as bytes from the camera.
      E1001: { stored: Buffer.from(stored).toString('base64'), captured: photo('LIVE E1001') },
      E1002: {
        stored: `data:image/jpeg;base64,${Buffer.from(photo('WANG QIANG')).toString('base64')}`,
        captured: photo('LIVE E1002'),
      },
    },
    recordHash: HASH,
    seq: 1289,
    gatewayId: 'gw-br-001',
    alarms: [
      {
        alarmId: 'AL-2',
        kind: 'MISSING_BOX',
        severity: 'critical',
        siteId: 'BR-001',
        runId: 'R1',
        stopSeq: 2,
        detail: { missing: [EPCS[4]] },
        at: Date.parse('2026-05-14T02:35:00.000Z'),
        cleared: true,
      },
      {
        alarmId: 'AL-1',
        kind: 'WRONG_BOX',
        severity: 'critical',
        siteId: 'BR-001',
        runId: 'R1',
        stopSeq: 2,
        detail: { epc: WRONG },
        at: Date.parse('2026-05-14T02:31:00.000Z'),
      },
    ],
    timeZone: 'Asia/Shanghai',
    ...patch,
  };
}
