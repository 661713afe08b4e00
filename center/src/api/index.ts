/** The centre's HTTP API (DESIGN §7): alarms, hand-over records, runs, gateways, live stream. */
export {
  API_ROLES,
  ApiAccess,
  type ApiPrincipal,
  type ApiRole,
  bearerSecret,
  type Permission,
  ROLE_PERMISSIONS,
  type TokenStore,
} from './api-auth.ts';
export { ApiError, refusalOf } from './api-errors.ts';
export { alarmView, handoverView } from './api-views.ts';
export { API_PREFIX, type CentreApiOptions, createCentreApi } from './centre-api.ts';
export { type HandoverRecords, handoverRecordsFrom } from './handover-records.ts';
export { LiveStream, type LiveStreamOptions } from './live-stream.ts';
