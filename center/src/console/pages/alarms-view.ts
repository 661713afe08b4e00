import { ALARM_KINDS } from '@vaultline/shared/contract/alarm-kinds';
import type { AlarmRecord, AlarmState } from '../../ports.ts';
import { formatAge, formatDateTime } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { type Lang, t } from '../i18n/catalogue.ts';

/** What a row needs besides the alarm: language, names, time, and whether the viewer may act. */
export interface AlarmRowContext {
  lang: Lang;
  now: number;
  timeZone: string | undefined;
  canAct: boolean;
  csrfToken: string;
  siteName: (siteId: string | undefined) => string;
  actorName: (actor: string | undefined) => string;
}

export interface AlarmFilter {
  severity?: string;
  kind?: string;
  siteId?: string;
  state?: AlarmState;
}

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
const DETAIL_LIMIT = 6;
/** Detail fields for machines (chain positions, raw coordinates, rule thresholds), not for the wall screen. */
const HIDDEN_FACTS = new Set([
  'planDate',
  'eventSeq',
  'lat',
  'lon',
  'corridorM',
  'outsideMs',
  'outsideFixes',
  'skippedStopArrived',
  'statusReceivedAt',
]);
const DETAIL_VALUE_LIMIT = 80;

export function matchesFilter(alarm: AlarmRecord, filter: AlarmFilter): boolean {
  return (
    (!filter.severity || alarm.severity === filter.severity) &&
    (!filter.kind || alarm.kind === filter.kind) &&
    (!filter.siteId || alarm.siteId === filter.siteId) &&
    (!filter.state || alarm.state === filter.state)
  );
}

/** The alarm's facts worth a glance (box, person, reader, count…), as `name: value`. */
function detailSummary(lang: Lang, detail: Record<string, unknown>): SafeHtml {
  const facts = Object.entries(detail)
    .filter(
      ([key, value]) => !HIDDEN_FACTS.has(key) && ['string', 'number', 'boolean'].includes(typeof value),
    )
    .slice(0, DETAIL_LIMIT)
    .map(([key, value]) => {
      const label = t(lang, `fact.${key}`);
      const text = String(value).slice(0, DETAIL_VALUE_LIMIT);
      return html`<span class="fact"><span class="fact-name">${label === `fact.${key}` ? key : label}</span> ${text}</span>`;
    });
  const lists = Object.entries(detail)
    .filter(([, value]) => Array.isArray(value) && value.every((v) => typeof v === 'string'))
    .slice(0, 2)
    .map(([key, value]) => {
      const label = t(lang, `fact.${key}`);
      return html`<span class="fact"><span class="fact-name">${label === `fact.${key}` ? key : label}</span> ${(value as string[]).slice(0, 5).join(', ')}</span>`;
    });
  return html`${facts}${lists}`;
}

function actions(alarm: AlarmRecord, ctx: AlarmRowContext): SafeHtml {
  const { lang } = ctx;
  if (!ctx.canAct || alarm.state === 'resolved') return html``;
  const csrf = html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
  const id = encodeURIComponent(alarm.alarmId);
  if (alarm.state === 'raised') {
    return html`<form method="post" action="/console/alarms/${id}/ack" class="inline-form act-ack">${csrf}<button type="submit" class="btn btn-primary">${t(lang, 'alarms.ack')}</button></form>`;
  }
  return html`<form method="post" action="/console/alarms/${id}/resolve" class="form act-resolve">${csrf}
<label class="note-label">${t(lang, 'alarms.note')}<textarea name="note" required maxlength="4000" rows="2" placeholder="${t(lang, 'alarms.notePlaceholder')}"></textarea></label>
<button type="submit" class="btn btn-primary">${t(lang, 'alarms.resolve')}</button></form>`;
}

function stateCell(alarm: AlarmRecord, ctx: AlarmRowContext): SafeHtml {
  const { lang, timeZone } = ctx;
  const steps: SafeHtml[] = [
    html`<span class="state state-${alarm.state}">${t(lang, `state.${alarm.state}`)}</span>`,
  ];
  if (alarm.acknowledgedAt !== undefined) {
    const time = formatDateTime(alarm.acknowledgedAt, timeZone).slice(11);
    steps.push(
      html`<span class="step">${t(lang, 'alarms.ackedBy', { who: ctx.actorName(alarm.acknowledgedBy), time })}</span>`,
    );
  }
  if (alarm.clearedAt !== undefined) {
    const time = formatDateTime(alarm.clearedAt, timeZone).slice(11);
    steps.push(html`<span class="step step-cleared">${t(lang, 'alarms.clearedAt', { time })}</span>`);
  }
  return html`${steps}`;
}

function runCell(alarm: AlarmRecord, lang: Lang): string {
  if (!alarm.runId) return alarm.vehicleId ?? '—';
  if (alarm.stopSeq === undefined) return alarm.runId;
  return t(lang, 'alarms.run', { runId: alarm.runId, seq: alarm.stopSeq });
}

/** One open alarm as a table row; the live script asks the server for this same row. */
export function alarmRow(alarm: AlarmRecord, ctx: AlarmRowContext): SafeHtml {
  const { lang, timeZone } = ctx;
  return html`<tr id="alarm-${alarm.alarmId}" class="alarm-row sev-${alarm.severity} st-${alarm.state}" data-alarm-id="${alarm.alarmId}" data-state="${alarm.state}">
<td><span class="sev-badge sev-${alarm.severity}">${t(lang, `severity.${alarm.severity}`)}</span></td>
<td class="kind"><strong>${t(lang, `alarm.${alarm.kind}`)}</strong><span class="kind-code">${alarm.kind}</span><div class="facts">${detailSummary(lang, alarm.detail)}</div></td>
<td>${ctx.siteName(alarm.siteId)}</td>
<td>${runCell(alarm, lang)}</td>
<td><time datetime="${new Date(alarm.raisedAt).toISOString()}">${formatDateTime(alarm.raisedAt, timeZone)}</time></td>
<td class="age" data-since="${alarm.raisedAt}">${formatAge(ctx.now - alarm.raisedAt, lang)}</td>
<td class="state-cell">${stateCell(alarm, ctx)}</td>
<td class="actions">${actions(alarm, ctx)}</td>
</tr>`;
}

export function openAlarmsTable(alarms: readonly AlarmRecord[], ctx: AlarmRowContext): SafeHtml {
  const { lang } = ctx;
  return html`<table class="grid alarms-table" id="alarms-table">
<thead><tr><th>${t(lang, 'alarms.col.severity')}</th><th>${t(lang, 'alarms.col.kind')}</th><th>${t(lang, 'alarms.col.site')}</th><th>${t(lang, 'alarms.col.run')}</th><th>${t(lang, 'alarms.col.raised')}</th><th>${t(lang, 'alarms.col.age')}</th><th>${t(lang, 'alarms.col.state')}</th><th>${t(lang, 'alarms.col.action')}</th></tr></thead>
<tbody id="alarm-rows">${alarms.map((alarm) => alarmRow(alarm, ctx))}</tbody>
</table>
<p id="alarms-empty" class="empty"${alarms.length > 0 ? html` hidden` : ''}>${t(lang, 'alarms.none')}</p>`;
}

export function historyTable(alarms: readonly AlarmRecord[], ctx: AlarmRowContext): SafeHtml {
  const { lang, timeZone } = ctx;
  if (alarms.length === 0) return html`<p class="empty">${t(lang, 'alarms.historyNone')}</p>`;
  const rows = alarms.map(
    (alarm) => html`<tr class="sev-${alarm.severity}" data-alarm-id="${alarm.alarmId}">
<td><span class="sev-badge sev-${alarm.severity}">${t(lang, `severity.${alarm.severity}`)}</span></td>
<td class="kind"><strong>${t(lang, `alarm.${alarm.kind}`)}</strong><div class="facts">${detailSummary(lang, alarm.detail)}</div></td>
<td>${ctx.siteName(alarm.siteId)}</td>
<td>${runCell(alarm, lang)}</td>
<td>${formatDateTime(alarm.raisedAt, timeZone)}</td>
<td>${alarm.acknowledgedAt === undefined ? '—' : formatDateTime(alarm.acknowledgedAt, timeZone)}<br><span class="muted">${ctx.actorName(alarm.acknowledgedBy)}</span></td>
<td>${alarm.resolvedAt === undefined ? '—' : formatDateTime(alarm.resolvedAt, timeZone)}<br><span class="muted">${ctx.actorName(alarm.resolvedBy)}</span></td>
<td class="note">${alarm.resolutionNote ?? ''}</td>
</tr>`,
  );
  return html`<table class="grid history-table">
<thead><tr><th>${t(lang, 'alarms.col.severity')}</th><th>${t(lang, 'alarms.col.kind')}</th><th>${t(lang, 'alarms.col.site')}</th><th>${t(lang, 'alarms.col.run')}</th><th>${t(lang, 'alarms.col.raised')}</th><th>${t(lang, 'state.acknowledged')}</th><th>${t(lang, 'alarms.col.resolved')}</th><th>${t(lang, 'alarms.col.note')}</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function select(
  name: string,
  label: string,
  options: readonly [string, string][],
  value: string | undefined,
  all: string,
): SafeHtml {
  return html`<label>${label}<select name="${name}"><option value="">${all}</option>${options.map(
    ([v, text]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${text}</option>`,
  )}</select></label>`;
}

/** The filter bar (a GET form: filters live in the address, so a wall screen can be bookmarked). */
export function filterBar(
  lang: Lang,
  filter: AlarmFilter,
  sites: readonly [string, string][],
  action: string,
  withState: boolean,
): SafeHtml {
  const all = t(lang, 'alarms.filter.all');
  return html`<form method="get" action="${action}" class="filters">
${select(
  'severity',
  t(lang, 'alarms.filter.severity'),
  SEVERITIES.map((s) => [s, t(lang, `severity.${s}`)]),
  filter.severity,
  all,
)}
${select(
  'kind',
  t(lang, 'alarms.filter.kind'),
  ALARM_KINDS.map((k) => [k, t(lang, `alarm.${k}`)]),
  filter.kind,
  all,
)}
${select('siteId', t(lang, 'alarms.filter.site'), sites, filter.siteId, all)}
${
  withState
    ? select(
        'state',
        t(lang, 'alarms.filter.state'),
        (['raised', 'acknowledged'] as const).map((s) => [s, t(lang, `state.${s}`)]),
        filter.state,
        all,
      )
    : ''
}
<button type="submit" class="btn">${t(lang, 'alarms.filter.apply')}</button>
<a class="btn btn-quiet" href="${action}">${t(lang, 'alarms.filter.reset')}</a>
</form>`;
}
