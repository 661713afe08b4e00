import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { replayDay } from '../runs/day-replay.ts';
import { type ApiDeps, BEARER, limitOf } from './api-deps.ts';
import { ApiError } from './api-errors.ts';
import {
  GatewayView,
  HandoverParams,
  HandoverQuery,
  HandoverView,
  NotFound,
  REFUSALS,
  RunsAnswer,
  RunsQuery,
} from './api-schemas.ts';
import { handoverView } from './api-views.ts';

/** `GET /handovers`, `GET /handovers/:id`, `GET /runs`, `GET /gateways`. */
export function recordRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { access, handovers } = deps;

  app.get<{ Querystring: HandoverQuery }>(
    '/handovers',
    {
      onRequest: access.require('read'),
      schema: {
        tags: ['handovers'],
        summary: 'Signed hand-over records (handover.completed), newest first',
        security: BEARER,
        querystring: HandoverQuery,
        response: { 200: Type.Object({ handovers: Type.Array(HandoverView) }), ...REFUSALS },
      },
    },
    async (request) => {
      const { siteId, runId, limit } = request.query;
      return { handovers: handovers.list({ siteId, runId, limit: limitOf(limit) }).map(handoverView) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/handovers/:id',
    {
      onRequest: access.require('read'),
      schema: {
        tags: ['handovers'],
        summary: 'One signed hand-over record, with its place in the gateway chain',
        security: BEARER,
        params: HandoverParams,
        response: { 200: Type.Object({ handover: HandoverView }), 404: NotFound, ...REFUSALS },
      },
    },
    async (request) => {
      const envelope = handovers.get(request.params.id);
      if (!envelope)
        throw new ApiError(404, 'HANDOVER_NOT_FOUND', `no hand-over record ${request.params.id}`);
      return { handover: handoverView(envelope) };
    },
  );

  app.get<{ Querystring: RunsQuery }>(
    '/runs',
    {
      onRequest: access.require('read'),
      schema: {
        tags: ['runs'],
        summary: "A day's runs with the state of every stop and the vehicle's last position",
        security: BEARER,
        querystring: RunsQuery,
        response: { 200: RunsAnswer, ...REFUSALS },
      },
    },
    async (request) => {
      const { runs, plans, events, clock } = deps;
      const date = request.query.date ?? runs.date;
      if (date === undefined)
        return { date: new Date(clock.now()).toISOString().slice(0, 10), planVersion: null, runs: [] };
      if (date === runs.date) return runs.view();
      const plan = plans?.dayPlan(date);
      if (!plan) return { date, planVersion: null, runs: [] };
      return replayDay(plan, events, clock.now());
    },
  );

  app.get(
    '/gateways',
    {
      onRequest: access.require('read'),
      schema: {
        tags: ['gateways'],
        summary: 'Registered gateways: online, backlog, last stored seq, last status time',
        security: BEARER,
        response: { 200: Type.Object({ gateways: Type.Array(GatewayView) }), ...REFUSALS },
      },
    },
    async () => ({ gateways: deps.gateways.list().map((gateway) => gatewayView(deps, gateway)) }),
  );
}

function gatewayView(deps: ApiDeps, gateway: ReturnType<ApiDeps['gateways']['list']>[number]): GatewayView {
  const head = deps.events.head(gateway.gatewayId);
  const snapshot = deps.monitor.get(gateway.gatewayId);
  const status = snapshot?.status;
  const view: GatewayView = {
    gatewayId: gateway.gatewayId,
    siteId: gateway.siteId,
    registeredAt: new Date(gateway.registeredAt).toISOString(),
    online: snapshot?.online ?? null,
    lastStatusAt: snapshot ? new Date(snapshot.receivedAt).toISOString() : null,
    backlog: status?.backlog ?? null,
    lastSeq: head.lastSeq,
    reportedLastSeq: status?.lastSeq ?? null,
    tampered: head.tampered,
  };
  if (status?.backlogDetail) view.backlogDetail = status.backlogDetail;
  if (status) view.devices = status.devices;
  return view;
}
