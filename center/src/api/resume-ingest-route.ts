import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type ResumeRefusalCode, ResumeRefusedError } from '../ingest/resume-policy.ts';
import type { TamperRecovery } from '../ingest/tamper-recovery.ts';
import type { ApiAccess } from './api-auth.ts';
import { BEARER } from './api-deps.ts';
import { ApiError } from './api-errors.ts';
import { errorBody, REFUSALS } from './api-schemas.ts';

const GatewayParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$', description: 'gateway id' }),
});

const ResumeBody = Type.Object(
  {
    reason: Type.String({
      maxLength: 4_000,
      description:
        'why ingest may resume: what the investigation found and who checked it (at least 10 characters); it becomes the resolution note of the gateway’s RECORD_TAMPERED alarms',
    }),
  },
  { additionalProperties: false },
);

const Resumed = Type.Object({
  gatewayId: Type.String(),
  fromSeq: Type.Integer({
    description: 'the gateway is asked to send again from here: the verified head + 1',
  }),
  resolvedAlarms: Type.Array(Type.String(), { description: 'RECORD_TAMPERED alarms resolved by the resume' }),
  resendRequested: Type.Boolean({
    description: 'false: the request did not reach the broker; the gateway re-sends on its own later',
  }),
});

const STATUS: Readonly<Record<ResumeRefusalCode, number>> = {
  RESUME_FORBIDDEN: 403,
  RESUME_REASON_REQUIRED: 400,
  RESUME_REASON_TOO_LONG: 400,
  RESUME_UNKNOWN_GATEWAY: 404,
  RESUME_NOT_STOPPED: 409,
  RESUME_ALARM_NOT_ACKNOWLEDGED: 409,
};

/** `POST /gateways/:id/resume-ingest`: an admin resumes a gateway's ingest after RECORD_TAMPERED. */
export function resumeIngestRoute(app: FastifyInstance, access: ApiAccess, recovery: TamperRecovery): void {
  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/gateways/:id/resume-ingest',
    {
      onRequest: access.require('gateway.resume-ingest'),
      schema: {
        tags: ['gateways'],
        summary: 'Resume ingest from the verified head after RECORD_TAMPERED (admin)',
        description:
          'For a gateway whose ingest a forged, forked or removed record stopped, once its RECORD_TAMPERED alarm is acknowledged: clears the stop, resolves the acknowledged alarms with the reason, and asks the gateway to send again from the centre’s last verified event + 1. Records that still do not link raise RECORD_TAMPERED again and stop ingest again. A re-provisioned gateway (new keys) is `vaultline-center gateway add` instead. Every attempt is in the audit log.',
        security: BEARER,
        params: GatewayParams,
        body: ResumeBody,
        response: {
          200: Resumed,
          404: errorBody('no such gateway'),
          409: errorBody('ingest is not stopped, or its RECORD_TAMPERED alarm is not acknowledged yet'),
          ...REFUSALS,
        },
      },
    },
    async (request) => {
      const { name, tokenId, role } = access.principal(request);
      try {
        return await recovery.resumeIngest(
          request.params.id,
          { name, role, context: { tokenId, via: 'api' } },
          request.body.reason,
        );
      } catch (error) {
        if (error instanceof ResumeRefusedError)
          throw new ApiError(STATUS[error.refusal], error.code, error.message);
        throw error;
      }
    },
  );
}
