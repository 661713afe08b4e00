import type { Run } from '@vaultline/shared/plan/plan-schema';
import { offsetM } from '../../src/rules/geo.ts';
import { straightRoute } from '../../src/rules/synthetic-routes.ts';
import type { DayPlan } from '../../src/runs/day-plan.ts';

export const DAY = '2026-11-23';
/** Local time in China (UTC+8), where the stop windows are planned. */
export const iso = (hhmm: string) => `${DAY}T${hhmm}:00+08:00`;
export const at = (hhmm: string) => Date.parse(iso(hhmm));

export const VAULT = { lat: 30.66, lon: 104.06 };
/** 8 km east from the vault, a point every 100 m. */
export const ROUTE = straightRoute(VAULT, 90, 81, 100);

/** R1 on vehicle V1: three branches along ROUTE, windows 09:00–09:30, 10:00–10:30, 11:00–11:30. */
export const R1: Run = {
  runId: 'R1',
  vehicleId: 'V1',
  crew: ['P1', 'P2'],
  route: ROUTE,
  stops: [1, 2, 3].map((seq) => ({
    seq,
    siteId: `B${seq}`,
    kind: 'deliver' as const,
    windowStart: iso(`${8 + seq}:00`.padStart(5, '0')),
    windowEnd: iso(`${8 + seq}:30`.padStart(5, '0')),
    boxes: [],
    position: offsetM(VAULT, seq * 2000, 0),
  })),
};

export const PLAN: DayPlan = { date: DAY, version: 1, runs: [R1] };
