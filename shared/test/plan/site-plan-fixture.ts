import type { SitePlan } from '../../src/plan/plan-schema.ts';

/**
 * A small, valid plan for branch A: one run that leaves the vault (dispatch), delivers at branch A,
 * collects there and returns to the vault. Tests copy it and break one thing at a time.
 */
export const BRANCH = { siteId: 'branch-a', gatewayId: 'gw-branch-a' };

export const BOX_1 = 'E28011700000020A1B2C3D01';
export const BOX_2 = 'E28011700000020A1B2C3D02';
export const BOX_3 = 'E28011700000020A1B2C3D03';

export function sitePlan(overrides: Partial<SitePlan> = {}): SitePlan {
  return {
    v: 1,
    planId: 'plan-2026-11-23',
    version: 3,
    date: '2026-11-23',
    issuedAt: '2026-11-23T06:00:00.000Z',
    siteId: BRANCH.siteId,
    gatewayId: BRANCH.gatewayId,
    runs: [
      {
        runId: 'run-7',
        vehicleId: 'veh-12',
        crew: ['esc-1', 'esc-2'],
        stops: [
          stop(1, 'vault-1', 'dispatch', '07:00', '07:30', [BOX_1, BOX_2]),
          stop(2, 'branch-a', 'deliver', '08:00', '08:30', [BOX_1, BOX_2]),
          stop(3, 'branch-a', 'collect', '08:00', '08:30', [BOX_3]),
          stop(4, 'vault-1', 'return', '10:00', '10:30', [BOX_3]),
        ],
        route: [
          { lat: 31.2304, lon: 121.4737 },
          { lat: 31.2397, lon: 121.4998 },
        ],
      },
    ],
    vehicles: [{ vehicleId: 'veh-12', plate: '沪A·12345', tagEpc: 'E20000172211010118905454' }],
    people: [
      person('esc-1', '张伟', 'E1001', 'escort'),
      person('esc-2', '李娜', 'E1002', 'escort'),
      person('tel-1', '王芳', 'T2001', 'teller'),
    ],
    ...overrides,
  };
}

function stop(
  seq: number,
  siteId: string,
  kind: SitePlan['runs'][number]['stops'][number]['kind'],
  from: string,
  to: string,
  boxes: string[],
) {
  return {
    seq,
    siteId,
    kind,
    windowStart: `2026-11-23T${from}:00+08:00`,
    windowEnd: `2026-11-23T${to}:00+08:00`,
    boxes,
  };
}

function person(
  personId: string,
  name: string,
  employeeNo: string,
  role: SitePlan['people'][number]['role'],
) {
  return {
    personId,
    name,
    employeeNo,
    role,
    ...(role === 'escort' ? { company: '安保押运' } : {}),
    templates: [],
  };
}

/** A deep copy to break without touching the fixture. */
export function clonePlan(plan: SitePlan): SitePlan {
  return structuredClone(plan);
}
