import { describe, expect, it } from 'vitest';
import { parseSitePlan, planProblems } from '../../src/plan/plan-bundle.ts';
import { PlanSchemaError } from '../../src/plan/plan-errors.ts';
import type { SitePlan } from '../../src/plan/plan-schema.ts';
import { BOX_1, BOX_3, clonePlan, sitePlan } from './site-plan-fixture.ts';

function problemsAfter(change: (plan: SitePlan) => void): string[] {
  const plan = clonePlan(sitePlan());
  change(plan);
  return planProblems(plan);
}

describe('plan rules beyond the schema', () => {
  it('finds nothing wrong with the fixture: the same box may go out at the vault and in at the branch', () => {
    expect(planProblems(sitePlan())).toEqual([]);
    expect(parseSitePlan(sitePlan())).toEqual(sitePlan());
  });

  it('refuses the same box twice in one direction within a run', () => {
    expect(
      problemsAfter((plan) => {
        const run = plan.runs[0]!;
        run.stops.push({ ...run.stops[1]!, seq: 5, siteId: 'branch-b', boxes: [BOX_1] });
      }),
    ).toEqual([`/runs/0/stops/4/boxes/0 box ${BOX_1} is already in stop 2 (deliver) of this run`]);
    expect(problemsAfter((plan) => plan.runs[0]!.stops[2]!.boxes.push(BOX_3))).toEqual([
      `/runs/0/stops/2/boxes/1 box ${BOX_3} is already in this stop (collect) of this run`,
    ]);
  });

  it('needs stops numbered 1..n in order', () => {
    expect(
      problemsAfter((plan) => {
        const stops = plan.runs[0]!.stops;
        [stops[1], stops[2]] = [stops[2]!, stops[1]!];
      }),
    ).toEqual([
      '/runs/0/stops/1/seq is 3, expected 2 (stops are numbered 1..n in order)',
      '/runs/0/stops/2/seq is 2, expected 3 (stops are numbered 1..n in order)',
    ]);
  });

  it('needs each window to end after it starts', () => {
    expect(
      problemsAfter((plan) => {
        const stop = plan.runs[0]!.stops[0]!;
        stop.windowEnd = stop.windowStart;
      }),
    ).toEqual(['/runs/0/stops/0/windowEnd must be later than windowStart']);
    // Offsets count: 08:30+08:00 is 00:30Z, so an end at 00:15Z comes before it, and one at 00:45Z after.
    const withWindow = (end: string) =>
      problemsAfter((plan) => {
        plan.runs[0]!.stops[0]!.windowStart = '2026-11-23T08:30:00+08:00';
        plan.runs[0]!.stops[0]!.windowEnd = end;
      });
    expect(withWindow('2026-11-23T00:15:00Z')).toEqual([
      '/runs/0/stops/0/windowEnd must be later than windowStart',
    ]);
    expect(withWindow('2026-11-23T00:45:00Z')).toEqual([]);
  });

  it('needs every crew member and vehicle to exist, crews of escorts, and no one twice', () => {
    expect(problemsAfter((plan) => (plan.runs[0]!.crew = ['esc-1', 'esc-9']))).toEqual([
      '/runs/0/crew/1 "esc-9" is not in /people',
    ]);
    expect(problemsAfter((plan) => (plan.runs[0]!.crew = ['esc-1', 'tel-1']))).toEqual([
      '/runs/0/crew/1 "tel-1" is a teller, not an escort',
    ]);
    expect(problemsAfter((plan) => (plan.runs[0]!.crew = ['esc-1', 'esc-1']))).toEqual([
      '/runs/0/crew has person "esc-1" more than once',
    ]);
    expect(problemsAfter((plan) => (plan.runs[0]!.vehicleId = 'veh-99'))).toEqual([
      '/runs/0/vehicleId "veh-99" is not in /vehicles',
    ]);
    expect(problemsAfter((plan) => plan.people.push(plan.people[0]!))).toEqual([
      '/people has personId "esc-1" more than once',
    ]);
    expect(problemsAfter((plan) => plan.runs.push(plan.runs[0]!))).toEqual([
      '/runs has runId "run-7" more than once',
    ]);
    expect(
      problemsAfter((plan) => plan.vehicles.push({ ...plan.vehicles[0]!, vehicleId: 'veh-13' })),
    ).toEqual(['/vehicles has tagEpc "E20000172211010118905454" more than once']);
  });

  it('needs each run to stop at this site', () => {
    expect(problemsAfter((plan) => (plan.siteId = 'branch-z'))).toEqual([
      '/runs/0/stops has no stop at site "branch-z", so the run does not belong in this site\'s plan',
    ]);
  });

  it('refuses raw templates and templates that are not JWE', () => {
    expect(
      problemsAfter((plan) => {
        (plan.people[0] as Record<string, unknown>).templatesRaw = ['AAAA'];
        plan.people[1]!.templates = ['AAAA'];
      }),
    ).toEqual([
      '/people/0/templatesRaw raw templates must never travel in a bundle; encrypt them to the gateway',
      '/people/1/templates/0 is not a JWE encrypted to the gateway',
    ]);
  });

  it('parseSitePlan throws PlanSchemaError listing every problem', () => {
    const plan = clonePlan(sitePlan());
    plan.runs[0]!.vehicleId = 'veh-99';
    plan.runs[0]!.crew = ['esc-1', 'esc-9'];
    expect(() => parseSitePlan(plan)).toThrow(PlanSchemaError);
    expect(() => parseSitePlan(plan)).toThrow(
      'plan: /runs/0/vehicleId "veh-99" is not in /vehicles (and 1 more problem(s))',
    );
  });
});
