import { isFullDate } from '@vaultline/shared/contract/validate';
import type { Run } from '@vaultline/shared/plan/plan-schema';
import type { Clock } from '@vaultline/shared/time/clock';
import type { CentreStore } from '../store/open-store.ts';
import { buildRuns, type PlanChange, type StoredPlan, sitesOf } from './day-plan-builder.ts';
import { locateProblems, parsePlanCsv } from './plan-csv.ts';
import { type PlanProblem, planProblem } from './plan-problems.ts';
import { type Checked, type PlanRegistries, validateAdHocRun, validatePlanDraft } from './plan-validation.ts';
import { MAX_DAY_VERSIONS } from './plan-versions.ts';

/**
 * The day plans the centre keeps: a draft is validated against the registries and stored as the day's
 * next version in one transaction (another process storing at the same time waits for the write lock),
 * or refused with every problem and nothing stored. Every submit, accepted or refused, is audited.
 * Publishing to gateways is the plan service's part; the CLI uses the book alone.
 */

export interface PlanVersionSummary {
  version: number;
  savedAt: number;
  runs: number;
  /** Absent for plans stored without an author (`loadDayPlan`). */
  change?: PlanChange;
}

export type PlanBookStore = Pick<
  CentreStore,
  'plans' | 'sites' | 'people' | 'boxes' | 'vehicles' | 'audit' | 'transaction'
>;

export class PlanBook {
  private readonly registries: PlanRegistries;

  constructor(
    private readonly store: PlanBookStore,
    private readonly clock: Clock,
  ) {
    this.registries = planRegistries(store);
  }

  /** A whole day's plan (JSON draft, see plan-draft.ts) as the day's next version. */
  submit(input: unknown, actor: string, today: string): Checked<StoredPlan> {
    return this.store.transaction(() => {
      const checked = validatePlanDraft(input, { registries: this.registries, today });
      if (!checked.ok) return this.refused(actor, dateOf(input), checked.problems);
      const { date, runs } = checked.value;
      return this.storeVersion(
        date,
        buildRuns(runs, this.registries.site),
        { kind: 'submit', by: actor },
        actor,
      );
    });
  }

  /** A day's plan from CSV (plan-csv.ts); problems point at `line N, column X`. */
  submitCsv(
    text: string,
    actor: string,
    today: string,
    options: { date?: string } = {},
  ): Checked<StoredPlan> {
    const parsed = parsePlanCsv(text, options);
    if (!parsed.ok) return this.refused(actor, options.date, parsed.problems);
    const result = this.submit(parsed.draft, actor, today);
    return result.ok ? result : { ok: false, problems: locateProblems(result.problems, parsed.locate) };
  }

  /** One more run on `date` (an ad-hoc task: temporary transfer, ATM replenishment) as the next version. */
  addRun(date: string, input: unknown, actor: string, today: string): Checked<StoredPlan> {
    if (!isFullDate(date)) {
      return this.refused(actor, undefined, [
        planProblem('/date', 'schema', { detail: `"${date}" is not a day, e.g. 2026-11-23` }),
      ]);
    }
    return this.store.transaction(() => {
      const current = this.store.plans.get<StoredPlan>(date)?.plan;
      const runs = current?.runs ?? [];
      const checked = validateAdHocRun(input, { date, runs }, { registries: this.registries, today });
      if (!checked.ok) return this.refused(actor, date, checked.problems);
      const run = buildRuns([checked.value], this.registries.site)[0] as Run;
      const change: PlanChange = { kind: 'ad-hoc', by: actor, runId: run.runId, sites: sitesOf(run) };
      return this.storeVersion(date, [...runs, run], change, actor);
    });
  }

  current(date: string): StoredPlan | undefined {
    return this.store.plans.get<StoredPlan>(date)?.plan;
  }

  /** Every version of `date`, lowest first. */
  versions(date: string): PlanVersionSummary[] {
    return this.store.plans.versions(date).flatMap((version) => {
      const stored = this.store.plans.get<StoredPlan>(date, version);
      if (!stored) return [];
      const { change } = stored.plan;
      return [
        { version, savedAt: stored.savedAt, runs: stored.plan.runs.length, ...(change ? { change } : {}) },
      ];
    });
  }

  private storeVersion(
    date: string,
    runs: StoredPlan['runs'],
    change: PlanChange,
    actor: string,
  ): Checked<StoredPlan> {
    const versions = this.store.plans.versions(date);
    const version = (versions.at(-1) ?? 0) + 1;
    if (version > MAX_DAY_VERSIONS) {
      return this.refused(actor, date, [
        planProblem('', 'plan.versions_exhausted', { date, max: MAX_DAY_VERSIONS }),
      ]);
    }
    const plan: StoredPlan = { date, version, runs, change };
    this.store.plans.save(date, version, plan);
    this.store.audit.append({
      at: this.clock.now(),
      actor,
      action: change.kind === 'submit' ? 'plan.submitted' : 'plan.run-added',
      target: `plan:${date}`,
      detail: {
        version,
        runs: runs.length,
        ...(change.kind === 'ad-hoc' ? { runId: change.runId, sites: change.sites } : {}),
      },
    });
    return { ok: true, value: plan };
  }

  private refused(actor: string, date: string | undefined, problems: PlanProblem[]): Checked<StoredPlan> {
    this.store.audit.append({
      at: this.clock.now(),
      actor,
      action: 'plan.refused',
      target: `plan:${date ?? 'unknown'}`,
      detail: { problems: problems.length, codes: [...new Set(problems.map((p) => p.code))] },
    });
    return { ok: false, problems };
  }
}

/** Validation's view of the centre's registries. */
export function planRegistries(
  store: Pick<CentreStore, 'sites' | 'people' | 'vehicles' | 'boxes'>,
): PlanRegistries {
  return {
    site: (id) => store.sites.get(id),
    person: (id) => store.people.get(id),
    vehicle: (id) => store.vehicles.get(id),
    box: (epc) => store.boxes.get(epc),
  };
}

/** The draft's date when it has a usable one (for the audit of a refused draft). */
function dateOf(input: unknown): string | undefined {
  const date = (input as { date?: unknown } | null)?.date;
  return typeof date === 'string' && isFullDate(date) ? date : undefined;
}
