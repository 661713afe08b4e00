import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../auth/require-role.ts';
import type { ConsoleDeps } from '../console-context.ts';
import { formatDateTime } from '../format.ts';
import { html } from '../html.ts';
import { t } from '../i18n/catalogue.ts';
import { renderPage } from '../layout.ts';

const SHOWN = 300;
/** Detail shown per entry, characters (the entry itself keeps everything). */
const DETAIL_CHARS = 300;

function detailText(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  const text = Object.entries(detail)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
  return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS)}…` : text;
}

/** `/console/audit` (admin, auditor): the audit trail, newest first, by actor and action. */
export function auditPage(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get<{ Querystring: { actor?: string; action?: string } }>(
    '/audit',
    { preHandler: requirePermission('audit.view') },
    async (request, reply) => {
      const lang = request.lang;
      const actor = request.query.actor?.trim().slice(0, 200) || undefined;
      const action = request.query.action?.trim().slice(0, 100) || undefined;
      const entries = deps.store.audit.newest({ actor, action, limit: SHOWN });
      const rows = entries.map(
        (
          entry,
        ) => html`<tr class="audit-row${entry.action.includes('denied') || entry.action.includes('refused') || entry.action.includes('failed') || entry.action.includes('lock') ? ' audit-warn' : ''}">
<td class="nowrap">${formatDateTime(entry.at, deps.timeZone)}</td>
<td>${entry.actor}</td>
<td><code>${entry.action}</code></td>
<td>${entry.target}</td>
<td class="detail">${detailText(entry.detail)}</td>
</tr>`,
      );
      const body = html`<form method="get" action="/console/audit" class="filters">
<label>${t(lang, 'audit.filter.actor')}<input name="actor" value="${actor ?? ''}"></label>
<label>${t(lang, 'audit.filter.action')}<input name="action" value="${action ?? ''}" placeholder="alarm. / console.login"></label>
<button type="submit" class="btn">${t(lang, 'audit.filter.apply')}</button>
</form>
<p class="muted">${t(lang, 'audit.shown', { n: entries.length })}</p>
${
  entries.length === 0
    ? html`<p class="empty">${t(lang, 'audit.none')}</p>`
    : html`<table class="grid audit-table" id="audit-table"><thead><tr><th>${t(lang, 'audit.col.at')}</th><th>${t(lang, 'audit.col.actor')}</th><th>${t(lang, 'audit.col.action')}</th><th>${t(lang, 'audit.col.target')}</th><th>${t(lang, 'audit.col.detail')}</th></tr></thead><tbody>${rows}</tbody></table>`
}`;
      return reply
        .type('text/html; charset=utf-8')
        .send(renderPage(request, { title: t(lang, 'audit.title'), nav: 'audit', body }));
    },
  );
}
