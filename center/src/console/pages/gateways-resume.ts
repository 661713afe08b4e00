import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ResumeRefusalCode, ResumeRefusedError } from '../../ingest/resume-policy.ts';
import type { TamperRecovery } from '../../ingest/tamper-recovery.ts';
import { requirePermission } from '../auth/require-role.ts';
import type { ConsoleDeps } from '../console-context.ts';
import { type Lang, t } from '../i18n/catalogue.ts';
import { formField } from '../request-helpers.ts';
import { siteNamer } from './names.ts';
import type { StoppedGateway } from './tamper-resume-view.ts';

export interface PageNotice {
  tone: 'ok' | 'error' | 'info';
  text: string;
}

/** Renders the gateways page with a notice on top (the page module's own renderer). */
export type RenderGateways = (request: FastifyRequest, notice?: PageNotice) => string;

const REFUSAL_STATUS: Readonly<Record<ResumeRefusalCode, number>> = {
  RESUME_FORBIDDEN: 403,
  RESUME_REASON_REQUIRED: 400,
  RESUME_REASON_TOO_LONG: 400,
  RESUME_UNKNOWN_GATEWAY: 404,
  RESUME_NOT_STOPPED: 409,
  RESUME_ALARM_NOT_ACKNOWLEDGED: 409,
};

/** Open RECORD_TAMPERED alarms looked at per state (newest first). */
const OPEN_LIMIT = 500;

/** Every gateway whose ingest is stopped, with its open RECORD_TAMPERED alarms. */
export function stoppedGateways(deps: ConsoleDeps): StoppedGateway[] {
  const stopped = deps.store.events.heads().filter((head) => head.tampered);
  if (stopped.length === 0) return [];
  const open = [
    ...deps.alarms.list({ kind: 'RECORD_TAMPERED', state: 'raised', limit: OPEN_LIMIT }),
    ...deps.alarms.list({ kind: 'RECORD_TAMPERED', state: 'acknowledged', limit: OPEN_LIMIT }),
  ];
  const siteName = siteNamer(deps);
  return stopped.map((head) => {
    const siteId = deps.store.gateways.get(head.gatewayId)?.siteId;
    return {
      gatewayId: head.gatewayId,
      siteName: siteId === undefined ? '' : siteName(siteId),
      head,
      openAlarms: open.filter((alarm) => alarm.gatewayId === head.gatewayId),
    };
  });
}

/** The notice after a resume (`?resumed=<id>&next=<seq>&resend=0|1`), shown only if it is true now. */
export function resumedNotice(deps: ConsoleDeps, lang: Lang, query: unknown): PageNotice | undefined {
  const { resumed, next, resend } = (query ?? {}) as Record<string, string | undefined>;
  if (!resumed || !/^[0-9]{1,12}$/.test(next ?? '')) return undefined;
  if (!deps.store.gateways.get(resumed) || deps.store.events.head(resumed).tampered) return undefined;
  const key = resend === '0' ? 'gateways.resume.doneNoResend' : 'gateways.resume.done';
  return { tone: 'ok', text: t(lang, key, { gateway: resumed, next: next ?? '' }) };
}

/** `POST /console/gateways/:id/resume-ingest` (admin): the form of the "ingest stopped" section. */
export function resumeIngestForm(app: FastifyInstance, deps: ConsoleDeps, render: RenderGateways): void {
  const recovery = deps.tamperRecovery as Pick<TamperRecovery, 'resumeIngest'> | undefined;
  const page = (reply: FastifyReply, body: string, status: number) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);
  app.post<{ Params: { id: string } }>(
    '/gateways/:id/resume-ingest',
    { preHandler: requirePermission('gateway.resume-ingest') },
    async (request, reply) => {
      const user = request.consoleUser;
      if (!user) return reply.redirect('/console/login', 303);
      const lang = request.lang;
      if (!recovery) {
        const text = t(lang, 'gateways.resume.unavailable');
        return page(reply, render(request, { tone: 'error', text }), 503);
      }
      const gatewayId = request.params.id;
      try {
        const actor = { name: user.username, role: user.role, context: { via: 'console' } };
        const result = await recovery.resumeIngest(gatewayId, actor, formField(request.body, 'reason'));
        const query = new URLSearchParams({
          resumed: gatewayId,
          next: String(result.fromSeq),
          resend: result.resendRequested ? '1' : '0',
        });
        return reply.redirect(`/console/gateways?${query}`, 303);
      } catch (error) {
        if (!(error instanceof ResumeRefusedError)) throw error;
        const key = `gateways.resume.error.${error.code}`;
        const text = t(lang, key) === key ? error.message : t(lang, key);
        const status = REFUSAL_STATUS[error.refusal];
        return page(reply, render(request, { tone: 'error', text }), status);
      }
    },
  );
}
