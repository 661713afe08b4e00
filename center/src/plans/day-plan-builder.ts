import { VaultlineError } from '@vaultline/shared';
import type { Run } from '@vaultline/shared/plan/plan-schema';
import type { SiteRecord } from '../registry/registry-ports.ts';
import type { DayPlan } from '../runs/day-plan.ts';
import type { DraftRun } from './plan-draft.ts';
import { plannedRoute } from './planned-route.ts';

/** What made a version of a day's plan: a whole plan submitted, or one run added during the day. */
export type PlanChange =
  | { kind: 'submit'; by: string }
  | { kind: 'ad-hoc'; by: string; runId: string; sites: string[] };

/** A version of a day's plan as the centre stores it (day_plans): the run tracker's `DayPlan`, and why. */
export interface StoredPlan extends DayPlan {
  /** Absent on plans stored before plans had authors (`loadDayPlan`): treated as a submit. */
  change?: PlanChange;
}

/**
 * Runs as the centre tracks and signs them, from validated draft runs: stops numbered in order, each
 * placed at its site with the site's geofence, and a road-like route when the draft gives none.
 * `site` must know every site of the draft (validation checked).
 */
export function buildRuns(
  drafts: readonly DraftRun[],
  site: (siteId: string) => SiteRecord | undefined,
): Run[] {
  return drafts.map((draft) => {
    const stops = draft.stops.map((stop, s) => {
      const where = site(stop.siteId);
      if (!where) {
        throw new VaultlineError(
          'PLAN_SITE',
          `site ${stop.siteId} is not registered; validate the draft before building it`,
        );
      }
      return { seq: s + 1, ...stop, position: where.position, geofenceM: where.geofenceM };
    });
    return {
      runId: draft.runId,
      vehicleId: draft.vehicleId,
      crew: draft.crew,
      stops,
      route:
        draft.route ??
        plannedRoute(
          draft.runId,
          stops.map((stop) => stop.position),
        ),
    };
  });
}

/** A stored run back as a draft (the console's "edit", an export): what the planner wrote, nothing derived. */
export function draftOfRun(run: Run): DraftRun {
  return {
    runId: run.runId,
    vehicleId: run.vehicleId,
    crew: [...run.crew],
    stops: run.stops.map((stop) => ({
      siteId: stop.siteId,
      kind: stop.kind,
      windowStart: stop.windowStart,
      windowEnd: stop.windowEnd,
      boxes: [...stop.boxes],
    })),
    route: run.route,
  };
}

/** The sites a run stops at, each once, in order. */
export function sitesOf(run: Pick<Run, 'stops'>): string[] {
  return [...new Set(run.stops.map((stop) => stop.siteId))];
}
