import type { PlanDraft } from '@vaultline/center/plans/plan-draft';
import type { DayPlan } from '../scenario/day-plan.ts';
import type { DemoCentre } from './demo-centre.ts';

/** Who submits the day's plan, in the centre's audit trail. */
const PLANNER = 'demo:vault-manager';

/** The day as the vault manager writes it: runs, crews and stops by id; the centre fills in the rest. */
export function planDraft(day: DayPlan): PlanDraft {
  return {
    date: day.date,
    runs: day.runs.map((run) => ({
      runId: run.runId,
      vehicleId: run.vehicleId,
      crew: run.crew,
      stops: run.stops.map(({ siteId, kind, windowStart, windowEnd, boxes }) => ({
        siteId,
        kind,
        windowStart,
        windowEnd,
        boxes,
      })),
      route: run.route,
    })),
  };
}

/**
 * The vault manager submits the day's plan: the centre validates and stores it, signs each gateway's
 * part and publishes it retained on that gateway's `plan` topic. Answers the version the gateways get;
 * a refused plan or a gateway that could not be sent its part is an error that says why.
 */
export async function submitDayPlan(centre: DemoCentre, day: DayPlan): Promise<number> {
  const outcome = await centre.app.plans.submit(planDraft(day), PLANNER);
  if (!outcome.ok) {
    throw new Error(
      `the centre refused the day's plan: ${outcome.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  }
  const failed = outcome.publications.filter((publication) => !publication.ok);
  if (failed.length > 0) {
    throw new Error(
      `the plan was stored but not published to ${failed.map((p) => `${p.gatewayId} (${p.ok ? '' : p.reason})`).join(', ')}`,
    );
  }
  return outcome.bundleVersion;
}
