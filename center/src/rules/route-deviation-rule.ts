import { PositionRule } from './position-rule.ts';
import type { AlarmFactory, AlarmScope, RuleOutput, VehicleFix } from './rule-output.ts';
import type { CentreRulesConfig } from './rules-config.ts';
import type { RunGeometry } from './run-geometry.ts';

/**
 * ROUTE_DEVIATION for one vehicle on one run (DESIGN §4).
 *
 * - A fix is *outside* when it is farther than `routeCorridorM` from the planned route and inside no
 *   planned stop's geofence. An unbroken series of outside fixes (no inside fix between them) is a streak.
 * - Raise when a streak has at least `routeMinOutsideFixes` fixes AND its first and latest fixes are at
 *   least `routeMinOutsideMs` apart. Both are needed: one outlier never raises however long the gap after
 *   it, and three quick fixes never raise before the time has passed.
 * - Gaps: the time outside is measured from fix to fix, so a gap in reception counts only when the fixes
 *   on both sides of it were outside; one inside fix (or one in a stop geofence) ends the streak.
 * - Clear only at a fix within `routeClearM` of the route (hysteresis): between clear and corridor
 *   distance a raised alarm stays raised and an unraised one starts no streak, so a vehicle riding the
 *   edge raises at most once and does not flap. Entering a stop geofence prevents raising but does not
 *   clear: only being back near the route does.
 * - A run without a planned route has nothing to deviate from: the rule stays silent.
 */
export class RouteDeviationRule extends PositionRule {
  private streakFixes = 0;
  private streakStart = 0;
  /** Route segment near the previous fix: tried first, so an on-route fix costs one distance. */
  private hint = -1;

  constructor(scope: AlarmScope, geometry: RunGeometry, config: CentreRulesConfig, alarms: AlarmFactory) {
    super('ROUTE_DEVIATION', scope, geometry, config, alarms);
  }

  protected judge(fix: VehicleFix, x: number, y: number): RuleOutput | undefined {
    const { route } = this.geometry;
    if (route.segmentCount === 0) return undefined;
    const limitM = this.alarm.isRaised ? this.config.routeClearM : this.config.routeCorridorM;
    const near = route.segmentWithin(x, y, limitM, this.hint);
    if (near >= 0) {
      this.hint = near;
      this.streakFixes = 0;
      return this.alarm.isRaised
        ? this.alarm.clear(`back within ${limitM} m of the planned route`, fix.ts)
        : undefined;
    }
    if (this.alarm.isRaised) return undefined;
    if (this.geometry.fenceAt(x, y)) {
      this.streakFixes = 0;
      return undefined;
    }
    if (this.streakFixes === 0) this.streakStart = fix.ts;
    this.streakFixes++;
    const outsideMs = fix.ts - this.streakStart;
    if (this.streakFixes < this.config.routeMinOutsideFixes || outsideMs < this.config.routeMinOutsideMs) {
      return undefined;
    }
    const detail = {
      distanceM: Math.round(route.distanceM(x, y)),
      corridorM: this.config.routeCorridorM,
      outsideMs,
      outsideFixes: this.streakFixes,
      lat: fix.lat,
      lon: fix.lon,
    };
    return this.alarm.raise(detail, fix.ts);
  }
}
