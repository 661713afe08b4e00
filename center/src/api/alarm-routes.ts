import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ApiDeps, BEARER, limitOf } from './api-deps.ts';
import { ApiError } from './api-errors.ts';
import {
  AlarmParams,
  AlarmQuery,
  AlarmView,
  Conflict,
  NotFound,
  REFUSALS,
  ResolveBody,
} from './api-schemas.ts';
import { alarmView } from './api-views.ts';

const OneAlarm = Type.Object({ alarm: AlarmView });

/** `GET /alarms`, `GET /alarms/:id`, `POST /alarms/:id/ack`, `POST /alarms/:id/resolve`. */
export function alarmRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { alarms, access } = deps;
  const actor = (request: FastifyRequest) => {
    const { name, tokenId, role } = access.principal(request);
    return { name, context: { tokenId, role, via: 'api' } };
  };

  app.get<{ Querystring: AlarmQuery }>(
    '/alarms',
    {
      onRequest: access.require('read'),
      schema: {
        tags: ['alarms'],
        summary: 'Alarms, newest first, with who and when for each step',
        security: BEARER,
        querystring: AlarmQuery,
        response: { 200: Type.Object({ alarms: Type.Array(AlarmView) }), ...REFUSALS },
      },
    },
    async (request) => {
      const { state, kind, since, limit } = request.query;
      const filter = {
        state,
        kind,
        since: since === undefined ? undefined : Date.parse(since),
        limit: limitOf(limit),
      };
      return { alarms: alarms.list(filter).map(alarmView) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/alarms/:id',
    {
      onRequest: access.require('read'),
      schema: {
        tags: ['alarms'],
        summary: 'One alarm',
        security: BEARER,
        params: AlarmParams,
        response: { 200: OneAlarm, 404: NotFound, ...REFUSALS },
      },
    },
    async (request) => {
      const alarm = alarms.get(request.params.id);
      if (!alarm) throw new ApiError(404, 'ALARM_NOT_FOUND', `no alarm ${request.params.id}`);
      return { alarm: alarmView(alarm) };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/alarms/:id/ack',
    {
      onRequest: access.require('alarm.act'),
      schema: {
        tags: ['alarms'],
        summary: 'Acknowledge a raised alarm (the token owner takes it in hand)',
        security: BEARER,
        params: AlarmParams,
        response: { 200: OneAlarm, 404: NotFound, 409: Conflict, ...REFUSALS },
      },
    },
    async (request) => ({ alarm: alarmView(alarms.acknowledge(request.params.id, actor(request))) }),
  );

  app.post<{ Params: { id: string }; Body: { note: string } }>(
    '/alarms/:id/resolve',
    {
      onRequest: access.require('alarm.act'),
      schema: {
        tags: ['alarms'],
        summary: 'Resolve an acknowledged alarm with the risk-handling note (风险处置)',
        security: BEARER,
        params: AlarmParams,
        body: ResolveBody,
        response: { 200: OneAlarm, 404: NotFound, 409: Conflict, ...REFUSALS },
      },
    },
    async (request) => ({
      alarm: alarmView(alarms.resolve(request.params.id, actor(request), request.body.note)),
    }),
  );
}
