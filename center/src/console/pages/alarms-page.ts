import { ALARM_KINDS } from '@vaultline/shared/contract/alarm-kinds';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AlarmError } from '../../alarms/alarm-errors.ts';
import type { AlarmRecord } from '../../ports.ts';
import { requirePermission } from '../auth/require-role.ts';
import type { ConsoleDeps } from '../console-context.ts';
import { html } from '../html.ts';
import { t } from '../i18n/catalogue.ts';
import { bannerCounts, renderPage } from '../layout.ts';
import { can } from '../permissions.ts';
import { formField } from '../request-helpers.ts';
import {
  type AlarmFilter,
  type AlarmRowContext,
  alarmRow,
  filterBar,
  historyTable,
  matchesFilter,
  openAlarmsTable,
  SEVERITIES,
} from './alarms-view.ts';
import { actorNamer, siteNamer } from './names.ts';

/** Open alarms shown at most (newest first); a wall screen with more has other problems. */
const OPEN_LIMIT = 500;
const HISTORY_LIMIT = 200;

type FilterQuery = Record<string, string | undefined>;

/** Only known values filter; anything else is ignored rather than refused (a stale bookmark still works). */
function readFilter(query: FilterQuery): AlarmFilter {
  const filter: AlarmFilter = {};
  if ((SEVERITIES as readonly string[]).includes(query.severity ?? '')) filter.severity = query.severity;
  if ((ALARM_KINDS as readonly string[]).includes(query.kind ?? '')) filter.kind = query.kind;
  if (query.siteId && /^[A-Za-z0-9._:-]{1,64}$/.test(query.siteId)) filter.siteId = query.siteId;
  if (query.state === 'raised' || query.state === 'acknowledged') filter.state = query.state;
  return filter;
}

function rowContext(request: FastifyRequest, deps: ConsoleDeps): AlarmRowContext {
  const user = request.consoleUser;
  return {
    lang: request.lang,
    now: deps.clock.now(),
    timeZone: deps.timeZone,
    canAct: user !== undefined && can(user.role, 'alarms.act'),
    csrfToken: request.csrfToken ?? '',
    siteName: siteNamer(deps),
    actorName: actorNamer(deps),
  };
}

function openAlarms(deps: ConsoleDeps): AlarmRecord[] {
  const raised = deps.alarms.list({ state: 'raised', limit: OPEN_LIMIT });
  const acknowledged = deps.alarms.list({ state: 'acknowledged', limit: OPEN_LIMIT });
  return [...raised, ...acknowledged]
    .sort((a, b) => b.raisedAt - a.raisedAt || (a.alarmId < b.alarmId ? 1 : -1))
    .slice(0, OPEN_LIMIT);
}

function siteOptions(deps: ConsoleDeps): [string, string][] {
  const name = siteNamer(deps);
  return deps.store.sites.list().map((site) => [site.siteId, name(site.siteId)]);
}

function tabs(lang: FastifyRequest['lang'], current: 'open' | 'history') {
  const tab = (key: 'open' | 'history', href: string) =>
    html`<a class="tab${key === current ? ' current' : ''}" href="${href}">${t(lang, `alarms.tab.${key}`)}</a>`;
  return html`<nav class="tabs">${tab('open', '/console/')}${tab('history', '/console/alarms/history')}</nav>`;
}

function renderOpen(
  request: FastifyRequest,
  deps: ConsoleDeps,
  notice?: { tone: string; text: string },
): string {
  const lang = request.lang;
  const query = request.query as FilterQuery;
  const filter = readFilter(query);
  const ctx = rowContext(request, deps);
  const alarms = openAlarms(deps).filter((alarm) => matchesFilter(alarm, filter));
  const done =
    query.done === 'acknowledge' || query.done === 'resolve'
      ? t(lang, `alarms.done.${query.done}`)
      : undefined;
  const shown = notice ?? (done ? { tone: 'ok', text: done } : undefined);
  return renderPage(request, {
    title: t(lang, 'alarms.title'),
    nav: 'alarms',
    scripts: ['alarms.js'],
    clientMessages: ['alarms.'],
    body: html`${tabs(lang, 'open')}
${shown ? html`<p class="notice notice-${shown.tone}" role="status">${shown.text}</p>` : ''}
${ctx.canAct ? '' : html`<p class="notice notice-info">${t(lang, 'alarms.readOnly')}</p>`}
${filterBar(lang, filter, siteOptions(deps), '/console/', true)}
<p class="muted"><span id="live-state" class="live-state">${t(lang, 'live.connected')}</span> · <span id="alarms-count">${t(lang, 'alarms.count', { n: alarms.length })}</span></p>
${openAlarmsTable(alarms, ctx)}`,
  });
}

/** The alarms pages: open alarms (home, live), resolved history, acknowledge and resolve forms. */
export function alarmsPage(app: FastifyInstance, deps: ConsoleDeps): void {
  const view = requirePermission('alarms.view');
  const act = requirePermission('alarms.act');
  const html200 = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);

  app.get('/', { preHandler: view }, async (request, reply) => html200(reply, renderOpen(request, deps)));

  app.get('/alarms/history', { preHandler: view }, async (request, reply) => {
    const lang = request.lang;
    const filter = readFilter(request.query as FilterQuery);
    const resolved = deps.alarms
      .list({ state: 'resolved', limit: HISTORY_LIMIT })
      .filter((alarm) => matchesFilter(alarm, { ...filter, state: undefined }));
    return html200(
      reply,
      renderPage(request, {
        title: t(lang, 'alarms.history.title'),
        nav: 'alarms',
        body: html`${tabs(lang, 'history')}
${filterBar(lang, filter, siteOptions(deps), '/console/alarms/history', false)}
${historyTable(resolved, rowContext(request, deps))}`,
      }),
    );
  });

  // The live script fetches one row as the server renders it (204: closed, or outside the filter).
  app.get<{ Params: { id: string } }>('/alarms/:id/row', { preHandler: view }, async (request, reply) => {
    const alarm = deps.alarms.get(request.params.id);
    const filter = readFilter(request.query as FilterQuery);
    if (!alarm || alarm.state === 'resolved' || !matchesFilter(alarm, filter)) return reply.code(204).send();
    return html200(reply, alarmRow(alarm, rowContext(request, deps)).__html);
  });

  app.get('/live/banner', { preHandler: view }, async (_request, reply) =>
    reply.send(bannerCounts(deps.alarms)),
  );

  const step =
    (kind: 'acknowledge' | 'resolve') =>
    async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const user = request.consoleUser;
      if (!user) return reply.redirect('/console/login', 303);
      const actor = { name: user.username, context: { role: user.role, via: 'console' } };
      const lang = request.lang;
      try {
        if (kind === 'acknowledge') deps.alarms.acknowledge(request.params.id, actor);
        else {
          const note = formField(request.body, 'note');
          if (note.trim().length === 0) {
            return html200(
              reply,
              renderOpen(request, deps, { tone: 'error', text: t(lang, 'alarms.noteRequired') }),
              400,
            );
          }
          deps.alarms.resolve(request.params.id, actor, note);
        }
      } catch (error) {
        if (!(error instanceof AlarmError)) throw error;
        const text =
          t(lang, `alarms.error.${error.code}`) === `alarms.error.${error.code}`
            ? error.message
            : t(lang, `alarms.error.${error.code}`);
        const status =
          error.code === 'ALARM_NOT_FOUND' ? 404 : error.code.startsWith('ALARM_NOTE') ? 400 : 409;
        return html200(reply, renderOpen(request, deps, { tone: 'error', text }), status);
      }
      return reply.redirect(`/console/?done=${kind}`, 303);
    };

  app.post<{ Params: { id: string } }>('/alarms/:id/ack', { preHandler: act }, step('acknowledge'));
  app.post<{ Params: { id: string } }>('/alarms/:id/resolve', { preHandler: act }, step('resolve'));
}
