import { performance } from 'node:perf_hooks';
import { CentreRules } from '@vaultline/center/rules/centre-rules';
import { LocalProjection, offsetM } from '@vaultline/center/rules/geo';
import { RouteIndex } from '@vaultline/center/rules/route-index';
import { roadLikeRoute, seededRandom } from '@vaultline/center/rules/synthetic-routes';
import type { GeoPoint, Run } from '@vaultline/shared/plan/plan-schema';
import { grouped, timePasses } from './measure.ts';
import type { BenchRow } from './table.ts';

/**
 * GPS route-deviation evaluation (DESIGN §8: ≥ 100 000 positions/s; 5 000 vehicles at 1 Hz on one core
 * with room to spare). 5 000 vehicles, each on its own 300-point city route with 8 stops, send one fix
 * per second through `CentreRules.position` (route deviation and unexpected stop, single thread). The
 * fleet mixes what a centre sees: 80 % driving their route with ±15 m GPS noise, 10 % leaving it by
 * 1.5 km for 70 s of every 2 min (raise and clear), 5 % 20 km away from it, 5 % parked off-plan.
 */
const VEHICLES = 5_000;
const ROUTE_POINTS = 300;
/** 300 × 60 m: an 18 km route through a city. */
const STEP_M = 60;
/** Trajectories are precomputed for this many seconds and then repeat. */
const CYCLE_S = 120;
const STOPS = 8;
/** 36 km/h, town driving. */
const SPEED_MS = 10;
const TARGET_PER_S = 100_000;
const T0 = Date.parse('2025-03-03T08:00:00Z');
const CITY = { lat: 39.9, lon: 116.4 };

type Behaviour = 'route' | 'deviating' | 'far' | 'parked';

function behaviourOf(v: number): Behaviour {
  const slot = v % 20;
  return slot < 16 ? 'route' : slot < 18 ? 'deviating' : slot < 19 ? 'far' : 'parked';
}

function fleetRuns(random: () => number): Run[] {
  return Array.from({ length: VEHICLES }, (_, v) => {
    const start = offsetM(CITY, (random() - 0.5) * 30_000, (random() - 0.5) * 30_000);
    const route = roadLikeRoute(random, start, ROUTE_POINTS, STEP_M);
    const stops = Array.from({ length: STOPS }, (_, i) => ({
      seq: i + 1,
      siteId: `S${v}-${i + 1}`,
      kind: 'deliver' as const,
      windowStart: new Date(T0 + i * 3_600_000).toISOString(),
      windowEnd: new Date(T0 + i * 3_600_000 + 1_800_000).toISOString(),
      boxes: [],
      position: route[Math.round((i * (ROUTE_POINTS - 1)) / (STOPS - 1))]!,
    }));
    return { runId: `R${v}`, vehicleId: `V${v}`, crew: ['P1', 'P2'], stops, route };
  });
}

/** The point `distanceM` along an equal-step route (wrapping around), by linear interpolation. */
function along(route: readonly GeoPoint[], distanceM: number): GeoPoint {
  const d = distanceM % ((route.length - 1) * STEP_M);
  const i = Math.floor(d / STEP_M);
  const t = d / STEP_M - i;
  const a = route[i]!;
  const b = route[i + 1]!;
  return { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t };
}

/** lat/lon/speed of every vehicle for every second of the cycle, at [second × VEHICLES + vehicle]. */
function fleetFixes(runs: readonly Run[], random: () => number) {
  const lat = new Float64Array(CYCLE_S * VEHICLES);
  const lon = new Float64Array(CYCLE_S * VEHICLES);
  const speed = new Float64Array(CYCLE_S * VEHICLES);
  runs.forEach((run, v) => {
    const behaviour = behaviourOf(v);
    const startM = random() * (ROUTE_POINTS - 1) * STEP_M;
    for (let s = 0; s < CYCLE_S; s++) {
      const onRoute = along(run.route, startM + s * SPEED_MS);
      const noise = () => (random() - 0.5) * 30;
      let p = offsetM(onRoute, noise(), noise());
      if (behaviour === 'deviating' && s >= 30 && s < 100) p = offsetM(onRoute, 1_500, 0);
      if (behaviour === 'far') p = offsetM(onRoute, 20_000, 0);
      if (behaviour === 'parked') p = offsetM(along(run.route, startM), 40, 0);
      const slot = s * VEHICLES + v;
      lat[slot] = p.lat;
      lon[slot] = p.lon;
      speed[slot] = behaviour === 'parked' ? 0 : SPEED_MS * 3.6;
    }
  });
  return { lat, lon, speed };
}

function fleetBench(): BenchRow[] {
  const random = seededRandom(20250303);
  const runs = fleetRuns(random);
  const { lat, lon, speed } = fleetFixes(runs, random);
  const vehicleIds = runs.map((r) => r.vehicleId);
  let alarmIds = 0;
  const setupStart = performance.now();
  const rules = new CentreRules({ runs, newAlarmId: () => `A${++alarmIds}` });
  const counts = new Map<string, number>();
  let second = 0;
  const pass = () => {
    const base = (second % CYCLE_S) * VEHICLES;
    const ts = T0 + second * 1000;
    for (let v = 0; v < VEHICLES; v++) {
      const slot = base + v;
      const outputs = rules.position(vehicleIds[v]!, {
        ts,
        lat: lat[slot]!,
        lon: lon[slot]!,
        speedKmh: speed[slot]!,
        headingDeg: 0,
      });
      for (const o of outputs) {
        const key = `${o.action} ${o.action === 'raise' ? o.alarm.kind : o.kind}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    second++;
  };
  // The first second builds every run's route index (lazily, on the vehicle's first fix).
  pass();
  const setupMs = performance.now() - setupStart;
  const times = timePasses(pass, { warmupMs: 1_000, runMs: 400, runs: 7 });
  const perSecond = (VEHICLES * 1000) / times.median;
  const microsPerFix = (times.median * 1000) / VEHICLES;
  const coreShare = (VEHICLES / perSecond) * 100;
  const seen = [...counts].map(([k, n]) => `${k} ×${grouped(n)}`).join(', ');
  return [
    {
      benchmark: `route deviation + unexpected stop, ${grouped(VEHICLES)} vehicles at 1 Hz (CentreRules.position)`,
      result: `${grouped(perSecond)} positions/s`,
      target: `≥ ${grouped(TARGET_PER_S)} positions/s`,
      verdict: perSecond >= TARGET_PER_S ? 'pass' : 'FAIL',
      note: `median of 7 runs, best ${grouped((VEHICLES * 1000) / times.best)}/s; 300-point routes, 8 stops; 80 % on route, 10 % deviating, 5 % far off, 5 % parked`,
    },
    {
      benchmark: 'cost per position',
      result: `${microsPerFix.toFixed(2)} µs`,
      target: `≤ ${(1e6 / TARGET_PER_S).toFixed(0)} µs`,
      verdict: microsPerFix <= 1e6 / TARGET_PER_S ? 'pass' : 'FAIL',
      note: `${second} simulated seconds; outputs: ${seen || 'none'}`,
    },
    {
      benchmark: `${grouped(VEHICLES)} vehicles at 1 Hz: share of one core`,
      result: `${coreShare.toFixed(1)} %`,
      target: 'room to spare (≤ 50 %)',
      verdict: coreShare <= 50 ? 'pass' : 'FAIL',
      note: `setup (plan of ${grouped(VEHICLES)} runs, every route indexed, first second): ${setupMs.toFixed(0)} ms`,
    },
  ];
}

/** One 2 000-point route queried with no hint (every fix goes to the grid) against a scan of all segments. */
function indexBench(): BenchRow[] {
  const random = seededRandom(7);
  const route = roadLikeRoute(random, CITY, 2_000, STEP_M);
  const projection = LocalProjection.around(route);
  const index = new RouteIndex(route, projection);
  const queries = Array.from({ length: 10_000 }, (_, i) => {
    const onRoute = route[Math.floor(random() * route.length)]!;
    const p = offsetM(onRoute, (random() - 0.5) * (i % 2 ? 200 : 3_000), (random() - 0.5) * 400);
    return [projection.x(p.lon), projection.y(p.lat)] as const;
  });
  const countWithin = (test: (x: number, y: number) => boolean) => {
    let within = 0;
    for (const [x, y] of queries) if (test(x, y)) within++;
    return within;
  };
  const byGrid = (x: number, y: number) => index.segmentWithin(x, y, 500) >= 0;
  const byScan = (x: number, y: number) => index.distanceM(x, y) <= 500;
  const agree = countWithin(byGrid) === countWithin(byScan);
  const grid = timePasses(() => countWithin(byGrid));
  const scan = timePasses(() => countWithin(byScan), { runs: 3 });
  const gridPerS = (queries.length * 1000) / grid.median;
  const scanPerS = (queries.length * 1000) / scan.median;
  return [
    {
      benchmark: 'route index alone: 2 000-point route, no hint',
      result: `${grouped(gridPerS)} positions/s`,
      verdict: agree ? 'info' : 'FAIL',
      note: `${(gridPerS / scanPerS).toFixed(0)}× a scan of all 1 999 segments (${grouped(scanPerS)}/s); ${agree ? 'same answers as the scan' : 'DIFFERENT answers from the scan'}`,
    },
  ];
}

/** The DESIGN §8 GPS figure: rows for `printTable` (nothing is asserted; a missed target is a FAIL row). */
export function benchRouteDeviation(): BenchRow[] {
  return [...fleetBench(), ...indexBench()];
}
