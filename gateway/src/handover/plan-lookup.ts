import type { Person, PersonRole, Run, SitePlan, Stop, Vehicle } from '@vaultline/shared/plan/plan-schema';

/** Queries on the site plan the engine needs; a missing plan behaves as an empty one (nothing is due). */

const STAFF_ROLES: readonly PersonRole[] = ['teller', 'branch-manager', 'vault-manager'];
const MANAGER_ROLES: readonly PersonRole[] = ['branch-manager', 'vault-manager'];

/** Key of a stop in `EngineState.completedStops`. */
export const stopKey = (runId: string, stopSeq: number): string => `${runId}#${stopSeq}`;

export const vehicleByEpc = (plan: SitePlan | null, epc: string): Vehicle | undefined =>
  plan?.vehicles.find((v) => v.tagEpc === epc);

export const vehicleById = (plan: SitePlan | null, vehicleId: string): Vehicle | undefined =>
  plan?.vehicles.find((v) => v.vehicleId === vehicleId);

export const personById = (plan: SitePlan | null, personId: string | undefined): Person | undefined =>
  personId === undefined ? undefined : plan?.people.find((p) => p.personId === personId);

export const isEscort = (person: Person | undefined): boolean => person?.role === 'escort';
/** The plan's people who are not escorts are the staff of this site (plan-schema `people`). */
export const isStaff = (person: Person | undefined): boolean =>
  person !== undefined && STAFF_ROLES.includes(person.role);
export const isManager = (person: Person | undefined): boolean =>
  person !== undefined && MANAGER_ROLES.includes(person.role);

export const nameOf = (plan: SitePlan | null, personId: string): string =>
  personById(plan, personId)?.name ?? personId;

export interface DueStop {
  run: Run;
  stop: Stop;
}

/**
 * The stop a vehicle arriving now comes for: among the not yet completed stops at `siteId` of that
 * vehicle's runs whose window has not ended and that start within `earlyArrivalMs`, the one that starts
 * first (then the lower stop number).
 */
export function dueStop(
  plan: SitePlan | null,
  query: { vehicleId: string; siteId: string; now: number; earlyArrivalMs: number; completed: string[] },
): DueStop | undefined {
  let best: (DueStop & { start: number }) | undefined;
  for (const run of plan?.runs ?? []) {
    if (run.vehicleId !== query.vehicleId) continue;
    for (const stop of run.stops) {
      if (stop.siteId !== query.siteId || query.completed.includes(stopKey(run.runId, stop.seq))) continue;
      const start = Date.parse(stop.windowStart);
      const end = Date.parse(stop.windowEnd);
      if (end <= query.now || start - query.earlyArrivalMs > query.now) continue;
      if (!best || start < best.start || (start === best.start && stop.seq < best.stop.seq)) {
        best = { run, stop, start };
      }
    }
  }
  return best && { run: best.run, stop: best.stop };
}

export interface StopRef {
  runId: string;
  stopSeq: number;
  siteId: string;
  kind: Stop['kind'];
}

/**
 * Which other stops of the plan carry this EPC in their manifest (a box meant for another site or run).
 * A box is usually in two: the vault dispatch and the branch delivery (or the collection and the return).
 */
export function manifestOwners(
  plan: SitePlan | null,
  epc: string,
  except: { runId: string; stopSeq: number },
): StopRef[] {
  const owners: StopRef[] = [];
  for (const run of plan?.runs ?? []) {
    for (const stop of run.stops) {
      if (run.runId === except.runId && stop.seq === except.stopSeq) continue;
      if (stop.boxes.includes(epc))
        owners.push({ runId: run.runId, stopSeq: stop.seq, siteId: stop.siteId, kind: stop.kind });
    }
  }
  return owners;
}
