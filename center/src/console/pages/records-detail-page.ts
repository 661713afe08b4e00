import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_FACE_RETENTION_DAYS } from '../../faces/face-retention-period.ts';
import { checkStoredChain } from '../../records/chain-check.ts';
import { storedHandoverContext } from '../../records/record-context.ts';
import { recordReport } from '../../records/record-report.ts';
import { readRecordBody, type StoredRecord } from '../../records/record-search.ts';
import {
  type ConsoleDeps,
  type ConsolePage,
  can,
  html,
  renderPage,
  requirePermission,
  type SafeHtml,
  t,
} from '../console-context.ts';
import { siteNamer } from './names.ts';
import { recordDetail } from './records-detail-model.ts';
import {
  alarmsSection,
  boxesSection,
  confirmationsSection,
  crewSection,
  type DetailViewContext,
  factsSection,
  integritySection,
} from './records-detail-view.ts';
import { personNamer } from './records-names.ts';
import { verifyResultBox } from './records-verify-view.ts';
import { pageStyles, recordPath } from './records-views.ts';

type RecordRoute = { Params: { gatewayId: string; seq: string } };
type FaceRoute = { Params: { gatewayId: string; seq: string; captureId: string } };

const retentionDays = (deps: ConsoleDeps) => deps.faceRetentionDays ?? DEFAULT_FACE_RETENTION_DAYS;

/** The stored record at (gateway, seq), or undefined when there is none or it is not a hand-over record. */
function storedRecord(deps: ConsoleDeps, gatewayId: string, seqText: string): StoredRecord | undefined {
  if (!/^[1-9]\d{0,15}$/.test(seqText)) return undefined;
  const envelope = deps.store.events.get(gatewayId, Number(seqText));
  const body = envelope && readRecordBody(envelope);
  return envelope && body ? { envelope, body } : undefined;
}

function detailPage(
  request: FastifyRequest,
  deps: ConsoleDeps,
  record: StoredRecord,
  result?: SafeHtml,
): string {
  const lang = request.lang;
  const user = request.consoleUser!;
  const ctx: DetailViewContext = {
    lang,
    timeZone: deps.timeZone,
    siteName: siteNamer(deps),
    personName: personNamer(deps),
    photoUrl: (personId) => `/console/people/${encodeURIComponent(personId)}/photo`,
    captureUrl: (captureId) => `${recordPath(record)}/faces/${encodeURIComponent(captureId)}.jpg`,
    retentionDays: retentionDays(deps),
  };
  const detail = recordDetail(record, deps);
  const body = html`${pageStyles}<p><a href="/console/records">${t(lang, 'records.detail.back')}</a></p>
${result ?? ''}
<div class="record-detail">
${factsSection(ctx, detail)}
${crewSection(ctx, detail)}
${boxesSection(ctx, detail)}
${confirmationsSection(ctx, detail)}
${alarmsSection(ctx, detail)}
${integritySection(ctx, detail, {
  canVerify: can(user.role, 'records.verify'),
  canExport: can(user.role, 'records.export'),
  csrfToken: request.csrfToken ?? '',
})}
</div>`;
  return renderPage(request, {
    title: t(lang, 'records.detail.title', { id: record.body.handoverId }),
    nav: 'records',
    body,
  });
}

function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

/**
 * A stored hand-over record: `GET /console/records/:gatewayId/:seq` (detail), `POST …/verify` (the
 * gateway's chain verified, audited), `GET …/report.pdf` (the printable report, audited),
 * `GET …/faces/:captureId.jpg` (a face captured during this hand-over: never cached, each view audited),
 * and `GET /console/records/by-id/:handoverId` (a link by hand-over id).
 */
export const recordsDetailPage: ConsolePage = (app: FastifyInstance, deps: ConsoleDeps) => {
  app.get<{ Params: { handoverId: string } }>(
    '/records/by-id/:handoverId',
    { preHandler: requirePermission('records.view') },
    async (request, reply) => {
      const envelope = deps.records.get(request.params.handoverId);
      if (!envelope) return notFound(reply);
      return reply.redirect(recordPath({ envelope }), 303);
    },
  );

  app.get<RecordRoute>(
    '/records/:gatewayId/:seq',
    { preHandler: requirePermission('records.view') },
    async (request, reply) => {
      const record = storedRecord(deps, request.params.gatewayId, request.params.seq);
      if (!record) return notFound(reply);
      return reply.type('text/html; charset=utf-8').send(detailPage(request, deps, record));
    },
  );

  app.post<RecordRoute>(
    '/records/:gatewayId/:seq/verify',
    { preHandler: requirePermission('records.verify') },
    async (request, reply) => {
      const record = storedRecord(deps, request.params.gatewayId, request.params.seq);
      if (!record) return notFound(reply);
      const check = await checkStoredChain(deps.store.events, deps.store.gateways, record.envelope.gw);
      deps.audit(
        request.consoleUser!.username,
        'record.chain.verify',
        `${record.envelope.gw}/${record.envelope.seq}`,
        {
          handoverId: record.body.handoverId,
          ok: check.ok,
          ...(check.ok
            ? { fromSeq: check.fromSeq, toSeq: check.toSeq, headHash: check.headHash }
            : { problem: check.problem, seq: check.seq, verifiedUpTo: check.verifiedUpTo }),
        },
      );
      const box = verifyResultBox(request.lang, check, record.envelope.seq);
      return reply.type('text/html; charset=utf-8').send(detailPage(request, deps, record, box));
    },
  );

  app.get<FaceRoute>(
    '/records/:gatewayId/:seq/faces/:captureId.jpg',
    { preHandler: requirePermission('records.view') },
    async (request, reply) => {
      const record = storedRecord(deps, request.params.gatewayId, request.params.seq);
      const { captureId } = request.params;
      // Only a capture this record's chain names for its crew: the route cannot browse other captures.
      const personId = record && crewMemberOf(storedHandoverContext(deps.store.events, record), captureId);
      const jpeg = record && personId ? deps.store.faces.jpeg(record.envelope.gw, captureId) : undefined;
      if (!record || !jpeg) return notFound(reply);
      deps.audit(request.consoleUser!.username, 'record.face.view', `${record.envelope.gw}/${captureId}`, {
        handoverId: record.body.handoverId,
        personId,
        seq: record.envelope.seq,
      });
      return reply.header('Cache-Control', 'no-store').type('image/jpeg').send(Buffer.from(jpeg));
    },
  );

  app.get<RecordRoute>(
    '/records/:gatewayId/:seq/report.pdf',
    { preHandler: requirePermission('records.export') },
    async (request, reply) => {
      const record = storedRecord(deps, request.params.gatewayId, request.params.seq);
      if (!record) return notFound(reply);
      const { store } = deps;
      const report = recordReport(
        record,
        {
          events: store.events,
          sites: store.sites,
          vehicles: store.vehicles,
          people: store.people,
          alarms: store.alarms,
          faces: { store: store.faces, retentionDays: retentionDays(deps), now: deps.clock.now() },
        },
        deps.timeZone,
      );
      // The PDF library (with its font engine) loads on the first export only.
      const { renderReportPdf } = await import('@vaultline/shared/report/report-pdf');
      const pdf = await renderReportPdf(report, { author: 'Vaultline monitoring centre' });
      deps.audit(
        request.consoleUser!.username,
        'record.export.pdf',
        `${record.envelope.gw}/${record.envelope.seq}`,
        {
          handoverId: record.body.handoverId,
          hash: record.envelope.hash,
        },
      );
      const name = record.body.handoverId.replace(/[^A-Za-z0-9._-]/g, '_');
      return reply
        .header('Content-Disposition', `attachment; filename="handover-${name}.pdf"`)
        .header('Cache-Control', 'no-store')
        .type('application/pdf')
        .send(Buffer.from(pdf));
    },
  );
};

/** The crew member whose captured face `captureId` is in this hand-over, if any. */
function crewMemberOf(context: { captureIds: ReadonlyMap<string, string> }, captureId: string) {
  for (const [personId, id] of context.captureIds) if (id === captureId) return personId;
  return undefined;
}
