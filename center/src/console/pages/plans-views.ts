import type { Run } from '@vaultline/shared/plan/plan-schema';
import type { StoredPlan } from '../../plans/day-plan-builder.ts';
import type { PlanVersionSummary } from '../../plans/plan-book.ts';
import type { GatewayPublicationView } from '../../plans/plan-publishing.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';
import { formatDateTime } from '../format.ts';

export interface PlansViewContext {
  lang: Lang;
  timeZone: string | undefined;
  siteName: (siteId: string | undefined) => string;
  personName: (personId: string) => string;
  actorName: (actor: string | undefined) => string;
}

/** Pick the service day (a GET form). */
export function dateForm(lang: Lang, date: string): SafeHtml {
  return html`<form method="get" action="/console/plans" class="filters">
<label>${t(lang, 'plans.date')}<input type="date" name="date" value="${date}" required></label>
<button type="submit" class="btn">${t(lang, 'plans.show')}</button></form>`;
}

function changeText(ctx: PlansViewContext, summary: PlanVersionSummary): string {
  const { change } = summary;
  if (!change) return t(ctx.lang, 'plans.change.unknown');
  if (change.kind === 'submit') return t(ctx.lang, 'plans.change.submit');
  return t(ctx.lang, 'plans.change.ad-hoc', { runId: change.runId, sites: change.sites.join(', ') });
}

/** Every version of the day with who stored it, when, and what changed. */
export function versionsTable(
  ctx: PlansViewContext,
  date: string,
  versions: readonly PlanVersionSummary[],
): SafeHtml {
  const { lang } = ctx;
  if (versions.length === 0) return html`<p class="empty">${t(lang, 'plans.none', { date })}</p>`;
  const rows = [...versions].reverse().map(
    (summary) => html`<tr data-version="${summary.version}">
<td class="num"><strong>${summary.version}</strong></td>
<td>${formatDateTime(summary.savedAt, ctx.timeZone)}</td>
<td>${ctx.actorName(summary.change?.by)}</td>
<td>${changeText(ctx, summary)}</td>
<td class="num">${summary.runs}</td></tr>`,
  );
  return html`<section class="panel"><h2>${t(lang, 'plans.versions', { date })}</h2>
<table class="grid versions-table" id="plan-versions"><thead><tr><th>${t(lang, 'plans.col.version')}</th><th>${t(lang, 'plans.col.savedAt')}</th><th>${t(lang, 'plans.col.by')}</th><th>${t(lang, 'plans.col.change')}</th><th>${t(lang, 'plans.col.runs')}</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function runBlock(ctx: PlansViewContext, run: Run): SafeHtml {
  const { lang, timeZone } = ctx;
  const time = (iso: string) => formatDateTime(Date.parse(iso), timeZone).slice(11, 16);
  const stops = run.stops.map(
    (
      stop,
    ) => html`<tr><td class="num">${stop.seq}</td><td>${ctx.siteName(stop.siteId)}</td><td>${t(lang, `kind.${stop.kind}`)}</td>
<td class="nowrap">${time(stop.windowStart)}–${time(stop.windowEnd)}</td><td class="mono">${stop.boxes.length} · ${stop.boxes.join(' ')}</td></tr>`,
  );
  return html`<div class="plan-run" data-run-id="${run.runId}"><h3>${t(lang, 'plans.run', { runId: run.runId, vehicleId: run.vehicleId })}</h3>
<p>${t(lang, 'plans.crew', { crew: run.crew.map(ctx.personName).join('、') })}</p>
<table class="grid"><thead><tr><th>${t(lang, 'plans.col.seq')}</th><th>${t(lang, 'plans.col.site')}</th><th>${t(lang, 'plans.col.kind')}</th><th>${t(lang, 'plans.col.window')}</th><th>${t(lang, 'plans.col.boxes')}</th></tr></thead>
<tbody>${stops}</tbody></table></div>`;
}

export function currentPlan(ctx: PlansViewContext, plan: StoredPlan | undefined): SafeHtml {
  if (!plan) return html``;
  return html`<section class="panel" id="current-plan" data-version="${plan.version}"><h2>${t(ctx.lang, 'plans.current', { version: plan.version })}</h2>
${plan.runs.map((run) => runBlock(ctx, run))}</section>`;
}

/** Per gateway: what it was sent of the day, whether that is all it needs, and if not why. */
export function publicationsTable(ctx: PlansViewContext, views: readonly GatewayPublicationView[]): SafeHtml {
  const { lang } = ctx;
  const body =
    views.length === 0
      ? html`<p class="empty">${t(lang, 'plans.pub.noGateways')}</p>`
      : html`<table class="grid" id="plan-publications"><thead><tr><th>${t(lang, 'plans.col.gateway')}</th><th>${t(lang, 'plans.col.site')}</th><th>${t(lang, 'plans.col.published')}</th><th>${t(lang, 'plans.col.state')}</th></tr></thead>
<tbody>${views.map(
          (view) => html`<tr data-gateway-id="${view.gatewayId}">
<td class="mono">${view.gatewayId}</td><td>${ctx.siteName(view.siteId)}</td>
<td>${view.published ? t(lang, 'plans.pub.version', { version: view.published.version, time: formatDateTime(view.published.publishedAt, ctx.timeZone) }) : t(lang, 'plans.pub.none')}</td>
<td>${
            view.problem
              ? html`<span class="pub-failed" title="${view.problem.reason}">${t(lang, `plans.pubProblem.${view.problem.code}`)}</span>`
              : view.upToDate
                ? html`<span class="pub-ok">${t(lang, 'plans.pub.upToDate')}</span>`
                : html`<span class="pub-stale">${t(lang, 'plans.pub.stale')}</span>`
          }</td></tr>`,
        )}</tbody></table>`;
  return html`<section class="panel"><h2>${t(lang, 'plans.publications')}</h2>${body}</section>`;
}
