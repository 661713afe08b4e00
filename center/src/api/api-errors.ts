import { type Logger, VaultlineError } from '@vaultline/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AlarmActorError,
  AlarmNoteError,
  AlarmNotFoundError,
  AlarmTransitionError,
} from '../alarms/alarm-errors.ts';

/** A refusal of the HTTP API with its status and a stable code. */
export class ApiError extends VaultlineError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

/** Status of the domain errors the routes let through. */
function statusOf(error: VaultlineError): number {
  if (error instanceof ApiError) return error.status;
  if (error instanceof AlarmNotFoundError) return 404;
  if (error instanceof AlarmTransitionError) return 409;
  if (error instanceof AlarmNoteError || error instanceof AlarmActorError) return 400;
  return 409;
}

/** Stable codes for fastify's own refusals of a request (parsing, limits). */
const FASTIFY_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** What an error becomes on the wire; anything not a known refusal is a 500 with no detail. */
export function refusalOf(error: unknown): Refusal {
  if (error instanceof VaultlineError)
    return { status: statusOf(error), code: error.code, message: error.message };
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation !== undefined || fastifyError.code === 'FST_ERR_VALIDATION') {
    return { status: 400, code: 'BAD_REQUEST', message: String(fastifyError.message) };
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, code: FASTIFY_CODES[status] ?? 'BAD_REQUEST', message: String(fastifyError.message) };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error; the centre logged it' };
}

/**
 * The API's one error handler and not-found handler: every answer other than success is
 * `{ code, message }`. `onRefused` hears refusals of authenticated mutating requests (for the audit).
 */
export function installErrorHandling(
  app: FastifyInstance,
  logger: Logger,
  onRefused: (request: FastifyRequest, refusal: Refusal, error: unknown) => void,
): void {
  app.setErrorHandler((error, request, reply) => {
    const refusal = refusalOf(error);
    if (refusal.status >= 500) logger.error({ err: error, url: request.url }, 'API request failed');
    else if (refusal.status === 401 || refusal.status === 403) {
      logger.info(
        { code: refusal.code, method: request.method, url: request.url, ip: request.ip },
        'API request refused',
      );
    } else logger.debug({ code: refusal.code, url: request.url }, 'API request refused');
    onRefused(request, refusal, error);
    return send(reply, refusal);
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, { status: 404, code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` }),
  );
}

function send(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply.code(refusal.status).send({ code: refusal.code, message: refusal.message });
}
