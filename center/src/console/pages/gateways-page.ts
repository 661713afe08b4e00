import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RegisteredGateway } from '../../ports.ts';
import { requirePermission } from '../auth/require-role.ts';
import type { ConsoleDeps } from '../console-context.ts';
import { formatAge, formatBytes, formatDateTime } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { type Lang, t } from '../i18n/catalogue.ts';
import { renderPage } from '../layout.ts';
import { can } from '../permissions.ts';
import { csrfField } from '../request-helpers.ts';
import { type PageNotice, resumedNotice, resumeIngestForm, stoppedGateways } from './gateways-resume.ts';
import { siteNamer } from './names.ts';
import { tamperResumeSection } from './tamper-resume-view.ts';

/** Online state and since when, from the latest status and the GATEWAY_OFFLINE alarms (raised / cleared). */
function connection(
  deps: ConsoleDeps,
  gatewayId: string,
): { state: 'online' | 'offline' | 'unknown'; since?: number; lastStatus?: number } {
  const snapshot = deps.monitor.get(gatewayId);
  if (!snapshot) return { state: 'unknown' };
  const offline = deps.alarms
    .list({ kind: 'GATEWAY_OFFLINE', limit: 200 })
    .find((alarm) => alarm.gatewayId === gatewayId);
  if (!snapshot.online)
    return {
      state: 'offline',
      since: offline?.raisedAt ?? snapshot.receivedAt,
      lastStatus: snapshot.receivedAt,
    };
  return { state: 'online', since: offline?.clearedAt, lastStatus: snapshot.receivedAt };
}

function gatewayRow(
  deps: ConsoleDeps,
  lang: Lang,
  gateway: RegisteredGateway,
  siteName: (id: string) => string,
): SafeHtml {
  const tz = deps.timeZone;
  const conn = connection(deps, gateway.gatewayId);
  const status = deps.monitor.get(gateway.gatewayId)?.status;
  const head = deps.store.events.head(gateway.gatewayId);
  const since =
    conn.since !== undefined
      ? t(lang, 'gateways.since', { time: formatDateTime(conn.since, tz) })
      : conn.lastStatus !== undefined
        ? t(lang, 'gateways.lastStatus', { time: formatDateTime(conn.lastStatus, tz) })
        : '';
  const devices = status
    ? Object.entries(status.devices).map(
        ([name, device]) =>
          html`<li class="device ${device.online ? 'ok' : 'bad'}"><span class="device-name">${name}</span> <span class="device-kind">${device.kind}</span> <span class="device-state">${t(lang, device.online ? 'gateways.device.online' : 'gateways.device.offline')}</span>${device.reason ? html` <span class="muted">${device.reason}</span>` : ''}</li>`,
      )
    : [];
  const detail = status?.backlogDetail;
  const backlog = detail
    ? detail.count === 0
      ? t(lang, 'gateways.backlogEmpty')
      : t(lang, 'gateways.backlog', {
          count: detail.count,
          age: detail.oldestAgeS === null ? '—' : formatAge(detail.oldestAgeS * 1000, lang),
          bytes: formatBytes(detail.bytes),
        })
    : status
      ? String(status.backlog)
      : '—';
  return html`<tr class="gw gw-${conn.state}${head.tampered ? ' gw-tampered' : ''}" data-gateway="${gateway.gatewayId}">
<td><strong>${gateway.gatewayId}</strong></td>
<td>${siteName(gateway.siteId)}</td>
<td><span class="conn conn-${conn.state}">${t(lang, `gateways.${conn.state}`)}</span><br><span class="muted">${since}</span></td>
<td>${devices.length > 0 ? html`<ul class="devices">${devices}</ul>` : html`<span class="muted">${t(lang, 'gateways.noDevices')}</span>`}</td>
<td class="${detail && detail.count > 0 ? 'backlog-pending' : ''}">${backlog}</td>
<td>${t(lang, 'gateways.seq', { stored: head.lastSeq, reported: status?.lastSeq ?? '—' })}${head.tampered ? html`<div class="tampered">${t(lang, 'gateways.tampered')}</div>` : ''}</td>
</tr>`;
}

function gatewaysTable(request: FastifyRequest, deps: ConsoleDeps): SafeHtml {
  const lang = request.lang;
  const gateways = deps.store.gateways.list();
  if (gateways.length === 0) return html`<p class="empty">${t(lang, 'gateways.none')}</p>`;
  const names = siteNamer(deps);
  return html`<table class="grid gateways-table" id="gateways-table">
<thead><tr><th>${t(lang, 'gateways.col.gateway')}</th><th>${t(lang, 'gateways.col.site')}</th><th>${t(lang, 'gateways.col.state')}</th><th>${t(lang, 'gateways.col.devices')}</th><th>${t(lang, 'gateways.col.backlog')}</th><th>${t(lang, 'gateways.col.seq')}</th></tr></thead>
<tbody>${gateways.map((gateway) => gatewayRow(deps, lang, gateway, names))}</tbody></table>`;
}

/** The whole page: the refreshed table, then the gateways whose ingest RECORD_TAMPERED stopped. */
function renderGateways(request: FastifyRequest, deps: ConsoleDeps, notice?: PageNotice): string {
  const lang = request.lang;
  const shown = notice ?? resumedNotice(deps, lang, request.query);
  const user = request.consoleUser;
  const ctx = {
    lang,
    canResume: user !== undefined && can(user.role, 'gateway.resume-ingest'),
    csrf: csrfField(request),
  };
  return renderPage(request, {
    title: t(lang, 'gateways.title'),
    nav: 'gateways',
    scripts: ['gateways.js'],
    body: html`${shown ? html`<p class="notice notice-${shown.tone}" role="status">${shown.text}</p>` : ''}
<div id="gateways-body">${gatewaysTable(request, deps)}</div>
${tamperResumeSection(stoppedGateways(deps), ctx)}`,
  });
}

/**
 * `/console/gateways`: every gateway with its connection, devices, backlog and chain head, and the
 * admin's resume of ingest after RECORD_TAMPERED.
 */
export function gatewaysPage(app: FastifyInstance, deps: ConsoleDeps): void {
  const view = requirePermission('gateways.view');
  app.get('/gateways', { preHandler: view }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderGateways(request, deps)),
  );
  resumeIngestForm(app, deps, (request, notice) => renderGateways(request, deps, notice));
  // The table alone, refreshed by the page's script.
  app.get('/gateways/table', { preHandler: view }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(gatewaysTable(request, deps).__html),
  );
}
