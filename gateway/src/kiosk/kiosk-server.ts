import { type Logger, VaultlineError } from '@vaultline/shared';
import { type Clock, systemClock } from '@vaultline/shared/time/clock';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { parseKioskAction } from './kiosk-actions.ts';
import { loadKioskAssets } from './kiosk-assets.ts';
import type { KioskBackend } from './kiosk-backend.ts';
import { isLoopbackHost, NO_STORE, namesLoopback, pageHeaders, reportHeaders } from './kiosk-headers.ts';
import { KioskStreams } from './kiosk-stream.ts';

export interface KioskServerOptions {
  backend: KioskBackend;
  /** Loopback only (the branch's own screen); default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  clock?: Clock;
  /** Comment line on idle streams, ms (default 15 s: below the usual 30–60 s proxy idle timeouts). */
  keepAliveMs?: number;
}

export interface KioskServer {
  url: string;
  close(): Promise<void>;
}

export class KioskHostError extends VaultlineError {
  constructor(host: string) {
    super(
      'KIOSK_HOST',
      `kiosk host ${host} is not a loopback address: the branch screen must listen on 127.0.0.1 or ::1 only`,
    );
  }
}

/** Same ids as the plan and the engine: anything else cannot name a photo, capture or report. */
const ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Manager actions are a few hundred bytes; anything larger is not one. */
const ACTION_BODY_LIMIT = 4096;

/** Serves the branch screen on loopback: the page, its live view (SSE), actions, photos and reports. */
export async function startKiosk(options: KioskServerOptions): Promise<KioskServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new KioskHostError(host);
  const app = await createKioskApp(options);
  const url = await app.listen({ host, port: options.port });
  componentLogger(options.logger).info({ url }, 'kiosk listening');
  return { url, close: () => app.close() };
}

/** The kiosk's fastify app, not yet listening (tests use `app.inject`). */
export async function createKioskApp(
  options: Omit<KioskServerOptions, 'host' | 'port'>,
): Promise<FastifyInstance> {
  const { backend } = options;
  const logger = componentLogger(options.logger);
  const assets = await loadKioskAssets();
  const streams = new KioskStreams({
    backend,
    logger,
    clock: options.clock ?? systemClock,
    keepAliveMs: options.keepAliveMs ?? 15_000,
  });
  const app = Fastify({ logger: false, bodyLimit: ACTION_BODY_LIMIT });

  app.addHook('onRequest', async (request, reply) => {
    if (!namesLoopback(request.headers.host)) return refuse(reply, 421, 'KIOSK_HOST', 'unknown host name');
    const origin = request.headers.origin;
    if (origin !== undefined && !namesLoopback(hostOf(origin))) {
      return refuse(reply, 403, 'KIOSK_ORIGIN', 'requests from other sites are refused');
    }
  });
  app.addHook('onSend', async (request, reply) => {
    if (!reply.hasHeader('Content-Security-Policy')) reply.headers(pageHeaders());
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-cache');
    if (request.url.startsWith('/api/')) reply.headers(NO_STORE);
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) logger.error({ err: error }, 'kiosk request failed');
    return refuse(reply, status, error.code ?? 'INTERNAL', status >= 500 ? 'internal error' : error.message);
  });
  app.setNotFoundHandler((request, reply) => refuse(reply, 404, 'NOT_FOUND', `no such page: ${request.url}`));

  for (const [path, asset] of assets) {
    app.get(path, async (_request, reply) => reply.type(asset.contentType).send(asset.body));
  }
  app.get('/api/view', async () => backend.view());
  app.get('/api/stream', (request, reply) => {
    reply.hijack();
    request.raw.socket.setTimeout(0);
    streams.attach(reply.raw);
  });
  app.post('/api/actions', async (request, reply) => {
    const parsed = parseKioskAction(request.body);
    if (!parsed.ok) return refuse(reply, 400, 'BAD_ACTION', parsed.message);
    try {
      await backend.act(parsed.action);
    } catch (error) {
      if (!(error instanceof VaultlineError)) throw error;
      logger.info({ action: parsed.action.type, code: error.code }, 'kiosk action refused');
      return refuse(reply, 409, error.code, error.message);
    }
    logger.info({ action: parsed.action.type }, 'kiosk action');
    return reply.code(204).send();
  });
  app.get<{ Params: { id: string } }>('/captures/:id.jpg', async (request, reply) =>
    sendJpeg(reply, ID.test(request.params.id) ? backend.capture(request.params.id) : undefined),
  );
  app.get<{ Params: { id: string } }>('/people/:id/photo.jpg', async (request, reply) =>
    sendJpeg(reply, ID.test(request.params.id) ? backend.photo(request.params.id) : undefined),
  );
  app.get<{ Params: { id: string; ext: string } }>('/reports/:id.:ext', async (request, reply) => {
    const { id, ext } = request.params;
    if (!ID.test(id) || (ext !== 'html' && ext !== 'pdf'))
      return refuse(reply, 404, 'NOT_FOUND', 'no such report');
    const body = await backend.report(id, ext);
    if (!body) return refuse(reply, 404, 'NOT_FOUND', `no report for hand-over ${id}`);
    reply.headers({ ...reportHeaders(), ...NO_STORE });
    if (ext === 'pdf') reply.header('Content-Disposition', `inline; filename="handover-${id}.pdf"`);
    return reply.type(ext === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8').send(Buffer.from(body));
  });

  // Open streams would keep the server from closing: end them before it stops listening.
  app.addHook('preClose', async () => streams.closeAll());
  return app;
}

/** The kiosk's child logger, unless the caller already passed one bound to a component. */
function componentLogger(logger: Logger): Logger {
  return 'component' in logger.bindings() ? logger : logger.child({ component: 'gateway.kiosk' });
}

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).headers(NO_STORE).send({ code, message });
}

function sendJpeg(reply: FastifyReply, jpeg: Uint8Array | undefined): FastifyReply {
  if (!jpeg) return refuse(reply, 404, 'NOT_FOUND', 'no such image');
  return reply
    .headers(NO_STORE)
    .type('image/jpeg')
    .send(Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength));
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
