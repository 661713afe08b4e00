/** The centre's alarm rules on vehicle positions and run progress (DESIGN §4). */
export { CentreRules, type CentreRulesOptions, type VehiclePosition } from './centre-rules.ts';
export { haversineM, LocalProjection, offsetM } from './geo.ts';
export { PositionRule } from './position-rule.ts';
export { RouteDeviationRule } from './route-deviation-rule.ts';
export { RouteIndex } from './route-index.ts';
export {
  AlarmFactory,
  type AlarmScope,
  type CentreAlarm,
  type CentreAlarmKind,
  type ClearOutput,
  type RaiseOutput,
  type RuleOutput,
  type VehicleFix,
} from './rule-output.ts';
export {
  type CentreRulesConfig,
  DEFAULT_RULES_CONFIG,
  RULES_CONFIG_KEYS,
  RulesConfigError,
  resolveRulesConfig,
} from './rules-config.ts';
export { type PlannedGeometry, RunGeometry, type StopFence } from './run-geometry.ts';
export { RunProgressRule } from './run-progress-rule.ts';
export { UnexpectedStopRule } from './unexpected-stop-rule.ts';
