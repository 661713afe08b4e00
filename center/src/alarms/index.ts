/** The centre's alarms: lifecycle, audit trail, and the four ways alarms arrive (DESIGN §4). */
export {
  AlarmActorError,
  AlarmError,
  AlarmNoteError,
  AlarmNotFoundError,
  AlarmTransitionError,
} from './alarm-errors.ts';
export { acknowledge, clear, MAX_NOTE_LENGTH, resolve } from './alarm-lifecycle.ts';
export {
  type AlarmActor,
  type AlarmChange,
  type AlarmListener,
  type AlarmMetrics,
  AlarmService,
  type AlarmServiceOptions,
} from './alarm-service.ts';
export { type GatewayAlarmInput, gatewaySource, readGatewayAlarm } from './gateway-alarm-events.ts';
export {
  GatewayMonitor,
  type GatewayMonitorMetrics,
  type GatewayMonitorOptions,
  type GatewayStatusSnapshot,
} from './gateway-monitor.ts';
export { CENTRE_SOURCE } from './rule-alarm-links.ts';
export type { TamperReport } from './system-alarms.ts';
