import type { FastifyInstance } from 'fastify';
import { type ApiDeps, BEARER } from './api-deps.ts';
import { REFUSALS } from './api-schemas.ts';

/** `GET /stream`: server-sent events of alarm changes and run progress. */
export function streamRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/stream',
    {
      onRequest: deps.access.require('read'),
      schema: {
        tags: ['stream'],
        summary: 'Live stream (text/event-stream): `alarm` {change, alarm} and `run` (run progress) events',
        description:
          'Server-sent events. `event: alarm` carries `{"change": "raised"|"cleared"|"acknowledged"|"resolved", "alarm": Alarm}`; `event: run` carries `{"type": "stop"|"position"|"plan", ...}`. Comment lines (`: keep-alive`) keep idle connections open. No replay: reload /alarms and /runs after reconnecting.',
        security: BEARER,
        response: {
          200: {
            description: 'an endless text/event-stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...REFUSALS,
        },
      },
    },
    (request, reply) => {
      reply.hijack();
      // The stream is meant to stay open: no socket idle timeout (keep-alive comments keep proxies happy).
      request.raw.socket.setTimeout(0);
      deps.stream.attach(reply.raw);
    },
  );
}
