import type { KeyObject } from 'node:crypto';
import { encodeSceneJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import { encryptTemplate } from '@vaultline/shared/plan/plan-bundle';
import type { Person, PersonRole, Run, SitePlan, Stop, Vehicle } from '@vaultline/shared/plan/plan-schema';

/**
 * A realistic day for one vault and two branches in Beijing, used by the end-to-end tests, the demo and
 * the benchmarks. Windows are placed around `now` so every stop is due when the day is played.
 */
export const SITES = {
  vault: { siteId: 'VAULT-1', name: '中心金库 Central Vault', position: { lat: 39.9042, lon: 116.4074 } },
  branchA: { siteId: 'BR-001', name: '朝阳支行 Chaoyang Branch', position: { lat: 39.9219, lon: 116.4436 } },
  branchB: { siteId: 'BR-002', name: '海淀支行 Haidian Branch', position: { lat: 39.9593, lon: 116.2981 } },
} as const;

export const VEHICLES: Vehicle[] = [
  { vehicleId: 'V1', plate: '京A·C1234', tagEpc: 'E20000172211010100000001' },
  { vehicleId: 'V2', plate: '京A·C5678', tagEpc: 'E20000172211010100000002' },
];
/** A tag no plan knows: a fake armored vehicle. */
export const UNKNOWN_VEHICLE_EPC = 'E200001722110101000000FF';

interface DayPerson {
  personId: string;
  name: string;
  latin: string;
  employeeNo: string;
  role: PersonRole;
  company?: string;
  /** Sites whose gateway must know this person (staff work at one site; escorts follow their runs). */
  site?: string;
}

export const PEOPLE: DayPerson[] = [
  {
    personId: 'E1001',
    name: '张伟',
    latin: 'ZHANG WEI',
    employeeNo: 'YY-1001',
    role: 'escort',
    company: '京安押运',
  },
  {
    personId: 'E1002',
    name: '李娜',
    latin: 'LI NA',
    employeeNo: 'YY-1002',
    role: 'escort',
    company: '京安押运',
  },
  {
    personId: 'E1003',
    name: '王强',
    latin: 'WANG QIANG',
    employeeNo: 'YY-1003',
    role: 'escort',
    company: '京安押运',
  },
  {
    personId: 'E1004',
    name: '刘洋',
    latin: 'LIU YANG',
    employeeNo: 'YY-1004',
    role: 'escort',
    company: '京安押运',
  },
  {
    personId: 'T2001',
    name: '陈静',
    latin: 'CHEN JING',
    employeeNo: 'BK-2001',
    role: 'teller',
    site: 'BR-001',
  },
  {
    personId: 'M3001',
    name: '赵敏',
    latin: 'ZHAO MIN',
    employeeNo: 'BK-3001',
    role: 'branch-manager',
    site: 'BR-001',
  },
  {
    personId: 'T2002',
    name: '周琳',
    latin: 'ZHOU LIN',
    employeeNo: 'BK-2002',
    role: 'teller',
    site: 'BR-002',
  },
  {
    personId: 'M3002',
    name: '吴刚',
    latin: 'WU GANG',
    employeeNo: 'BK-3002',
    role: 'branch-manager',
    site: 'BR-002',
  },
  {
    personId: 'VM001',
    name: '孙磊',
    latin: 'SUN LEI',
    employeeNo: 'BK-9001',
    role: 'vault-manager',
    site: 'VAULT-1',
  },
];

/** The simulator's finger id of a person (their right index finger). */
export const fingerOf = (personId: string) => `${personId}-R1`;

export const BOXES = {
  b1: 'E28011606000020A00000B01',
  b2: 'E28011606000020A00000B02',
  b3: 'E28011606000020A00000B03',
  c1: 'E28011606000020A00000C01',
  c2: 'E28011606000020A00000C02',
};

export interface DayPlan {
  planId: string;
  version: number;
  date: string;
  runs: Run[];
}

/** The day: run R1 (V1) dispatch → deliver A → deliver B → return; run R2 (V2) collect at A → return. */
export function buildDayPlan(now: number, version = 1): DayPlan {
  const window = (fromMin: number, toMin: number) => ({
    windowStart: new Date(now + fromMin * 60_000).toISOString(),
    windowEnd: new Date(now + toMin * 60_000).toISOString(),
  });
  const stop = (
    seq: number,
    site: { siteId: string; position: { lat: number; lon: number } },
    kind: Stop['kind'],
    boxes: string[],
    from: number,
    to: number,
  ): Stop => ({
    seq,
    siteId: site.siteId,
    kind,
    ...window(from, to),
    boxes,
    position: site.position,
    geofenceM: 200,
  });
  const { vault, branchA, branchB } = SITES;
  return {
    planId: `plan-${new Date(now).toISOString().slice(0, 10)}`,
    version,
    date: new Date(now).toISOString().slice(0, 10),
    runs: [
      {
        runId: 'R1',
        vehicleId: 'V1',
        crew: ['E1001', 'E1002'],
        stops: [
          stop(1, vault, 'dispatch', [BOXES.b1, BOXES.b2, BOXES.b3], -10, 120),
          stop(2, branchA, 'deliver', [BOXES.b1, BOXES.b2], -10, 180),
          stop(3, branchB, 'deliver', [BOXES.b3], -10, 240),
          stop(4, vault, 'return', [], -10, 300),
        ],
        route: [
          vault.position,
          { lat: 39.912, lon: 116.425 },
          branchA.position,
          { lat: 39.94, lon: 116.37 },
          branchB.position,
          vault.position,
        ],
      },
      {
        runId: 'R2',
        vehicleId: 'V2',
        crew: ['E1003', 'E1004'],
        stops: [
          stop(1, branchA, 'collect', [BOXES.c1, BOXES.c2], -10, 180),
          stop(2, vault, 'return', [BOXES.c1, BOXES.c2], -10, 300),
        ],
        route: [branchA.position, { lat: 39.912, lon: 116.425 }, vault.position],
      },
    ],
  };
}

/** A stored photo as the escort company enrols it: a labelled head-and-shoulders JPEG. */
export function enrolmentPhoto(person: { employeeNo: string; latin: string }): string {
  const jpeg = encodeSceneJpeg(
    {
      label: `${person.employeeNo} ${person.latin}`,
      caption: 'ENROLMENT PHOTO',
      timestamp: '',
      width: 160,
      height: 120,
    },
    70,
  );
  return Buffer.from(jpeg).toString('base64');
}

/** The part of the day one gateway gets: runs with a stop at its site, their vehicles, crews and the site's staff. */
export async function sitePlanFor(
  day: DayPlan,
  site: { siteId: string },
  gatewayId: string,
  gatewayEncryptionKey: KeyObject,
): Promise<SitePlan> {
  const runs = day.runs.filter((run) => run.stops.some((s) => s.siteId === site.siteId));
  const wanted = new Set([
    ...runs.flatMap((r) => r.crew),
    ...PEOPLE.filter((p) => p.site === site.siteId).map((p) => p.personId),
  ]);
  const people: Person[] = [];
  for (const p of PEOPLE.filter((person) => wanted.has(person.personId))) {
    people.push({
      personId: p.personId,
      name: p.name,
      employeeNo: p.employeeNo,
      role: p.role,
      ...(p.company ? { company: p.company } : {}),
      photoJpeg: enrolmentPhoto(p),
      templates: [await encryptTemplate(templateForFinger(fingerOf(p.personId)), gatewayEncryptionKey)],
    });
  }
  return {
    v: 1,
    planId: day.planId,
    version: day.version,
    date: day.date,
    issuedAt: new Date().toISOString(),
    siteId: site.siteId,
    gatewayId,
    runs,
    vehicles: VEHICLES.filter((v) => runs.some((r) => r.vehicleId === v.vehicleId)),
    people,
  };
}
