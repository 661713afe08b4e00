import type { RecordQuery, RecordQueryProblem } from '../../records/record-query.ts';
import type { StoredRecord } from '../../records/record-search.ts';
import type { SiteRecord } from '../../registry/registry-ports.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';
import { formatDateTime } from '../format.ts';

/** What the search page's views need besides the records. */
export interface RecordsViewContext {
  lang: Lang;
  timeZone: string | undefined;
  siteName: (siteId: string | undefined) => string;
  personName: (personId: string) => string;
}

/**
 * The stylesheet of the record, plan, people and fleet pages (console.css has the rest). A `<link>` in
 * the body is valid HTML and loads under the console's CSP ('self').
 */
export const pageStyles = html`<link rel="stylesheet" href="/console/assets/records.css">`;

/** The detail page of a stored record: by the gateway and seq it has in the signed chain. */
export function recordPath(record: Pick<StoredRecord, 'envelope'>): string {
  return `/console/records/${encodeURIComponent(record.envelope.gw)}/${record.envelope.seq}`;
}

function input(name: keyof RecordQuery, label: string, value: string, type = 'text'): SafeHtml {
  return html`<label>${label}<input name="${name}" type="${type}" value="${value}" maxlength="200"></label>`;
}

/** The search form: a GET form, so a search is a link an auditor can keep or send. */
export function searchForm(
  ctx: RecordsViewContext,
  query: RecordQuery,
  sites: readonly SiteRecord[],
): SafeHtml {
  const { lang } = ctx;
  const siteOptions = sites.map(
    (site) =>
      html`<option value="${site.siteId}"${site.siteId === query.site ? html` selected` : ''}>${site.name} (${site.siteId})</option>`,
  );
  return html`<form method="get" action="/console/records" class="filters records-search">
<label>${t(lang, 'records.search.site')}<select name="site"><option value="">${t(lang, 'records.search.any')}</option>${siteOptions}</select></label>
${input('run', t(lang, 'records.search.run'), query.run)}
${input('vehicle', t(lang, 'records.search.vehicle'), query.vehicle)}
${input('epc', t(lang, 'records.search.epc'), query.epc)}
${input('person', t(lang, 'records.search.person'), query.person)}
${input('from', t(lang, 'records.search.from'), query.from, 'date')}
${input('to', t(lang, 'records.search.to'), query.to, 'date')}
<button type="submit" class="btn btn-primary">${t(lang, 'records.search.submit')}</button>
<a class="btn btn-quiet" href="/console/records">${t(lang, 'records.search.reset')}</a>
</form>`;
}

/** Every field the search could not use, each with what to type instead. */
export function queryProblems(lang: Lang, problems: readonly RecordQueryProblem[]): SafeHtml {
  if (problems.length === 0) return html``;
  const lines = problems.map((problem) => {
    const field = t(lang, `records.search.${problem.field}`);
    return html`<li data-field="${problem.field}">${t(lang, `records.search.problem.${problem.code}`, { field })}</li>`;
  });
  return html`<div class="notice notice-error" role="alert"><ul class="problems">${lines}</ul></div>`;
}

function boxesCell(lang: Lang, record: StoredRecord): SafeHtml {
  const { expected, scanned, missing, rejected } = record.body.boxes;
  return html`${t(lang, 'records.boxes.summary', { scanned: scanned.length, expected: expected.length })}${
    missing.length > 0
      ? html` <span class="badge badge-warn">${t(lang, 'records.boxes.missing', { n: missing.length })}</span>`
      : ''
  }${
    rejected.length > 0
      ? html` <span class="badge badge-alarm">${t(lang, 'records.boxes.rejected', { n: rejected.length })}</span>`
      : ''
  }`;
}

export function resultsTable(ctx: RecordsViewContext, records: readonly StoredRecord[]): SafeHtml {
  const { lang } = ctx;
  if (records.length === 0) return html`<p class="empty">${t(lang, 'records.search.none')}</p>`;
  const rows = records.map(
    (record) => html`<tr data-handover-id="${record.body.handoverId}">
<td><time datetime="${record.body.completedAt}">${formatDateTime(Date.parse(record.body.completedAt), ctx.timeZone)}</time></td>
<td>${ctx.siteName(record.body.siteId)}</td>
<td>${t(lang, 'records.detail.runStop', { runId: record.body.runId, seq: record.body.stopSeq })}</td>
<td>${t(lang, `kind.${record.body.kind}`)}</td>
<td>${record.body.vehicleId}</td>
<td>${record.body.crew.map(ctx.personName).join('、')}</td>
<td>${boxesCell(lang, record)}</td>
<td class="mono">${record.envelope.gw} · ${record.envelope.seq}</td>
<td><a class="btn" href="${recordPath(record)}">${t(lang, 'records.open')}</a></td>
</tr>`,
  );
  return html`<table class="grid records-table" id="records-table">
<thead><tr><th>${t(lang, 'records.col.completed')}</th><th>${t(lang, 'records.col.site')}</th><th>${t(lang, 'records.col.run')}</th><th>${t(lang, 'records.col.kind')}</th><th>${t(lang, 'records.col.vehicle')}</th><th>${t(lang, 'records.col.crew')}</th><th>${t(lang, 'records.col.boxes')}</th><th>${t(lang, 'records.col.gateway')}</th><th></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
