import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetM, segmentDistance2 } from '../../src/rules/geo.ts';
import { RouteDeviationRule } from '../../src/rules/route-deviation-rule.ts';
import { AlarmFactory, type RuleOutput, type VehicleFix } from '../../src/rules/rule-output.ts';
import { DEFAULT_RULES_CONFIG as C } from '../../src/rules/rules-config.ts';
import { RunGeometry } from '../../src/rules/run-geometry.ts';
import { roadLikeRoute, seededRandom } from '../../src/rules/synthetic-routes.ts';
import { UnexpectedStopRule } from '../../src/rules/unexpected-stop-rule.ts';

const CITY = { lat: 31.23, lon: 121.47 };
const T0 = Date.parse('2025-03-03T06:00:00Z');

/**
 * A vehicle along a random road, its offset from the road a random walk pulled back towards it (so it
 * crosses the 400 m and 500 m lines often), with single 5 km outliers and late fixes now and then.
 */
export const walk = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 }),
  stopAt: fc.integer({ min: 0, max: 199 }),
  stopOffM: fc.integer({ min: 0, max: 1_200 }),
  steps: fc.array(
    fc.record({
      advance: fc.integer({ min: 0, max: 3 }),
      dtS: fc.oneof(fc.integer({ min: 1, max: 90 }), fc.integer({ min: -30, max: 0 })),
      east: fc.integer({ min: -900, max: 900 }),
      north: fc.integer({ min: -900, max: 900 }),
      jump: fc.integer({ min: 0, max: 32 }).map((n) => n === 0),
      speedKmh: fc.option(fc.double({ min: 0, max: 80, noNaN: true })),
    }),
    { minLength: 30, maxLength: 300 },
  ),
});

export type Walk = typeof walk extends fc.Arbitrary<infer T> ? T : never;

export function scene(w: Walk) {
  const route = roadLikeRoute(seededRandom(w.seed), CITY, 200, 60);
  const stops = [{ seq: 1, siteId: 'S1', position: offsetM(route[w.stopAt]!, 0, w.stopOffM) }];
  const geometry = new RunGeometry({ route, stops }, { defaultGeofenceM: C.stopGeofenceM });
  let along = 0;
  let east = 0;
  let north = 0;
  let ts = T0;
  const fixes: VehicleFix[] = w.steps.map((s) => {
    along = Math.min(route.length - 1, along + s.advance);
    east = 0.9 * east + s.east;
    north = 0.9 * north + s.north;
    ts += s.dtS * 1000;
    const outlier = s.jump ? 5_000 : 0;
    return { ts, ...offsetM(route[along]!, east + outlier, north), speedKmh: s.speedKmh };
  });
  return { route, geometry, fixes };
}

/** Never two raises without a clear between them, never a clear without a raise, ids matching. */
function expectAlternating(outputs: readonly RuleOutput[]): void {
  let open: string | undefined;
  for (const o of outputs) {
    if (o.action === 'raise') {
      expect(open, 'a second raise before a clear').toBeUndefined();
      open = o.alarm.alarmId;
    } else {
      expect(o.alarmId, 'a clear without a raise').toBe(open);
      open = undefined;
    }
  }
}

/** DESIGN §4 written out plainly over a full scan of the route, to hold the indexed rule against. */
export function referenceDeviation(s: ReturnType<typeof scene>): Array<[RuleOutput['action'], number]> {
  const { projection } = s.geometry;
  const xs = s.route.map((p) => projection.x(p.lon));
  const ys = s.route.map((p) => projection.y(p.lat));
  const out: Array<[RuleOutput['action'], number]> = [];
  let last = Number.NEGATIVE_INFINITY;
  let raised = false;
  let count = 0;
  let since = 0;
  for (const f of s.fixes) {
    if (f.ts <= last) continue;
    last = f.ts;
    const x = projection.x(f.lon);
    const y = projection.y(f.lat);
    let d = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 1 < xs.length; i++)
      d = Math.min(d, segmentDistance2(x, y, xs[i]!, ys[i]!, xs[i + 1]!, ys[i + 1]!));
    d = Math.sqrt(d);
    if (raised) {
      if (d <= C.routeClearM) {
        raised = false;
        count = 0;
        out.push(['clear', f.ts]);
      }
      continue;
    }
    if (d <= C.routeCorridorM || s.geometry.fenceAt(x, y)) {
      count = 0;
      continue;
    }
    if (count++ === 0) since = f.ts;
    if (count >= C.routeMinOutsideFixes && f.ts - since >= C.routeMinOutsideMs) {
      raised = true;
      out.push(['raise', f.ts]);
    }
  }
  return out;
}

function run(
  rule: { update(fix: VehicleFix): RuleOutput | undefined },
  fixes: readonly VehicleFix[],
): RuleOutput[] {
  return fixes.flatMap((f) => rule.update(f) ?? []);
}

describe('position rules on random walks', () => {
  it('ROUTE_DEVIATION alternates raise/clear and matches the plain reading of DESIGN §4', () => {
    fc.assert(
      fc.property(walk, (w) => {
        const s = scene(w);
        let ids = 0;
        const rule = new RouteDeviationRule(
          { runId: 'R', vehicleId: 'V' },
          s.geometry,
          C,
          new AlarmFactory(() => `A${++ids}`),
        );
        const outputs = run(rule, s.fixes);
        expectAlternating(outputs);
        expect(outputs.map((o) => [o.action, o.action === 'raise' ? o.alarm.at : o.at])).toEqual(
          referenceDeviation(s),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('UNEXPECTED_STOP alternates raise/clear', () => {
    const slowWalk = walk.map((w) => ({
      ...w,
      steps: w.steps.map((st) => ({
        ...st,
        advance: 0,
        east: st.east / 30,
        north: st.north / 30,
        dtS: st.dtS * 5,
      })),
    }));
    fc.assert(
      fc.property(slowWalk, (w) => {
        const s = scene(w);
        let ids = 0;
        const rule = new UnexpectedStopRule(
          { runId: 'R', vehicleId: 'V' },
          s.geometry,
          C,
          new AlarmFactory(() => `A${++ids}`),
        );
        expectAlternating(run(rule, s.fixes));
      }),
      { numRuns: 300 },
    );
  });
});
