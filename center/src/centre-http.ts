import type { Clock, Logger } from '@vaultline/shared';
import type { FastifyInstance } from 'fastify';
import type { AlarmService } from './alarms/alarm-service.ts';
import type { GatewayMonitor } from './alarms/gateway-monitor.ts';
import { createCentreApi } from './api/centre-api.ts';
import { consoleApiSessions } from './console/auth/api-sessions.ts';
import type { LoginLimiter } from './console/auth/login-limiter.ts';
import type { SessionLifetime } from './console/auth/session-service.ts';
import type { ConsoleDeps } from './console/console-context.ts';
import { consoleDepsFrom } from './console/console-deps.ts';
import { CONSOLE_PAGES } from './console/console-pages.ts';
import { registerConsole } from './console/console-plugin.ts';
import type { TamperRecovery } from './ingest/tamper-recovery.ts';
import type { DayPlan } from './runs/day-plan.ts';
import type { RunTracker } from './runs/run-tracker.ts';
import type { CentreStore } from './store/open-store.ts';

export interface CentreHttpParts {
  store: CentreStore;
  alarms: AlarmService;
  runs: RunTracker;
  monitor: GatewayMonitor;
  clock: Clock;
  logger: Logger;
  /** IANA time zone of the service day: the console shows times and days in it. */
  timeZone: string;
  /** Days face captures are kept (centre config `faceRetentionDays`). */
  faceRetentionDays?: number;
  /** The services console pages use, where the centre has them (plans, backups, people). */
  services?: Pick<ConsoleDeps, 'plans' | 'people' | 'provisioning' | 'backups'>;
  /** The console's login limiter (a test passes its own); default 5 failures in 15 min, kept in the store. */
  limiter?: LoginLimiter;
  /** How long console sessions last, in the console and the API alike (centre config `console`). */
  sessionLifetime?: SessionLifetime;
  /** Resuming ingest after RECORD_TAMPERED: the API route and the gateways page's form (admin). */
  tamperRecovery?: TamperRecovery;
}

/**
 * The centre's one HTTP server, not yet listening: the API (a bearer token or a console session) with the
 * duty console mounted at `/console`, whose pages use the API's live stream. The centre listens on it;
 * tests drive the same wiring with `app.inject`.
 */
export async function createCentreHttp(parts: CentreHttpParts): Promise<FastifyInstance> {
  const { store, alarms, runs, monitor, clock, logger } = parts;
  const app = await createCentreApi({
    alarms,
    runs,
    events: store.events,
    gateways: store.gateways,
    monitor,
    tokens: store.tokens,
    audit: store.audit,
    logger,
    clock,
    plans: { dayPlan: (date) => store.plans.get(date)?.plan as DayPlan | undefined },
    sessions: consoleApiSessions(store, clock, parts.sessionLifetime),
    ...(parts.tamperRecovery ? { tamperRecovery: parts.tamperRecovery } : {}),
  });
  const deps = consoleDepsFrom({
    store,
    alarms,
    runs,
    monitor,
    clock,
    logger,
    timeZone: parts.timeZone,
    ...(parts.faceRetentionDays === undefined ? {} : { faceRetentionDays: parts.faceRetentionDays }),
    ...(parts.sessionLifetime === undefined ? {} : { sessionLifetime: parts.sessionLifetime }),
    ...parts.services,
    ...(parts.tamperRecovery ? { tamperRecovery: parts.tamperRecovery } : {}),
  });
  registerConsole(app, deps, CONSOLE_PAGES, { limiter: parts.limiter });
  return app;
}
