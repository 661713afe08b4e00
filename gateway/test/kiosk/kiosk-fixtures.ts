import { encodeSceneJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { initialEngineState } from '../../src/handover/handover-engine.ts';
import type { ActiveHandover, EngineState } from '../../src/handover/handover-types.ts';

export const SITE = 'BR-001';
export const GATEWAY = 'gw-br-001';
/** 10:30 in Shanghai; at least half an hour after local midnight in every time zone (see alarm tests). */
export const NOW = Date.parse('2026-05-14T02:30:00.000Z');

export const BOXES = [
  'E2801160600002A0000B0001',
  'E2801160600002A0000B0002',
  'E2801160600002A0000B0003',
  'E2801160600002A0000B0004',
  'E2801160600002A0000B0005',
];
export const FOREIGN_BOX = 'E2801160600002A0000C0099';

export function jpeg(label: string): Uint8Array {
  return encodeSceneJpeg(
    { label, caption: 'TEST', timestamp: '2026-05-14 10:30', width: 160, height: 120 },
    70,
  );
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Branch BR-001's part of the day: R1 delivers (after the vault), R2 collects; R3 never comes here. */
export function samplePlan(): SitePlan {
  const window = (start: string, end: string) => ({
    windowStart: `2026-05-14T${start}:00.000Z`,
    windowEnd: `2026-05-14T${end}:00.000Z`,
  });
  return {
    v: 1,
    planId: 'P-20260514',
    version: 3,
    date: '2026-05-14',
    issuedAt: '2026-05-13T22:00:00.000Z',
    siteId: SITE,
    gatewayId: GATEWAY,
    runs: [
      {
        runId: 'R2',
        vehicleId: 'V2',
        crew: ['E2001', 'E2002'],
        route: [],
        stops: [{ seq: 1, siteId: SITE, kind: 'collect', ...window('06:00', '07:00'), boxes: [FOREIGN_BOX] }],
      },
      {
        runId: 'R1',
        vehicleId: 'V1',
        crew: ['E1001', 'E1002'],
        route: [],
        stops: [
          { seq: 1, siteId: 'VAULT-01', kind: 'dispatch', ...window('00:30', '01:00'), boxes: BOXES },
          { seq: 2, siteId: SITE, kind: 'deliver', ...window('02:00', '03:00'), boxes: BOXES },
        ],
      },
    ],
    vehicles: [
      { vehicleId: 'V1', plate: '沪A·C1234', tagEpc: 'E2801160600002A0000A0001' },
      { vehicleId: 'V2', plate: '沪B·D5678', tagEpc: 'E2801160600002A0000A0002' },
    ],
    people: [
      person('E1001', '张伟', 'escort', jpeg('ZHANG WEI')),
      person('E1002', '王强', 'escort', jpeg('WANG QIANG')),
      person('E2001', '刘洋', 'escort'),
      person('E2002', '陈静', 'escort'),
      person('T01', '李娜', 'teller'),
      person('M01', '赵敏', 'branch-manager'),
    ],
  };
}

function person(
  personId: string,
  name: string,
  role: SitePlan['people'][number]['role'],
  photo?: Uint8Array,
) {
  return {
    personId,
    name,
    employeeNo: personId,
    role,
    ...(role === 'escort' ? { company: '申城押运' } : {}),
    ...(photo ? { photoJpeg: base64(photo) } : {}),
    templates: [],
  };
}

/** R1's delivery at BR-001, just started: nobody verified yet. */
export function activeDelivery(patch: Partial<ActiveHandover> = {}): ActiveHandover {
  return {
    handoverId: 'H-0001',
    runId: 'R1',
    stopSeq: 2,
    siteId: SITE,
    kind: 'deliver',
    vehicleId: 'V1',
    startedAt: NOW - 5 * 60_000,
    phase: 'crew-auth',
    crew: [
      { personId: 'E1001', verified: false, photo: 'pending' },
      { personId: 'E1002', verified: false, photo: 'pending' },
    ],
    restarts: 0,
    boxes: { expected: [...BOXES], scanned: [], rejected: [] },
    confirmations: {},
    ...patch,
  };
}

export function engineState(patch: Partial<EngineState> = {}): EngineState {
  return { ...initialEngineState(), ...patch };
}
