import { describe, expect, it } from 'vitest';
import { offsetM } from '../../src/rules/geo.ts';
import { AlarmFactory, type RuleOutput } from '../../src/rules/rule-output.ts';
import { resolveRulesConfig } from '../../src/rules/rules-config.ts';
import { RunGeometry } from '../../src/rules/run-geometry.ts';
import { straightRoute } from '../../src/rules/synthetic-routes.ts';
import { UnexpectedStopRule } from '../../src/rules/unexpected-stop-rule.ts';

const START = { lat: 22.54, lon: 114.06 };
const ROUTE = straightRoute(START, 0, 51, 100);
/** Stop 1 sits 2 km up the road. */
const BRANCH = offsetM(START, 0, 2_000);
const T0 = Date.parse('2025-03-03T09:00:00Z');

function driver() {
  let ids = 0;
  const geometry = new RunGeometry(
    { route: ROUTE, stops: [{ seq: 1, siteId: 'BR-7', position: BRANCH }] },
    { defaultGeofenceM: 200 },
  );
  const rule = new UnexpectedStopRule(
    { runId: 'R1', vehicleId: 'V1' },
    geometry,
    resolveRulesConfig(),
    new AlarmFactory(() => `A${++ids}`),
  );
  const outputs: RuleOutput[] = [];
  /** A fix at T0 + `second` s, `northM` up the road and `eastM` beside it. */
  const fix = (second: number, northM: number, speedKmh: number | null = 0, eastM = 0) => {
    const p = offsetM(START, eastM, northM);
    const output = rule.update({ ts: T0 + second * 1000, ...p, speedKmh });
    if (output) outputs.push(output);
    return output;
  };
  return { rule, outputs, fix };
}

describe('UnexpectedStopRule', () => {
  it('raises after more than 5 min stationary outside every stop geofence, once', () => {
    const d = driver();
    for (let s = 0; s <= 300; s++) expect(d.fix(s, 1_000)).toBeUndefined();
    expect(d.fix(301, 1_000)).toEqual({
      action: 'raise',
      alarm: {
        alarmId: 'A1',
        kind: 'UNEXPECTED_STOP',
        severity: 'major',
        runId: 'R1',
        vehicleId: 'V1',
        detail: { stationaryMs: 301_000, ...offsetM(START, 0, 1_000), speedKmh: 0 },
        at: T0 + 301_000,
      },
    });
    for (let s = 302; s < 1_200; s++) d.fix(s, 1_000);
    expect(d.outputs).toHaveLength(1);
  });

  it('raises nothing while the vehicle waits inside a stop geofence', () => {
    const d = driver();
    for (let s = 0; s < 1_800; s++) d.fix(s, 2_000 + (s % 2) * 120);
    expect(d.outputs).toEqual([]);
  });

  it('gives a vehicle leaving a stop geofence the full 5 min again before raising', () => {
    const d = driver();
    for (let s = 0; s < 600; s++) d.fix(s, 2_150); // in the fence, 150 m from the branch
    // Rolls 100 m on (speed 0: still one stop) to outside the fence; the period starts at the last fence fix.
    for (let s = 600; s <= 899; s++) expect(d.fix(s, 2_250)).toBeUndefined();
    expect(d.fix(900, 2_250)?.action).toBe('raise');
  });

  it('counts a receiver without speed as stationary while it stays within 30 m', () => {
    const d = driver();
    for (let s = 0; s <= 300; s += 10) d.fix(s, 500 + (s % 20), null);
    expect(d.outputs).toEqual([]);
    expect(d.fix(310, 520, null)?.action).toBe('raise');
  });

  it('counts a parked vehicle whose fixes wander 50 m as stationary when its speed is near zero', () => {
    const d = driver();
    for (let s = 0; s <= 301; s++) d.fix(s, 700, 1.5, (s % 3) * 25);
    expect(d.outputs.map((o) => o.action)).toEqual(['raise']);
  });

  it('clears when the vehicle moves on, and never raises for one that keeps moving', () => {
    const d = driver();
    for (let s = 0; s <= 301; s++) d.fix(s, 1_000);
    expect(d.fix(302, 1_020, 25)).toBeUndefined(); // 20 m at speed: not yet moved on
    expect(d.fix(303, 1_040, 25)).toEqual({
      action: 'clear',
      alarmId: 'A1',
      kind: 'UNEXPECTED_STOP',
      reason: 'moving again, 40 m on',
      at: T0 + 303_000,
    });
    for (let s = 304; s < 1_500; s++) d.fix(s, 1_040 + (s - 303) * 5, 18);
    expect(d.outputs).toHaveLength(2);
  });

  it('ignores fixes older than the last one taken', () => {
    const d = driver();
    d.fix(0, 1_000);
    d.fix(200, 1_000);
    d.fix(100, 1_500, 60); // late fix from while it was driving: must not reset the stop
    expect(d.fix(301, 1_000)?.action).toBe('raise');
  });
});
