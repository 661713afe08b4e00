import type { Run } from '@vaultline/shared/plan/plan-schema';

/** The centre's dispatch plan of one service day: every run with its stops and route. */
export interface DayPlan {
  /** Service day, YYYY-MM-DD. */
  date: string;
  version: number;
  runs: Run[];
}

/** Where the plans of other days come from (the centre's plan store); the run tracker holds today's. */
export interface DayPlanSource {
  dayPlan(date: string): DayPlan | undefined;
}

/** Epoch ms of the earliest stop window of the plan (NaN for a plan without stops). */
export function firstWindowStart(plan: DayPlan): number {
  let first = Number.POSITIVE_INFINITY;
  for (const run of plan.runs)
    for (const stop of run.stops) first = Math.min(first, Date.parse(stop.windowStart));
  return Number.isFinite(first) ? first : Number.NaN;
}
