import { PositionRule } from './position-rule.ts';
import type { AlarmFactory, AlarmScope, RuleOutput, VehicleFix } from './rule-output.ts';
import type { CentreRulesConfig } from './rules-config.ts';
import type { RunGeometry } from './run-geometry.ts';

/**
 * UNEXPECTED_STOP for one vehicle on one run (DESIGN §4): stationary longer than `stationaryMinMs`
 * outside every planned stop's geofence.
 *
 * - The vehicle stops at an *anchor*: the first fix of a stationary period. A later fix is stationary
 *   when its speed is below `stationarySpeedKmh` (GPS positions wander by tens of metres while parked) or
 *   it is within `stationaryRadiusM` of the anchor (the receiver may give no speed). Any other fix is
 *   moving: it becomes the new anchor and clears a raised alarm ("cleared when it moves on").
 * - A stationary fix inside a stop geofence restarts the period: stopping at a planned stop is the plan,
 *   and a vehicle that then halts just outside the fence gets the full period again.
 * - Time is fix to fix, so a gap in reception counts when the fixes around it are at the same place.
 */
export class UnexpectedStopRule extends PositionRule {
  private anchorX = Number.NaN;
  private anchorY = Number.NaN;
  private since = 0;

  constructor(scope: AlarmScope, geometry: RunGeometry, config: CentreRulesConfig, alarms: AlarmFactory) {
    super('UNEXPECTED_STOP', scope, geometry, config, alarms);
  }

  protected judge(fix: VehicleFix, x: number, y: number): RuleOutput | undefined {
    const movedM = Math.hypot(x - this.anchorX, y - this.anchorY);
    const slow = fix.speedKmh != null && fix.speedKmh < this.config.stationarySpeedKmh;
    if (!(slow || movedM < this.config.stationaryRadiusM) || Number.isNaN(movedM)) {
      this.anchorX = x;
      this.anchorY = y;
      this.since = fix.ts;
      return this.alarm.isRaised
        ? this.alarm.clear(`moving again, ${Math.round(movedM)} m on`, fix.ts)
        : undefined;
    }
    if (this.geometry.fenceAt(x, y)) {
      this.since = fix.ts;
      return undefined;
    }
    const stationaryMs = fix.ts - this.since;
    if (this.alarm.isRaised || stationaryMs <= this.config.stationaryMinMs) return undefined;
    const detail = {
      stationaryMs,
      lat: fix.lat,
      lon: fix.lon,
      speedKmh: fix.speedKmh ?? null,
    };
    return this.alarm.raise(detail, fix.ts);
  }
}
