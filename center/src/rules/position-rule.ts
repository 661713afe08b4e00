import {
  type AlarmFactory,
  AlarmLatch,
  type AlarmScope,
  type CentreAlarmKind,
  type ClearOutput,
  isUsableFix,
  type RuleOutput,
  type VehicleFix,
} from './rule-output.ts';
import type { CentreRulesConfig } from './rules-config.ts';
import type { RunGeometry } from './run-geometry.ts';

/**
 * What every rule on one vehicle's fixes during one run shares: one alarm, and the fixes it accepts.
 * A fix not newer than the last one taken (out of order, or a duplicate) or without finite coordinates
 * is ignored; the others reach `judge` already projected onto the run's plane.
 */
export abstract class PositionRule {
  private lastTs = Number.NEGATIVE_INFINITY;
  protected readonly alarm: AlarmLatch;

  constructor(
    kind: CentreAlarmKind,
    scope: AlarmScope,
    protected readonly geometry: RunGeometry,
    protected readonly config: CentreRulesConfig,
    alarms: AlarmFactory,
  ) {
    this.alarm = new AlarmLatch(alarms, kind, scope);
  }

  get isRaised(): boolean {
    return this.alarm.isRaised;
  }

  update(fix: VehicleFix): RuleOutput | undefined {
    if (!(fix.ts > this.lastTs) || !isUsableFix(fix)) return undefined;
    this.lastTs = fix.ts;
    return this.judge(fix, this.geometry.projection.x(fix.lon), this.geometry.projection.y(fix.lat));
  }

  /** The vehicle's run is over for this rule: a raised alarm is cleared with `reason`. */
  close(reason: string, at: number): ClearOutput | undefined {
    return this.alarm.clear(reason, at);
  }

  /** One accepted fix, at (x, y) metres on the run's projection. */
  protected abstract judge(fix: VehicleFix, x: number, y: number): RuleOutput | undefined;
}
