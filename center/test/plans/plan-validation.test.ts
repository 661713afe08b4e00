import { afterAll, describe, expect, it } from 'vitest';
import { planRegistries } from '../../src/plans/plan-book.ts';
import type { DraftRun } from '../../src/plans/plan-draft.ts';
import type { PlanProblem } from '../../src/plans/plan-problems.ts';
import {
  type PlannedRunOutline,
  type ValidationContext,
  validateAdHocRun,
  validatePlanDraft,
} from '../../src/plans/plan-validation.ts';
import { at, BOX, dayDraft, openPlanStore, runR1, runR2, TODAY } from './plan-fixture.ts';

const fixture = openPlanStore();
afterAll(() => fixture.dispose());
const context: ValidationContext = { registries: planRegistries(fixture.store), today: TODAY };

/** The problems of a day made of `runs` (R1 changed by `change`). */
function problemsOf(change: (run: DraftRun) => void, runs: DraftRun[] = []): PlanProblem[] {
  const r1 = runR1();
  change(r1);
  const result = validatePlanDraft(dayDraft(TODAY, [r1, ...runs]), context);
  return result.ok ? [] : result.problems;
}

const brief = (problems: PlanProblem[]) => problems.map((p) => ({ path: p.path, code: p.code }));

describe('a day plan is checked against every rule', () => {
  it('accepts a sound day and returns the draft', () => {
    const result = validatePlanDraft(dayDraft(TODAY, [runR1(), runR2()]), context);
    expect(result).toEqual({ ok: true, value: dayDraft(TODAY, [runR1(), runR2()]) });
  });

  it('reports schema problems with their paths and stops there', () => {
    const result = validatePlanDraft(
      { date: '2026-02-30', runs: [{ ...runR1(), crew: ['E1', 'E 2'], extra: 1 }] },
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '/date: is not a day, e.g. 2026-11-23',
      '/runs/0/extra: is not an allowed property',
      '/runs/0/crew/1: may hold only letters, digits and . _ : -',
    ]);
    expect(result.problems.every((p) => p.code === 'schema')).toBe(true);
  });

  it('names a malformed box EPC and window time in plain words', () => {
    const problems = problemsOf((r) => {
      r.stops[0]!.boxes[1] = 'e28011606000020a00000b02';
      r.stops[1]!.windowStart = '09:00';
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '/runs/0/stops/0/boxes/1: is not a box tag EPC: hex digits 0-9 A-F, e.g. E28011606000020A00000B01',
      '/runs/0/stops/1/windowStart: is not a date and time with its offset, e.g. 2026-11-23T09:00:00+08:00',
    ]);
  });

  it('refuses a day that is over', () => {
    const result = validatePlanDraft(dayDraft('2026-11-22', [runR1('2026-11-22')]), context);
    expect(result.ok ? [] : result.problems).toEqual([
      {
        path: '/date',
        code: 'date.past',
        params: { date: '2026-11-22', today: TODAY },
        message:
          'the plan is for 2026-11-22, a day that is over (today is 2026-11-23); plan today or a later day',
      },
    ]);
  });

  it('needs two different escorts on every crew', () => {
    expect(problemsOf((r) => (r.crew = ['E1']))).toEqual([
      {
        path: '/runs/0/crew',
        code: 'crew.too_few',
        params: { runId: 'R1', count: 1 },
        message: 'run R1 has 1 escort(s); every run needs at least two different escorts',
      },
    ]);
    expect(brief(problemsOf((r) => (r.crew = ['E1', 'E1'])))).toEqual([
      { path: '/runs/0/crew/1', code: 'crew.duplicate' },
      { path: '/runs/0/crew', code: 'crew.too_few' },
    ]);
  });

  it('accepts on a crew only known, current, enrolled escorts', () => {
    const problems = problemsOf((r) => (r.crew = ['E1', 'E2', 'NOBODY', 'E5', 'T1', 'E6']));
    expect(problems.map((p) => `${p.path} ${p.code}: ${p.message}`)).toEqual([
      "/runs/0/crew/2 person.unknown: run R1: NOBODY is not a registered person; import the escort company's personnel file first",
      '/runs/0/crew/3 person.retired: run R1: Name E5 (E5) has left and may not be on a crew; choose another escort',
      '/runs/0/crew/4 person.not_escort: run R1: Name T1 (T1) is a teller, not an escort; only escorts may form a crew',
      '/runs/0/crew/5 person.no_fingerprint: run R1: Name E6 (E6) has no enrolled fingerprint and could not open the door; enrol a fingerprint first',
    ]);
  });

  it('needs a registered vehicle with a tag', () => {
    expect(problemsOf((r) => (r.vehicleId = 'V9'))).toMatchObject([
      { path: '/runs/0/vehicleId', code: 'vehicle.unknown', params: { runId: 'R1', vehicleId: 'V9' } },
    ]);
    expect(problemsOf((r) => (r.vehicleId = 'V3'))).toEqual([
      {
        path: '/runs/0/vehicleId',
        code: 'vehicle.no_tag',
        params: { runId: 'R1', vehicleId: 'V3', plate: '京A·C9999' },
        message:
          'run R1: vehicle V3 (京A·C9999) has no RFID tag recorded, so no branch could recognise it; record its tag EPC',
      },
    ]);
  });

  it('needs known sites, and stop kinds that fit them', () => {
    const problems = problemsOf((r) => {
      r.stops[1]!.siteId = 'BR-404';
      r.stops[2]!.kind = 'dispatch';
      r.stops[2]!.boxes = [];
    });
    expect(problems).toEqual([
      {
        path: '/runs/0/stops/1/siteId',
        code: 'site.unknown',
        params: { runId: 'R1', stop: 2, siteId: 'BR-404' },
        message: 'run R1, stop 2: site BR-404 is not registered',
      },
      {
        path: '/runs/0/stops/2/kind',
        code: 'stop.kind_site',
        params: { runId: 'R1', stop: 3, kind: 'dispatch', siteId: 'BR-002', siteKind: 'branch' },
        message:
          'run R1, stop 3: a dispatch stop cannot be at BR-002, which is a branch (dispatch and return happen at a vault, deliver and collect at a branch)',
      },
    ]);
    expect(brief(problemsOf((r) => (r.stops[1]!.kind = 'return')))).toEqual([
      { path: '/runs/0/stops/1/kind', code: 'stop.kind_site' },
    ]);
  });

  it('needs windows that end after they start, in driving order', () => {
    const problems = problemsOf((r) => {
      r.stops[1]!.windowEnd = at('08:59');
      r.stops[2]!.windowStart = at('08:45');
    });
    expect(problems.map((p) => `${p.path} ${p.code}: ${p.message}`)).toEqual([
      '/runs/0/stops/1/windowEnd window.reversed: run R1, stop 2: the window ends (2026-11-23T08:59:00+08:00) before it starts (2026-11-23T09:00:00+08:00); the end must be later than the start',
      '/runs/0/stops/2/windowStart window.before_previous: run R1, stop 3: starts at 2026-11-23T08:45:00+08:00, before stop 2 (2026-11-23T09:00:00+08:00); stops must be listed in the order they are driven',
    ]);
    // Equal starts are allowed (two stops planned in the same window); an empty window is not.
    expect(brief(problemsOf((r) => (r.stops[1]!.windowStart = r.stops[0]!.windowStart)))).toEqual([]);
    expect(brief(problemsOf((r) => (r.stops[1]!.windowEnd = r.stops[1]!.windowStart)))).toEqual([
      { path: '/runs/0/stops/1/windowEnd', code: 'window.reversed' },
    ]);
  });

  it('needs at least one stop', () => {
    expect(problemsOf((r) => (r.stops = []))).toMatchObject([
      { path: '/runs/0/stops', code: 'run.no_stops', message: 'run R1 has no stops; add at least one stop' },
    ]);
  });

  it('needs registered, current boxes', () => {
    const problems = problemsOf((r) => {
      r.stops[0]!.boxes = [BOX.b1, BOX.unknown, BOX.retired];
      r.stops[1]!.boxes = [BOX.b1];
      r.stops[2]!.boxes = [];
    });
    expect(problems.map((p) => `${p.path} ${p.code}: ${p.message}`)).toEqual([
      `/runs/0/stops/0/boxes/1 box.unknown: run R1, stop 1: box ${BOX.unknown} is not registered; register the box first`,
      `/runs/0/stops/0/boxes/2 box.retired: run R1, stop 1: box ${BOX.retired} (box 0D01) is retired and may not be handed over`,
    ]);
  });

  it('refuses a box handed over twice in one direction anywhere in the day, not dispatch then delivery', () => {
    const r2 = runR2();
    r2.stops[0]!.kind = 'collect';
    r2.stops[0]!.boxes = [BOX.c1];
    // R2 also delivers b2, which R1 delivers at branch A already.
    r2.stops.splice(1, 0, {
      siteId: 'BR-001',
      kind: 'deliver',
      windowStart: at('13:40'),
      windowEnd: at('13:50'),
      boxes: [BOX.b2],
    });
    const problems = problemsOf((r) => r.stops[1]!.boxes.push(BOX.b1), [r2]);
    expect(problems).toEqual([
      {
        path: '/runs/0/stops/1/boxes/2',
        code: 'box.twice',
        params: { runId: 'R1', stop: 2, epc: BOX.b1, kind: 'deliver', otherRunId: 'R1', otherStop: 2 },
        message: `run R1, stop 2: box ${BOX.b1} is already planned for deliver at run R1, stop 2; a box is handed over once per direction in a day`,
      },
      {
        path: '/runs/1/stops/1/boxes/0',
        code: 'box.twice',
        params: { runId: 'R2', stop: 2, epc: BOX.b2, kind: 'deliver', otherRunId: 'R1', otherStop: 2 },
        message: `run R2, stop 2: box ${BOX.b2} is already planned for deliver at run R1, stop 2; a box is handed over once per direction in a day`,
      },
    ]);
  });

  it('refuses two runs with one id', () => {
    expect(brief(problemsOf(() => undefined, [{ ...runR2(), runId: 'R1' }]))).toEqual([
      { path: '/runs/1/runId', code: 'run.duplicate' },
    ]);
  });

  it('reports every problem of a bad day at once', () => {
    const problems = problemsOf((r) => {
      r.crew = ['E1'];
      r.vehicleId = 'V3';
      r.stops[3]!.siteId = 'BR-001';
    });
    expect(brief(problems)).toEqual([
      { path: '/runs/0/crew', code: 'crew.too_few' },
      { path: '/runs/0/vehicleId', code: 'vehicle.no_tag' },
      { path: '/runs/0/stops/3/kind', code: 'stop.kind_site' },
    ]);
  });
});

describe('an ad-hoc run is checked against the day it joins', () => {
  const day = { date: TODAY, runs: [runR1()] as PlannedRunOutline[] };

  it('accepts a sound run', () => {
    expect(validateAdHocRun(runR2(), day, context)).toEqual({ ok: true, value: runR2() });
  });

  it('refuses a run id or a box direction the day already has, with paths in the run', () => {
    const run = { ...runR2(), runId: 'R1' };
    run.stops[0] = { ...run.stops[0]!, siteId: 'VAULT-1', kind: 'dispatch', boxes: [BOX.b3] };
    const result = validateAdHocRun(run, day, context);
    expect(result.ok ? [] : result.problems).toMatchObject([
      { path: '/runId', code: 'run.duplicate' },
      { path: '/stops/0/boxes/0', code: 'box.twice', params: { otherRunId: 'R1', otherStop: 1 } },
    ]);
  });

  it('refuses a run for a day that is over, and a malformed run', () => {
    const past = validateAdHocRun(runR2('2026-11-20'), { date: '2026-11-20', runs: [] }, context);
    expect(past.ok ? [] : past.problems.map((p) => p.code)).toEqual(['date.past']);
    const malformed = validateAdHocRun({ runId: 'R9' }, day, context);
    expect(malformed.ok ? [] : malformed.problems.map((p) => `${p.path} ${p.message}`)).toEqual([
      '/vehicleId is required',
      '/crew is required',
      '/stops is required',
    ]);
  });
});
