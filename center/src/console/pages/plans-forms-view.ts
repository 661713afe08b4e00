import type { SiteRecord } from '../../registry/registry-ports.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';

/** Stop rows the ad-hoc form offers; rows left without a site are not part of the run. */
export const ADHOC_STOP_ROWS = 3;
const STOP_KINDS = ['dispatch', 'deliver', 'collect', 'return'] as const;

export interface ImportFormValues {
  format: 'json' | 'csv';
  text: string;
  csvDate: string;
}

export interface AdHocStopValues {
  siteId: string;
  kind: string;
  start: string;
  end: string;
  boxes: string;
}

export interface AdHocFormValues {
  runId: string;
  vehicleId: string;
  crew: string;
  stops: AdHocStopValues[];
}

export const EMPTY_IMPORT: ImportFormValues = { format: 'json', text: '', csvDate: '' };

export function emptyAdHoc(): AdHocFormValues {
  return {
    runId: '',
    vehicleId: '',
    crew: '',
    stops: Array.from({ length: ADHOC_STOP_ROWS }, () => ({
      siteId: '',
      kind: 'deliver',
      start: '',
      end: '',
      boxes: '',
    })),
  };
}

export interface PlanFormContext {
  lang: Lang;
  csrfToken: string;
  date: string;
  sites: readonly SiteRecord[];
  vehicles: readonly { vehicleId: string; plate: string }[];
}

/** Paste the plan (JSON or CSV) or choose its file; the page script copies a chosen file's text in. */
export function importForm(ctx: PlanFormContext, values: ImportFormValues): SafeHtml {
  const { lang } = ctx;
  const option = (format: ImportFormValues['format'], label: string) =>
    html`<option value="${format}"${values.format === format ? html` selected` : ''}>${label}</option>`;
  return html`<section class="panel plan-import"><h2>${t(lang, 'plans.import.title')}</h2>
<p class="muted">${t(lang, 'plans.import.hint')}</p>
<form method="post" action="/console/plans/import" class="form" id="plan-import-form">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<label>${t(lang, 'plans.import.format')}<select name="format">${option('json', 'JSON')}${option('csv', 'CSV')}</select></label>
<label>${t(lang, 'plans.import.file')}<input type="file" accept=".json,.csv,text/csv,application/json" data-fill-text="plan-text"></label>
<label>${t(lang, 'plans.import.text')}<textarea name="text" id="plan-text" rows="8" spellcheck="false" class="mono">${values.text}</textarea></label>
<label>${t(lang, 'plans.import.csvDate')}<input type="date" name="csvDate" value="${values.csvDate}"></label>
<button type="submit" class="btn btn-primary">${t(lang, 'plans.import.submit')}</button>
</form></section>`;
}

function stopRow(ctx: PlanFormContext, stop: AdHocStopValues, index: number): SafeHtml {
  const { lang } = ctx;
  const sites = ctx.sites.map(
    (site) =>
      html`<option value="${site.siteId}"${site.siteId === stop.siteId ? html` selected` : ''}>${site.name} (${site.siteId})</option>`,
  );
  const kinds = STOP_KINDS.map(
    (kind) =>
      html`<option value="${kind}"${kind === stop.kind ? html` selected` : ''}>${t(lang, `kind.${kind}`)}</option>`,
  );
  return html`<fieldset class="stop-row"><legend>${t(lang, 'plans.adhoc.stop', { n: index + 1 })}</legend>
<label>${t(lang, 'plans.adhoc.site')}<select name="stopSite"><option value="">—</option>${sites}</select></label>
<label>${t(lang, 'plans.adhoc.kind')}<select name="stopKind">${kinds}</select></label>
<label>${t(lang, 'plans.adhoc.start')}<input type="datetime-local" name="stopStart" value="${stop.start}"></label>
<label>${t(lang, 'plans.adhoc.end')}<input type="datetime-local" name="stopEnd" value="${stop.end}"></label>
<label>${t(lang, 'plans.adhoc.boxes')}<input name="stopBoxes" value="${stop.boxes}" class="mono"></label>
</fieldset>`;
}

/** One run: vehicle, crew and up to ADHOC_STOP_ROWS stops, added to the shown day as its next version. */
export function adHocForm(ctx: PlanFormContext, values: AdHocFormValues): SafeHtml {
  const { lang } = ctx;
  const vehicles = ctx.vehicles.map(
    (vehicle) =>
      html`<option value="${vehicle.vehicleId}"${vehicle.vehicleId === values.vehicleId ? html` selected` : ''}>${vehicle.plate} (${vehicle.vehicleId})</option>`,
  );
  return html`<section class="panel plan-adhoc"><h2>${t(lang, 'plans.adhoc.title')}</h2>
<p class="muted">${t(lang, 'plans.adhoc.hint')}</p>
<form method="post" action="/console/plans/adhoc" class="form adhoc-stops" id="plan-adhoc-form">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="date" value="${ctx.date}">
<label>${t(lang, 'plans.adhoc.runId')}<input name="runId" value="${values.runId}" required maxlength="64"></label>
<label>${t(lang, 'plans.adhoc.vehicle')}<select name="vehicleId" required><option value="">—</option>${vehicles}</select></label>
<label>${t(lang, 'plans.adhoc.crew')}<input name="crew" value="${values.crew}" required></label>
${values.stops.map((stop, index) => stopRow(ctx, stop, index))}
<button type="submit" class="btn btn-primary">${t(lang, 'plans.adhoc.submit')}</button>
</form></section>`;
}
