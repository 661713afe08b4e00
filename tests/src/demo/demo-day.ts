import type { AlarmKind } from '@vaultline/shared/contract/alarm-kinds';
import type { GeoPoint, Run, Stop } from '@vaultline/shared/plan/plan-schema';
import { BOXES, type DayPlan, SITES } from '../scenario/day-plan.ts';

/**
 * The day the demo plays, placed around `now` so every stop is due while it is played: one vault, two
 * branches, two vans. R1 (V1, the van with a GPS unit) is the ordinary day: dispatch at the vault, a
 * delivery at BR-001, a collection at BR-002 and the return. R2 (V2) is the run that goes wrong: it
 * turns up at BR-001 without having been at BR-002, and someone who is not enrolled tries the door.
 */

export const DEMO_BOXES = {
  ...BOXES,
  /** BR-001's ATM cassette and BR-002's bag R2 was to collect; both stay where they are today. */
  c3: 'E28011606000020A00000C03',
  c4: 'E28011606000020A00000C04',
};

/** What each box is called on screen (its label at the centre) and where it lives. */
export const BOX_REGISTRY = [
  { epc: DEMO_BOXES.b1, label: 'B01 现金箱 cash box', homeSiteId: SITES.vault.siteId },
  { epc: DEMO_BOXES.b2, label: 'B02 现金箱 cash box', homeSiteId: SITES.vault.siteId },
  { epc: DEMO_BOXES.b3, label: 'B03 现金箱 cash box (tomorrow)', homeSiteId: SITES.vault.siteId },
  { epc: DEMO_BOXES.c1, label: 'C01 款箱 branch box', homeSiteId: SITES.branchB.siteId },
  { epc: DEMO_BOXES.c2, label: 'C02 款箱 branch box', homeSiteId: SITES.branchB.siteId },
  { epc: DEMO_BOXES.c3, label: 'C03 ATM 钞箱 ATM cassette', homeSiteId: SITES.branchA.siteId },
  { epc: DEMO_BOXES.c4, label: 'C04 款箱 branch box', homeSiteId: SITES.branchB.siteId },
];

export const SITE_REGISTRY = [
  { ...SITES.vault, kind: 'vault' as const, geofenceM: 200 },
  { ...SITES.branchA, kind: 'branch' as const, geofenceM: 200 },
  { ...SITES.branchB, kind: 'branch' as const, geofenceM: 200 },
];

/** Corners of the streets between the sites (R1 drives vault → BR-001 → BR-002 → vault). */
const VIA_A = { lat: 39.912, lon: 116.425 };
const VIA_B = { lat: 39.94, lon: 116.37 };
const { vault, branchA, branchB } = SITES;
/** R1's planned route leg by leg, each ending at the site of a stop; the van's unit drives exactly these. */
export const R1_LEGS: Array<{ toSeq: number; siteId: string; route: GeoPoint[] }> = [
  { toSeq: 2, siteId: branchA.siteId, route: [vault.position, VIA_A, branchA.position] },
  { toSeq: 3, siteId: branchB.siteId, route: [branchA.position, VIA_B, branchB.position] },
  { toSeq: 4, siteId: vault.siteId, route: [branchB.position, vault.position] },
];
const R1_ROUTE: GeoPoint[] = [vault.position, ...R1_LEGS.flatMap((leg) => leg.route.slice(1))];

/** Stop windows open before the day is played and close hours later: nothing is late in a demo. */
const OPENED_MIN_AGO = 30;
const CLOSES_IN_MIN = 8 * 60;

/** The day's plan for service day `date` (YYYY-MM-DD, the centre's "today"), windows around `now`. */
export function buildDemoDay(now: number, date: string): DayPlan {
  const stop = (
    seq: number,
    site: { siteId: string; position: GeoPoint },
    kind: Stop['kind'],
    boxes: string[],
  ): Stop => ({
    seq,
    siteId: site.siteId,
    kind,
    windowStart: new Date(now - OPENED_MIN_AGO * 60_000).toISOString(),
    windowEnd: new Date(now + (CLOSES_IN_MIN + seq * 30) * 60_000).toISOString(),
    boxes,
    position: site.position,
    geofenceM: 200,
  });
  const r1: Run = {
    runId: 'R1',
    vehicleId: 'V1',
    crew: ['E1001', 'E1002'],
    stops: [
      stop(1, vault, 'dispatch', [DEMO_BOXES.b1, DEMO_BOXES.b2]),
      stop(2, branchA, 'deliver', [DEMO_BOXES.b1, DEMO_BOXES.b2]),
      stop(3, branchB, 'collect', [DEMO_BOXES.c1, DEMO_BOXES.c2]),
      stop(4, vault, 'return', [DEMO_BOXES.c1, DEMO_BOXES.c2]),
    ],
    route: R1_ROUTE,
  };
  const r2: Run = {
    runId: 'R2',
    vehicleId: 'V2',
    crew: ['E1003', 'E1004'],
    stops: [
      stop(1, branchB, 'collect', [DEMO_BOXES.c4]),
      stop(2, branchA, 'collect', [DEMO_BOXES.c3]),
      stop(3, vault, 'return', [DEMO_BOXES.c3, DEMO_BOXES.c4]),
    ],
    route: [branchB.position, VIA_B, branchA.position, VIA_A, vault.position],
  };
  return { planId: `plan-${date}`, version: 1, date, runs: [r1, r2] };
}

/**
 * What must reach the centre once the day is played: signed records per site, alarms per kind, and the
 * alarms whose condition went away (the van back on its route, the missing box approved).
 */
export interface DayExpectation {
  records: Record<string, number>;
  alarms: Partial<Record<AlarmKind, number>>;
  cleared: Partial<Record<AlarmKind, number>>;
}

export const EXPECTED_AT_CENTRE: DayExpectation = {
  records: { [vault.siteId]: 2, [branchA.siteId]: 1, [branchB.siteId]: 1 },
  alarms: { STOP_SKIPPED: 1, AUTH_FAILED_5X: 1, WRONG_BOX: 1, ROUTE_DEVIATION: 1, MISSING_BOX: 1 },
  cleared: { ROUTE_DEVIATION: 1, MISSING_BOX: 1 },
};
