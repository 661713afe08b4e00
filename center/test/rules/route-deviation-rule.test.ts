import { describe, expect, it } from 'vitest';
import { offsetM } from '../../src/rules/geo.ts';
import { RouteDeviationRule } from '../../src/rules/route-deviation-rule.ts';
import { AlarmFactory, type RuleOutput } from '../../src/rules/rule-output.ts';
import { type CentreRulesConfig, resolveRulesConfig } from '../../src/rules/rules-config.ts';
import { type PlannedGeometry, RunGeometry } from '../../src/rules/run-geometry.ts';
import { straightRoute } from '../../src/rules/synthetic-routes.ts';

/** A 10 km road due east; fixes are placed `northM` north of it, so their distance to it is exactly that. */
const START = { lat: 39.9, lon: 116.3 };
const ROUTE = straightRoute(START, 90, 101, 100);
const T0 = Date.parse('2025-03-03T08:00:00Z');

function driver(
  options: {
    stops?: PlannedGeometry['stops'];
    config?: Partial<CentreRulesConfig>;
    route?: typeof ROUTE;
  } = {},
) {
  let ids = 0;
  const geometry = new RunGeometry(
    { route: options.route ?? ROUTE, stops: options.stops ?? [] },
    { defaultGeofenceM: 200 },
  );
  const rule = new RouteDeviationRule(
    { runId: 'R1', vehicleId: 'V1' },
    geometry,
    resolveRulesConfig(options.config),
    new AlarmFactory(() => `A${++ids}`),
  );
  const outputs: RuleOutput[] = [];
  /** A fix at T0 + `second` s, `northM` off the road, `alongM` along it. */
  const fix = (second: number, northM: number, alongM = 5_000) => {
    const p = offsetM(START, alongM, northM);
    const output = rule.update({ ts: T0 + second * 1000, lat: p.lat, lon: p.lon, speedKmh: 40 });
    if (output) outputs.push(output);
    return output;
  };
  const actions = () => outputs.map((o) => o.action);
  return { rule, outputs, fix, actions };
}

describe('RouteDeviationRule: raising', () => {
  it('raises only once 60 s have passed with at least 3 consecutive fixes beyond 500 m', () => {
    const d = driver();
    for (let s = 0; s < 60; s++) expect(d.fix(s, 600)).toBeUndefined();
    const raised = d.fix(60, 600);
    expect(raised).toEqual({
      action: 'raise',
      alarm: {
        alarmId: 'A1',
        kind: 'ROUTE_DEVIATION',
        severity: 'critical',
        runId: 'R1',
        vehicleId: 'V1',
        detail: {
          distanceM: 600,
          corridorM: 500,
          outsideMs: 60_000,
          outsideFixes: 61,
          ...offsetM(START, 5_000, 600),
        },
        at: T0 + 60_000,
      },
    });
  });

  it('needs both conditions: 2 fixes 90 s apart do not raise, a third does', () => {
    const d = driver();
    d.fix(0, 800);
    expect(d.fix(90, 800)).toBeUndefined();
    expect(d.fix(91, 800)?.action).toBe('raise');
  });

  it('needs both conditions: 3 fixes within 60 s do not raise', () => {
    const d = driver();
    d.fix(0, 800);
    d.fix(20, 800);
    expect(d.fix(59, 800)).toBeUndefined();
    expect(d.fix(60, 800)?.action).toBe('raise');
  });

  it('is not raised by a single outlier, however far and however long the silence after it', () => {
    const d = driver();
    for (let s = 0; s < 600; s += 10) {
      d.fix(s, 50);
      d.fix(s + 5, 20_000);
    }
    d.fix(700, 5_000);
    d.fix(900, 50);
    expect(d.outputs).toEqual([]);
  });

  it('counts a gap as time outside only when the fixes on both sides of it were outside', () => {
    const d = driver();
    d.fix(0, 700);
    d.fix(1, 700);
    d.fix(30, 100); // one inside fix ends the streak
    d.fix(31, 700);
    d.fix(61, 700);
    expect(d.fix(62, 700)).toBeUndefined(); // 3 fixes, but only 31 s since the streak began
    expect(d.fix(91, 700)?.action).toBe('raise');
  });

  it('uses only the fixes when thresholds are configured differently', () => {
    const d = driver({
      config: { routeMinOutsideFixes: 5, routeMinOutsideMs: 10_000, routeCorridorM: 300, routeClearM: 250 },
    });
    for (let s = 0; s < 4; s++) expect(d.fix(s * 10, 350)).toBeUndefined();
    expect(d.fix(40, 350)?.action).toBe('raise');
    expect(d.fix(41, 260)).toBeUndefined();
    expect(d.fix(42, 240)?.action).toBe('clear');
  });
});

describe('RouteDeviationRule: clearing and hysteresis', () => {
  function raisedDriver() {
    const d = driver();
    for (let s = 0; s <= 60; s++) d.fix(s, 600);
    expect(d.actions()).toEqual(['raise']);
    return d;
  }

  it('is not cleared between 400 and 500 m, and is cleared below 400 m', () => {
    const d = raisedDriver();
    expect(d.fix(61, 499)).toBeUndefined();
    expect(d.fix(62, 450)).toBeUndefined();
    expect(d.fix(63, 401)).toBeUndefined();
    expect(d.fix(64, 399)).toEqual({
      action: 'clear',
      alarmId: 'A1',
      kind: 'ROUTE_DEVIATION',
      reason: 'back within 400 m of the planned route',
      at: T0 + 64_000,
    });
  });

  it('does not flap for a vehicle oscillating between 450 and 550 m: at most one raise, no clear', () => {
    const d = driver();
    for (let s = 0; s < 1_800; s++) d.fix(s, s % 2 === 0 ? 550 : 450);
    expect(d.outputs.filter((o) => o.action === 'clear')).toEqual([]);
    expect(d.outputs.filter((o) => o.action === 'raise').length).toBeLessThanOrEqual(1);
  });

  it('once raised at the edge, stays raised through 450–550 m until below 400 m', () => {
    const d = raisedDriver();
    for (let s = 61; s < 1_800; s++) d.fix(s, s % 3 === 0 ? 450 : 550);
    expect(d.actions()).toEqual(['raise']);
    d.fix(1_800, 350);
    expect(d.actions()).toEqual(['raise', 'clear']);
    // After a clear, a new deviation needs a new full streak.
    for (let s = 1_801; s < 1_861; s++) d.fix(s, 600);
    expect(d.actions()).toEqual(['raise', 'clear']);
    d.fix(1_861, 600);
    expect(d.outputs.map((o) => (o.action === 'raise' ? o.alarm.alarmId : o.alarmId))).toEqual([
      'A1',
      'A1',
      'A2',
    ]);
  });
});

describe('RouteDeviationRule: stops, order and missing routes', () => {
  it('raises nothing inside the default geofence of a planned stop far from the route', () => {
    const depot = offsetM(START, 5_000, 1_500);
    const d = driver({ stops: [{ seq: 1, siteId: 'S1', position: depot }] });
    for (let s = 0; s < 600; s++) d.fix(s, 1_500 + (s % 2 === 0 ? 150 : -150));
    expect(d.outputs).toEqual([]);
    for (let s = 600; s <= 660; s++) d.fix(s, 1_750);
    expect(d.actions()).toEqual(['raise']);
  });

  it("uses the stop's own geofenceM instead of the default", () => {
    const branch = offsetM(START, 5_000, 2_000);
    const d = driver({ stops: [{ seq: 1, siteId: 'S1', position: branch, geofenceM: 300 }] });
    for (let s = 0; s <= 120; s++) d.fix(s, 2_250);
    expect(d.outputs).toEqual([]);
    for (let s = 121; s <= 181; s++) d.fix(s, 2_350);
    expect(d.actions()).toEqual(['raise']);
  });

  it('ignores fixes older than (or as old as) the last one taken', () => {
    const d = driver();
    d.fix(0, 700);
    d.fix(30, 700);
    expect(d.fix(10, 0)).toBeUndefined(); // late inside fix: must not end the streak
    expect(d.fix(30, 0)).toBeUndefined(); // duplicate time
    expect(d.fix(60, 700)?.action).toBe('raise');
    const e = driver();
    e.fix(0, 700);
    e.fix(60, 700);
    e.fix(30, 700); // older: must not count as the third fix
    expect(e.outputs).toEqual([]);
  });

  it('stays silent for a run without a planned route', () => {
    const d = driver({ route: [] });
    for (let s = 0; s < 300; s++) d.fix(s, 10_000);
    expect(d.outputs).toEqual([]);
  });
});
