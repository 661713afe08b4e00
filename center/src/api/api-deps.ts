import type { Clock } from '@vaultline/shared/time/clock';
import type { AlarmService } from '../alarms/alarm-service.ts';
import type { GatewayMonitor } from '../alarms/gateway-monitor.ts';
import type { EventStore, GatewayRegistry } from '../ports.ts';
import type { DayPlanSource } from '../runs/day-plan.ts';
import type { RunTracker } from '../runs/run-tracker.ts';
import type { ApiAccess } from './api-auth.ts';
import type { HandoverRecords } from './handover-records.ts';
import type { LiveStream } from './live-stream.ts';

/** What the routes work with. */
export interface ApiDeps {
  alarms: Pick<AlarmService, 'list' | 'get' | 'acknowledge' | 'resolve'>;
  runs: Pick<RunTracker, 'view' | 'date'>;
  plans: DayPlanSource | undefined;
  events: EventStore;
  gateways: GatewayRegistry;
  monitor: Pick<GatewayMonitor, 'get'>;
  handovers: HandoverRecords;
  stream: LiveStream;
  access: ApiAccess;
  clock: Clock;
}

/** Most items one list answer carries; `limit` asks for fewer. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 200;

export function limitOf(limit: string | undefined): number {
  return Math.max(1, Math.min(limit === undefined ? DEFAULT_LIMIT : Number(limit), MAX_LIMIT));
}

/** The OpenAPI security requirement of every protected route. */
export const BEARER = [{ bearer: [] }];
