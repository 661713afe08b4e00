import swagger from '@fastify/swagger';
import type { Logger } from '@vaultline/shared';
import { type Clock, systemClock } from '@vaultline/shared/time/clock';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AlarmService } from '../alarms/alarm-service.ts';
import type { GatewayMonitor } from '../alarms/gateway-monitor.ts';
import type { TamperRecovery } from '../ingest/tamper-recovery.ts';
import type { AuditLog, EventStore, GatewayRegistry } from '../ports.ts';
import type { DayPlanSource } from '../runs/day-plan.ts';
import type { RunTracker } from '../runs/run-tracker.ts';
import { alarmRoutes } from './alarm-routes.ts';
import { ApiAccess, isMutating, type SessionAuthenticator, type TokenStore } from './api-auth.ts';
import type { ApiDeps } from './api-deps.ts';
import { installErrorHandling } from './api-errors.ts';
import { installValidation } from './api-validation.ts';
import { type HandoverRecords, handoverRecordsFrom } from './handover-records.ts';
import { LiveStream } from './live-stream.ts';
import { recordRoutes } from './record-routes.ts';
import { resumeIngestRoute } from './resume-ingest-route.ts';
import { streamRoute } from './stream-route.ts';

export interface CentreApiOptions {
  alarms: Pick<AlarmService, 'list' | 'get' | 'acknowledge' | 'resolve' | 'onChange'>;
  runs: Pick<RunTracker, 'view' | 'date' | 'onProgress'>;
  events: EventStore;
  gateways: GatewayRegistry;
  monitor: Pick<GatewayMonitor, 'get'>;
  tokens: TokenStore;
  audit: AuditLog;
  logger: Logger;
  clock?: Clock;
  /** Plans of days other than the tracked one, for `GET /runs?date=`. */
  plans?: DayPlanSource;
  /** Default: read from the event store. */
  handovers?: HandoverRecords;
  /** Comment line on idle live streams, ms (default 15 s). */
  keepAliveMs?: number;
  /** Console sessions accepted as an alternative to bearer tokens (the console's scripts and stream). */
  sessions?: SessionAuthenticator;
  /** `POST /gateways/:id/resume-ingest` after RECORD_TAMPERED (the running centre's; absent: no route). */
  tamperRecovery?: TamperRecovery;
}

/** Everything under this prefix is the API of DESIGN §7. */
export const API_PREFIX = '/api/v1';

/** A resolution note is at most 4 000 characters, 4 bytes each in UTF-8 at worst, plus the JSON around it. */
const BODY_LIMIT = 32 * 1024;

/**
 * The centre's HTTP API (JSON, under `/api/v1`, OpenAPI at `/api/v1/openapi.json`): alarms and their
 * lifecycle, hand-over records, runs, gateways and the live stream. Bearer API tokens bound to a role;
 * every mutating request is in the audit log with the token's name, refused ones too. Not yet listening
 * (tests use `app.inject`; the centre calls `listen`). Closing the app ends the live streams.
 */
export async function createCentreApi(options: CentreApiOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: 'center.api' });
  const access = new ApiAccess(options.tokens, options.audit, () => clock.now(), options.sessions);
  const stream = new LiveStream({
    alarms: options.alarms,
    runs: options.runs,
    clock,
    logger,
    keepAliveMs: options.keepAliveMs ?? 15_000,
  });
  const deps: ApiDeps = {
    alarms: options.alarms,
    runs: options.runs,
    plans: options.plans,
    events: options.events,
    gateways: options.gateways,
    monitor: options.monitor,
    handovers: options.handovers ?? handoverRecordsFrom(options.events, options.gateways),
    stream,
    access,
    clock,
  };

  // No automatic HEAD routes: the API is JSON for GET and POST, and a HEAD on the stream would hold a socket.
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, exposeHeadRoutes: false });
  installValidation(app);
  installErrorHandling(app, logger, (request, refusal, error) => {
    const principal = access.principalOf(request);
    // Refusals inside the alarm lifecycle and of a resume are audited by those services themselves.
    const code = (error as { code?: string }).code;
    if (!principal || !isMutating(request) || code?.startsWith('ALARM_') || code?.startsWith('RESUME_'))
      return;
    options.audit.append({
      at: clock.now(),
      actor: principal.name,
      action: 'api.refused',
      target: `${request.method} ${request.url}`,
      detail: {
        tokenId: principal.tokenId,
        role: principal.role,
        status: refusal.status,
        code: refusal.code,
      },
    });
  });
  app.addHook('onSend', async (_request, reply) => {
    // Alarms, records and positions are for the people allowed to see them: never kept in a cache.
    reply.header('Cache-Control', 'no-store');
    reply.header('X-Content-Type-Options', 'nosniff');
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Vaultline centre API',
        version: '1',
        description:
          'Alarms and their lifecycle, signed hand-over records, run progress, gateways, and a live stream (SSE). Every route but this document needs a bearer API token bound to a role.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { tags: ['meta'], summary: 'This OpenAPI document' } }, async () =>
        app.swagger(),
      );
      alarmRoutes(api, deps);
      recordRoutes(api, deps);
      streamRoute(api, deps);
      if (options.tamperRecovery) resumeIngestRoute(api, access, options.tamperRecovery);
    },
    { prefix: API_PREFIX },
  );
  app.addHook('preClose', async () => stream.close());
  return app;
}
