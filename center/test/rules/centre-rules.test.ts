import type { GeoPoint, Run } from '@vaultline/shared/plan/plan-schema';
import { describe, expect, it } from 'vitest';
import { CentreRules, type CentreRulesOptions } from '../../src/rules/centre-rules.ts';
import { offsetM } from '../../src/rules/geo.ts';
import type { RuleOutput } from '../../src/rules/rule-output.ts';
import { straightRoute } from '../../src/rules/synthetic-routes.ts';

const DAY = '2025-03-03';
const iso = (hhmmss: string) => `${DAY}T${hhmmss}+08:00`;
const at = (hhmmss: string) => Date.parse(iso(hhmmss));
const VAULT = { lat: 30.66, lon: 104.06 };

/** A run along `route`, its stops at the route's ends, windows `hh:00`–`hh:30` from `firstHour`. */
function run(runId: string, vehicleId: string, route: GeoPoint[], firstHour: number): Run {
  const ends = [route[0]!, route[route.length - 1]!];
  return {
    runId,
    vehicleId,
    crew: ['P1', 'P2'],
    route,
    stops: ends.map((position, i) => {
      const hh = String(firstHour + i).padStart(2, '0');
      return {
        seq: i + 1,
        siteId: `S-${runId}-${i + 1}`,
        kind: 'deliver',
        windowStart: iso(`${hh}:00:00`),
        windowEnd: iso(`${hh}:30:00`),
        boxes: [],
        position,
      };
    }),
  };
}

/** V1 runs east in the morning (R1) and north in the afternoon (R2); V2 runs west (R3). */
const EAST = straightRoute(VAULT, 90, 81, 100);
const NORTH = straightRoute(VAULT, 0, 81, 100);
const RUNS = [
  run('R1', 'V1', EAST, 8),
  run('R2', 'V1', NORTH, 13),
  run('R3', 'V2', straightRoute(VAULT, 270, 41, 100), 8),
];

function centre(options: Partial<CentreRulesOptions> = {}) {
  let ids = 0;
  const rules = new CentreRules({ runs: RUNS, newAlarmId: () => `A${++ids}`, ...options });
  /** `seconds` fixes at 1 Hz from `from`, at `place`; everything the rules said. */
  const dwell = (vehicleId: string, from: string, seconds: number, place: GeoPoint): RuleOutput[] =>
    Array.from({ length: seconds }, (_, s) =>
      rules.position(vehicleId, { ts: at(from) + s * 1000, ...place, speedKmh: 30, headingDeg: 90 }),
    ).flat();
  return { rules, dwell };
}

const summary = (outputs: readonly RuleOutput[]) =>
  outputs.map((o) =>
    o.action === 'raise' ? `raise ${o.alarm.kind} ${o.alarm.runId}` : `clear ${o.kind} ${o.reason}`,
  );

/** 600 m north of the middle of R1's road; 4 km east of R2's. */
const OFF_R1 = offsetM(VAULT, 4_000, 600);

describe('CentreRules: positions', () => {
  it("judges a vehicle's fixes against the route of its current run", () => {
    const { rules, dwell } = centre();
    const out = dwell('V1', '08:10:00', 61, OFF_R1);
    expect(out).toEqual([
      {
        action: 'raise',
        alarm: {
          alarmId: 'A1',
          kind: 'ROUTE_DEVIATION',
          severity: 'critical',
          runId: 'R1',
          vehicleId: 'V1',
          detail: expect.objectContaining({ distanceM: 600, outsideFixes: 61 }),
          at: at('08:11:00'),
        },
      },
    ]);
    expect(rules.position('V9', { ts: at('08:12:00'), ...OFF_R1 })).toEqual([]);
  });

  it('accepts ISO 8601 times and ignores fixes older than the last one', () => {
    const { rules } = centre();
    const fix = (hhmmss: string, place: GeoPoint) => rules.position('V1', { ts: iso(hhmmss), ...place });
    fix('08:10:00', OFF_R1);
    fix('08:10:30', OFF_R1);
    expect(fix('08:10:10', EAST[40]!)).toEqual([]);
    expect(summary(fix('08:11:00', OFF_R1))).toEqual(['raise ROUTE_DEVIATION R1']);
  });

  it('ignores positions before the watch of the first run (first window − 1 h) and between runs', () => {
    const { rules, dwell } = centre();
    expect(dwell('V1', '06:00:00', 3_600, OFF_R1)).toEqual([]);
    rules.completion('R1', 1, at('08:05:00'));
    rules.completion('R1', 2, at('09:05:00'));
    expect(dwell('V1', '10:00:00', 600, OFF_R1)).toEqual([]);
  });

  it('clears a run’s position alarms when the run completes, then watches the next run', () => {
    const { rules, dwell } = centre();
    rules.completion('R1', 1, at('08:05:00'));
    dwell('V1', '08:10:00', 61, OFF_R1);
    expect(summary(rules.completion('R1', 2, at('09:05:00')))).toEqual([
      'clear ROUTE_DEVIATION run R1 completed',
    ]);
    // From 12:00 V1 is on R2: R2's road is fine, R1's road is now off-route.
    expect(dwell('V1', '12:10:00', 120, NORTH[50]!)).toEqual([]);
    expect(summary(dwell('V1', '12:20:00', 61, EAST[50]!))).toEqual(['raise ROUTE_DEVIATION R2']);
  });

  it('moves an unfinished run’s vehicle on to its next run when that run’s watch begins', () => {
    const { dwell } = centre();
    dwell('V1', '08:10:00', 61, OFF_R1);
    const out = dwell('V1', '12:00:00', 1, NORTH[10]!);
    expect(summary(out)).toEqual(['clear ROUTE_DEVIATION vehicle now on run R2']);
  });

  it('raises UNEXPECTED_STOP through the façade, for the stopped vehicle only', () => {
    const { rules } = centre();
    const out: RuleOutput[] = [];
    for (let s = 0; s < 302; s++) {
      const ts = at('08:20:00') + s * 1000;
      out.push(...rules.position('V2', { ts, ...offsetM(VAULT, -2_000, 0), speedKmh: 0 }));
      out.push(...rules.position('V1', { ts, ...offsetM(VAULT, 1_000 + s * 8, 0), speedKmh: 29 }));
    }
    expect(summary(out)).toEqual(['raise UNEXPECTED_STOP R3']);
  });

  it('applies configured thresholds and severities', () => {
    const { dwell } = centre({ config: { routeCorridorM: 1_000, routeClearM: 800 } });
    expect(dwell('V1', '08:10:00', 120, OFF_R1)).toEqual([]);
    const other = centre({ severity: { ROUTE_DEVIATION: 'major' } });
    const [raised] = other.dwell('V1', '08:10:00', 61, OFF_R1);
    expect(raised?.action === 'raise' && raised.alarm.severity).toBe('major');
  });
});

describe('CentreRules: run progress', () => {
  it('raises STOP_SKIPPED and LATE_ARRIVAL with the run, stop, site and vehicle', () => {
    const { rules } = centre();
    expect(rules.tick(at('08:30:00'))).toEqual([]);
    const late = rules.tick(at('08:31:00'));
    expect(
      late.map(
        (o) =>
          o.action === 'raise' && [
            o.alarm.kind,
            o.alarm.runId,
            o.alarm.stopSeq,
            o.alarm.siteId,
            o.alarm.vehicleId,
          ],
      ),
    ).toEqual([
      ['LATE_ARRIVAL', 'R1', 1, 'S-R1-1', 'V1'],
      ['LATE_ARRIVAL', 'R3', 1, 'S-R3-1', 'V2'],
    ]);
    const skipped = rules.arrival('R3', 2, at('09:10:00'));
    expect(
      skipped.map(
        (o) => o.action === 'raise' && [o.alarm.kind, o.alarm.stopSeq, o.alarm.siteId, o.alarm.vehicleId],
      ),
    ).toEqual([['STOP_SKIPPED', 1, 'S-R3-1', 'V2']]);
  });
});
