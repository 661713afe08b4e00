import { type Static, Type } from '@sinclair/typebox';

/** Every alarm of DESIGN §4. Outside tools rely on these names. */
export const ALARM_KINDS = [
  'AUTH_FAILED_5X',
  'WRONG_BOX',
  'MISSING_BOX',
  'ROUTE_DEVIATION',
  'STOP_SKIPPED',
  'UNSCHEDULED_VEHICLE',
  'UNSCHEDULED_PERSON',
  'LATE_ARRIVAL',
  'UNEXPECTED_STOP',
  'DEVICE_OFFLINE',
  'GATEWAY_OFFLINE',
  'RECORD_TAMPERED',
] as const;

export const AlarmKind = Type.Union(ALARM_KINDS.map((k) => Type.Literal(k)));
export type AlarmKind = Static<typeof AlarmKind>;

export const Severity = Type.Union([Type.Literal('critical'), Type.Literal('major'), Type.Literal('minor')]);
export type Severity = Static<typeof Severity>;

/** Default severity per kind: anything that can mean theft or impersonation is critical. */
export const DEFAULT_SEVERITY: Record<AlarmKind, Severity> = {
  AUTH_FAILED_5X: 'critical',
  WRONG_BOX: 'critical',
  MISSING_BOX: 'critical',
  ROUTE_DEVIATION: 'critical',
  STOP_SKIPPED: 'major',
  UNSCHEDULED_VEHICLE: 'critical',
  UNSCHEDULED_PERSON: 'critical',
  LATE_ARRIVAL: 'major',
  UNEXPECTED_STOP: 'major',
  DEVICE_OFFLINE: 'major',
  GATEWAY_OFFLINE: 'major',
  RECORD_TAMPERED: 'critical',
};
