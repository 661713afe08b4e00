import type { Run } from '@vaultline/shared/plan/plan-schema';
import { describe, expect, it } from 'vitest';
import { AlarmFactory } from '../../src/rules/rule-output.ts';
import { RunProgressRule } from '../../src/rules/run-progress-rule.ts';

const DAY = '2025-03-03';
const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+08:00`);
const iso = (hhmm: string) => `${DAY}T${hhmm}:00+08:00`;

/** Stops `hh:00`–`hh:30` from `firstHour`, one per site. */
function run(runId: string, vehicleId: string, sites: string[], firstHour: number): Run {
  return {
    runId,
    vehicleId,
    crew: ['P1', 'P2'],
    route: [],
    stops: sites.map((siteId, i) => {
      const hh = String(firstHour + i).padStart(2, '0');
      return {
        seq: i + 1,
        siteId,
        kind: 'deliver',
        windowStart: iso(`${hh}:00`),
        windowEnd: iso(`${hh}:30`),
        boxes: [],
      };
    }),
  };
}

const R1 = run('R1', 'V1', ['VAULT', 'BR-A', 'BR-B', 'BR-C'], 7);
const R2 = run('R2', 'V2', ['VAULT', 'BR-D'], 7);

function progress(runs = [R1, R2]) {
  let ids = 0;
  return new RunProgressRule(runs, new AlarmFactory(() => `A${++ids}`));
}

/** Arrives at and completes a stop at `hhmm`. */
function visit(p: RunProgressRule, runId: string, seq: number, hhmm: string) {
  return [...p.arrival(runId, seq, at(hhmm)), ...p.completion(runId, seq, at(hhmm))];
}

describe('RunProgressRule: STOP_SKIPPED', () => {
  it('raises nothing for a run that visits its stops in order', () => {
    const p = progress();
    expect([
      ...visit(p, 'R1', 1, '07:10'),
      ...visit(p, 'R1', 2, '08:10'),
      ...visit(p, 'R1', 3, '09:10'),
    ]).toEqual([]);
    expect(p.isComplete('R1')).toBe(false);
    expect(visit(p, 'R1', 4, '10:10')).toEqual([]);
    expect(p.isComplete('R1')).toBe(true);
  });

  it('raises for each earlier stop not completed, once per stop, naming the skipped stop', () => {
    const p = progress();
    visit(p, 'R1', 1, '07:10');
    p.arrival('R1', 2, at('08:05')); // arrived but the hand-over never completed
    expect(p.arrival('R1', 3, at('09:05'))).toEqual([
      {
        action: 'raise',
        alarm: {
          alarmId: 'A1',
          kind: 'STOP_SKIPPED',
          severity: 'major',
          runId: 'R1',
          vehicleId: 'V1',
          siteId: 'BR-A',
          stopSeq: 2,
          detail: { arrivedAtStopSeq: 3, arrivedAtSiteId: 'BR-B', skippedStopArrived: true },
          at: at('09:05'),
        },
      },
    ]);
    // Stop 2 is still open, but was already reported: only stop 3 is new.
    const next = p.arrival('R1', 4, at('10:05'));
    expect(next.map((o) => (o.action === 'raise' ? [o.alarm.kind, o.alarm.stopSeq] : o.action))).toEqual([
      ['STOP_SKIPPED', 3],
    ]);
  });

  it('clears a skip when the skipped stop is completed after all', () => {
    const p = progress();
    expect(p.arrival('R2', 2, at('07:20')).map((o) => o.action)).toEqual(['raise']);
    expect(p.completion('R2', 1, at('07:25'))).toEqual([
      {
        action: 'clear',
        alarmId: 'A1',
        kind: 'STOP_SKIPPED',
        reason: 'the skipped stop was completed after all',
        at: at('07:25'),
      },
    ]);
  });
});

describe('RunProgressRule: LATE_ARRIVAL', () => {
  it('raises once, only after the window end, for a stop with no arrival; clears on arrival', () => {
    const p = progress([R1]);
    visit(p, 'R1', 1, '07:10');
    expect(p.tick(at('08:30'))).toEqual([]);
    expect(p.tick(at('08:31'))).toEqual([
      {
        action: 'raise',
        alarm: {
          alarmId: 'A1',
          kind: 'LATE_ARRIVAL',
          severity: 'major',
          runId: 'R1',
          vehicleId: 'V1',
          siteId: 'BR-A',
          stopSeq: 2,
          detail: { windowEnd: iso('08:30') },
          at: at('08:31'),
        },
      },
    ]);
    expect(p.tick(at('08:32'))).toEqual([]);
    expect(p.tick(at('08:45'))).toEqual([]);
    expect(p.arrival('R1', 2, at('08:50'))).toEqual([
      {
        action: 'clear',
        alarmId: 'A1',
        kind: 'LATE_ARRIVAL',
        reason: 'arrived 20 min after the window closed',
        at: at('08:50'),
      },
    ]);
  });

  it('raises for every open stop of every run whose window closed, in window order', () => {
    const p = progress();
    const raised = p
      .tick(at('08:31'))
      .map((o) => (o.action === 'raise' ? `${o.alarm.runId}/${o.alarm.stopSeq}` : o.action));
    expect(raised).toEqual(['R1/1', 'R2/1', 'R1/2', 'R2/2']);
  });

  it('never raises for a stop reached in time, or completed without a separate arrival', () => {
    const p = progress();
    p.arrival('R1', 1, at('07:29'));
    p.completion('R2', 1, at('07:15'));
    expect(p.tick(at('07:31'))).toEqual([]);
  });

  it('raises and clears at once for a late arrival that no tick had seen', () => {
    const p = progress([R2]);
    const out = p.arrival('R2', 1, at('07:45'));
    expect(out.map((o) => [o.action, o.action === 'raise' ? o.alarm.kind : o.kind])).toEqual([
      ['raise', 'LATE_ARRIVAL'],
      ['clear', 'LATE_ARRIVAL'],
    ]);
    expect(p.tick(at('08:00'))).toEqual([]);
  });
});

describe('RunProgressRule: input hygiene', () => {
  it('ignores unknown runs and stops, and repeated arrivals and completions', () => {
    const p = progress();
    expect(p.arrival('R9', 1, at('07:00'))).toEqual([]);
    expect(p.arrival('R1', 9, at('07:00'))).toEqual([]);
    expect(p.completion('R1', 9, at('07:00'))).toEqual([]);
    expect(p.isComplete('R9')).toBe(false);
    p.arrival('R1', 3, at('07:10'));
    expect(p.arrival('R1', 3, at('07:11'))).toEqual([]);
    p.completion('R1', 3, at('07:20'));
    expect(p.completion('R1', 3, at('07:21'))).toEqual([]);
  });
});
