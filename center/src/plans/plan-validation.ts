import type { Static, TSchema } from '@sinclair/typebox';
import { check } from '@vaultline/shared/contract/validate';
import type { StopKind } from '@vaultline/shared/plan/plan-schema';
import type { BoxRecord, PersonRecord, SiteKind, SiteRecord } from '../registry/registry-ports.ts';
import { DraftRun, PlanDraft } from './plan-draft.ts';
import { type PlanProblem, planProblem } from './plan-problems.ts';

/**
 * The rules a day's plan must meet before the centre stores and signs it (DESIGN §3): a schema, then
 * every rule checked against the registries, every problem reported (not only the first). Pure: the
 * registries are read through `PlanRegistries`, today's date is given.
 */

export interface PlannedVehicle {
  vehicleId: string;
  plate: string;
  /** EPC of its UHF tag; null while unknown (then no branch could recognise the vehicle). */
  tagEpc: string | null;
}

/** What validation reads of the centre's registries. */
export interface PlanRegistries {
  site(siteId: string): SiteRecord | undefined;
  person(personId: string): PersonRecord | undefined;
  vehicle(vehicleId: string): PlannedVehicle | undefined;
  box(epc: string): BoxRecord | undefined;
}

export interface ValidationContext {
  registries: PlanRegistries;
  /** The centre's service day now, YYYY-MM-DD: a plan for an earlier day is refused. */
  today: string;
}

/** A run already in the day's plan, as far as the day-wide rules (run ids, box directions) look at it. */
export interface PlannedRunOutline {
  runId: string;
  stops: ReadonlyArray<{ kind: StopKind; boxes: readonly string[] }>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: PlanProblem[] };

/** Where each stop kind may happen (StopKind in plan-schema.ts). */
const SITE_KIND_OF: Record<StopKind, SiteKind> = {
  dispatch: 'vault',
  return: 'vault',
  deliver: 'branch',
  collect: 'branch',
};

/** A whole day's draft. */
export function validatePlanDraft(input: unknown, context: ValidationContext): Checked<PlanDraft> {
  const shape = schemaCheck(PlanDraft, input);
  if (!shape.ok) return shape;
  const draft = shape.value;
  const problems: PlanProblem[] = [];
  if (draft.date < context.today) {
    problems.push(planProblem('/date', 'date.past', { date: draft.date, today: context.today }));
  }
  problems.push(...runsProblems(draft.runs, context.registries, (r) => `/runs/${r}`, []));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: draft };
}

/** One run added to `day` (an ad-hoc task); paths are relative to the run (`/crew/0`). */
export function validateAdHocRun(
  input: unknown,
  day: { date: string; runs: readonly PlannedRunOutline[] },
  context: ValidationContext,
): Checked<DraftRun> {
  const shape = schemaCheck(DraftRun, input);
  if (!shape.ok) return shape;
  const problems: PlanProblem[] = [];
  if (day.date < context.today) {
    problems.push(planProblem('', 'date.past', { date: day.date, today: context.today }));
  }
  problems.push(...runsProblems([shape.value], context.registries, () => '', day.runs));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: shape.value };
}

function schemaCheck<T extends TSchema>(schema: T, input: unknown): Checked<Static<T>> {
  const result = check(schema, input);
  if (result.ok) return result;
  // `check` words each problem as `<path> <what is wrong>`.
  const problems = result.errors.map((error) => {
    const space = error.indexOf(' ');
    const path = error.slice(0, space) === '/' ? '' : error.slice(0, space);
    return planProblem(path, 'schema', { detail: plainWords(path, error.slice(space + 1)) });
  });
  return { ok: false, problems };
}

/** Says a format problem in the planner's words instead of the schema's pattern. */
function plainWords(path: string, detail: string): string {
  if (detail.startsWith('must match') && /\/boxes\/\d+$/.test(path)) {
    return 'is not a box tag EPC: hex digits 0-9 A-F, e.g. E28011606000020A00000B01';
  }
  if (detail.startsWith('must match ^[A-Za-z0-9')) return 'may hold only letters, digits and . _ : -';
  if (detail === 'must be a date-time string') {
    return 'is not a date and time with its offset, e.g. 2026-11-23T09:00:00+08:00';
  }
  if (detail === 'must be a date string') return 'is not a day, e.g. 2026-11-23';
  return detail;
}

function runsProblems(
  runs: readonly DraftRun[],
  registries: PlanRegistries,
  at: (run: number) => string,
  existing: readonly PlannedRunOutline[],
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const runIds = new Set(existing.map((run) => run.runId));
  const boxes = new BoxDirections();
  for (const run of existing) {
    run.stops.forEach((stop, s) => {
      boxes.claim(stop.kind, stop.boxes, run.runId, s + 1);
    });
  }
  runs.forEach((run, r) => {
    const path = at(r);
    if (runIds.has(run.runId))
      problems.push(planProblem(`${path}/runId`, 'run.duplicate', { runId: run.runId }));
    runIds.add(run.runId);
    problems.push(...crewProblems(run, registries, path));
    problems.push(...vehicleProblems(run, registries, path));
    if (run.stops.length === 0)
      problems.push(planProblem(`${path}/stops`, 'run.no_stops', { runId: run.runId }));
    run.stops.forEach((stop, s) => {
      const stopPath = `${path}/stops/${s}`;
      const where = { runId: run.runId, stop: s + 1 };
      problems.push(...siteProblems(stop, registries, stopPath, where));
      problems.push(...windowProblems(run, s, stopPath));
      stop.boxes.forEach((epc, b) => {
        const boxPath = `${stopPath}/boxes/${b}`;
        const box = registries.box(epc);
        if (!box) problems.push(planProblem(boxPath, 'box.unknown', { ...where, epc }));
        else if (box.retired)
          problems.push(planProblem(boxPath, 'box.retired', { ...where, epc, label: box.label }));
        const earlier = boxes.claim(stop.kind, [epc], run.runId, s + 1)[0];
        if (earlier) {
          problems.push(
            planProblem(boxPath, 'box.twice', {
              ...where,
              epc,
              kind: stop.kind,
              otherRunId: earlier.runId,
              otherStop: earlier.stop,
            }),
          );
        }
      });
    });
  });
  return problems;
}

function crewProblems(run: DraftRun, registries: PlanRegistries, path: string): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  run.crew.forEach((personId, c) => {
    const at = `${path}/crew/${c}`;
    const params = { runId: run.runId, personId };
    if (seen.has(personId)) {
      problems.push(planProblem(at, 'crew.duplicate', params));
      return;
    }
    seen.add(personId);
    const person = registries.person(personId);
    if (!person) problems.push(planProblem(at, 'person.unknown', params));
    else if (person.retired)
      problems.push(planProblem(at, 'person.retired', { ...params, name: person.name }));
    else if (person.role !== 'escort') {
      problems.push(
        planProblem(at, 'person.not_escort', { ...params, name: person.name, role: person.role }),
      );
    } else if (person.templateCount < 1) {
      problems.push(planProblem(at, 'person.no_fingerprint', { ...params, name: person.name }));
    }
  });
  if (seen.size < 2)
    problems.push(planProblem(`${path}/crew`, 'crew.too_few', { runId: run.runId, count: seen.size }));
  return problems;
}

function vehicleProblems(run: DraftRun, registries: PlanRegistries, path: string): PlanProblem[] {
  const vehicle = registries.vehicle(run.vehicleId);
  const params = { runId: run.runId, vehicleId: run.vehicleId };
  if (!vehicle) return [planProblem(`${path}/vehicleId`, 'vehicle.unknown', params)];
  if (!vehicle.tagEpc)
    return [planProblem(`${path}/vehicleId`, 'vehicle.no_tag', { ...params, plate: vehicle.plate })];
  return [];
}

function siteProblems(
  stop: DraftRun['stops'][number],
  registries: PlanRegistries,
  path: string,
  where: { runId: string; stop: number },
): PlanProblem[] {
  const site = registries.site(stop.siteId);
  if (!site) return [planProblem(`${path}/siteId`, 'site.unknown', { ...where, siteId: stop.siteId })];
  if (SITE_KIND_OF[stop.kind] === site.kind) return [];
  return [
    planProblem(`${path}/kind`, 'stop.kind_site', {
      ...where,
      kind: stop.kind,
      siteId: stop.siteId,
      siteKind: site.kind,
    }),
  ];
}

function windowProblems(run: DraftRun, s: number, path: string): PlanProblem[] {
  const stop = run.stops[s]!;
  const where = { runId: run.runId, stop: s + 1 };
  const problems: PlanProblem[] = [];
  if (!(Date.parse(stop.windowStart) < Date.parse(stop.windowEnd))) {
    problems.push(
      planProblem(`${path}/windowEnd`, 'window.reversed', {
        ...where,
        start: stop.windowStart,
        end: stop.windowEnd,
      }),
    );
  }
  const previous = run.stops[s - 1];
  if (previous && Date.parse(stop.windowStart) < Date.parse(previous.windowStart)) {
    problems.push(
      planProblem(`${path}/windowStart`, 'window.before_previous', {
        ...where,
        start: stop.windowStart,
        previous: s,
        previousStart: previous.windowStart,
      }),
    );
  }
  return problems;
}

/**
 * Which box is handed over in which direction where. A box goes out of the vault and into a branch on
 * the same day legitimately (dispatch, then deliver); the same direction twice is a planning error.
 */
class BoxDirections {
  private readonly claims = new Map<string, { runId: string; stop: number }>();

  /** Claims each box for `kind` at this stop; returns the earlier claims that collide. */
  claim(
    kind: StopKind,
    epcs: readonly string[],
    runId: string,
    stop: number,
  ): Array<{ runId: string; stop: number }> {
    const collisions: Array<{ runId: string; stop: number }> = [];
    for (const epc of epcs) {
      const key = `${kind}:${epc}`;
      const earlier = this.claims.get(key);
      if (earlier) collisions.push(earlier);
      else this.claims.set(key, { runId, stop });
    }
    return collisions;
  }
}
