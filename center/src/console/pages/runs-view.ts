import type { RunView, StopView } from '../../runs/run-views.ts';
import { formatDateTime, formatTimeOfDay } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { type Lang, t } from '../i18n/catalogue.ts';

export interface RunCardContext {
  lang: Lang;
  timeZone: string | undefined;
  siteName: (siteId: string | undefined) => string;
  personName: (personId: string) => string;
  plate: (vehicleId: string) => string | undefined;
  deviating: (vehicleId: string) => boolean;
}

function stopRow(stop: StopView, ctx: RunCardContext): SafeHtml {
  const { lang, timeZone } = ctx;
  const window = `${formatTimeOfDay(Date.parse(stop.windowStart), timeZone)}–${formatTimeOfDay(Date.parse(stop.windowEnd), timeZone)}`;
  const when = [stop.arrivedAt, stop.completedAt]
    .map((at) => (at ? formatTimeOfDay(Date.parse(at), timeZone) : '—'))
    .join(' / ');
  const late =
    stop.late && stop.state !== 'late'
      ? html` <span class="stop-state stop-late">${t(lang, 'runs.state.late')}</span>`
      : '';
  return html`<tr class="stop st-${stop.state}" data-seq="${stop.seq}">
<td class="num">${stop.seq}</td>
<td>${ctx.siteName(stop.siteId)}</td>
<td>${t(lang, `kind.${stop.kind}`)}</td>
<td>${window}</td>
<td><span class="stop-state stop-${stop.state}">${t(lang, `runs.state.${stop.state}`)}</span>${late}</td>
<td>${when}</td>
</tr>`;
}

/** One run: vehicle, crew, progress, last position, and every stop with its state. */
export function runCard(run: RunView, ctx: RunCardContext): SafeHtml {
  const { lang, timeZone } = ctx;
  const plate = ctx.plate(run.vehicleId);
  const vehicle = plate ? `${run.vehicleId} · ${plate}` : run.vehicleId;
  const deviating = ctx.deviating(run.vehicleId);
  const position = run.vehiclePosition
    ? t(lang, 'runs.position', {
        time: formatDateTime(Date.parse(run.vehiclePosition.ts), timeZone).slice(11),
        speed: Math.round(run.vehiclePosition.speedKmh),
      })
    : t(lang, 'runs.noPosition');
  return html`<article class="run-card run-${run.state}${deviating ? ' deviating' : ''}" id="run-${run.runId}" data-run="${run.runId}" data-vehicle="${run.vehicleId}">
<header class="run-head">
  <h2>${t(lang, 'runs.run', { runId: run.runId })}</h2>
  <span class="run-state">${t(lang, `runs.run.${run.state}`)}</span>
  <span class="run-progress">${t(lang, 'runs.progress', { done: run.completedStops, total: run.stops.length })}</span>
</header>
<p class="run-vehicle"><strong>${t(lang, 'runs.vehicle', { vehicleId: vehicle })}</strong>
<span class="vehicle-position" data-vehicle-position="${run.vehicleId}">${position}</span>
<span class="deviation-flag"${deviating ? '' : html` hidden`}>${t(lang, 'runs.deviating')}</span></p>
<p class="run-crew">${t(lang, 'runs.crew', { crew: run.crew.map(ctx.personName).join('、') })}</p>
<table class="grid stops-table">
<thead><tr><th>${t(lang, 'runs.col.seq')}</th><th>${t(lang, 'runs.col.site')}</th><th>${t(lang, 'runs.col.kind')}</th><th>${t(lang, 'runs.col.window')}</th><th>${t(lang, 'runs.col.state')}</th><th>${t(lang, 'runs.col.at')}</th></tr></thead>
<tbody>${run.stops.map((stop) => stopRow(stop, ctx))}</tbody>
</table>
</article>`;
}
