import { isFullDate } from '@vaultline/shared/contract/validate';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlanProblem } from '../../plans/plan-problems.ts';
import type { PlanOutcome, PlanService } from '../../plans/plan-service.ts';
import { zonedInstant } from '../../records/zoned-day.ts';
import {
  type ConsoleDeps,
  type ConsolePage,
  can,
  formField,
  html,
  type Lang,
  renderPage,
  requirePermission,
  type SafeHtml,
  t,
} from '../console-context.ts';
import { formFields } from '../request-helpers.ts';
import { actorNamer, siteNamer } from './names.ts';
import {
  type AdHocFormValues,
  adHocForm,
  EMPTY_IMPORT,
  emptyAdHoc,
  type ImportFormValues,
  importForm,
  type PlanFormContext,
} from './plans-forms-view.ts';
import { problemsNotice } from './plans-problems-view.ts';
import { currentPlan, dateForm, publicationsTable, versionsTable } from './plans-views.ts';
import { personNamer } from './records-names.ts';
import { pageStyles } from './records-views.ts';

/** What the plan pages use of the centre's plan service. */
export type PlansConsoleService = Pick<
  PlanService,
  'submit' | 'submitCsv' | 'addAdHocRun' | 'current' | 'versions' | 'publications' | 'today'
>;

function plansOf(deps: ConsoleDeps): PlansConsoleService | undefined {
  const service = deps.plans as Partial<PlansConsoleService> | undefined;
  return typeof service?.submit === 'function' ? (service as PlansConsoleService) : undefined;
}

interface PageState {
  date: string;
  message?: SafeHtml;
  importValues?: ImportFormValues;
  adHocValues?: AdHocFormValues;
}

function notice(tone: 'ok' | 'error' | 'info', text: string): SafeHtml {
  return html`<div class="notice notice-${tone}" role="${tone === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

function plansPageHtml(
  request: FastifyRequest,
  deps: ConsoleDeps,
  service: PlansConsoleService,
  state: PageState,
): string {
  const lang = request.lang;
  const user = request.consoleUser!;
  const { date } = state;
  const ctx = {
    lang,
    timeZone: deps.timeZone,
    siteName: siteNamer(deps),
    personName: personNamer(deps),
    actorName: actorNamer(deps),
  };
  const canEdit = can(user.role, 'plans.edit');
  const forms: PlanFormContext = {
    lang,
    csrfToken: request.csrfToken ?? '',
    date,
    sites: deps.store.sites.list(),
    vehicles: deps.store.vehicles.list(),
  };
  const body = html`${pageStyles}${dateForm(lang, date)}
${state.message ?? ''}
${canEdit ? '' : html`<p class="muted">${t(lang, 'plans.readOnly')}</p>`}
<div class="columns">
<div class="stack">${versionsTable(ctx, date, service.versions(date))}${publicationsTable(ctx, service.publications(date))}</div>
${canEdit ? html`<div class="stack">${importForm(forms, state.importValues ?? EMPTY_IMPORT)}${adHocForm(forms, state.adHocValues ?? emptyAdHoc())}</div>` : ''}
</div>
${currentPlan(ctx, service.current(date))}`;
  return renderPage(request, {
    title: t(lang, 'plans.title'),
    nav: 'plans',
    body,
    scripts: ['people-files.js'],
  });
}

function send(reply: FastifyReply, code: number, page: string): FastifyReply {
  return reply.code(code).type('text/html; charset=utf-8').send(page);
}

/** Where a stored version is shown, with how many gateways took it (the page says so). */
function storedLocation(outcome: Extract<PlanOutcome, { ok: true }>): string {
  const sent = outcome.publications.filter((p) => p.ok).length;
  const query = new URLSearchParams({
    date: outcome.date,
    stored: String(outcome.version),
    runs: String(outcome.runs),
    sent: String(sent),
    total: String(outcome.publications.length),
  });
  return `/console/plans?${query}`;
}

/** The notice after a version was stored (query of `storedLocation`). */
function storedNotice(
  lang: Lang,
  query: Record<string, string | undefined>,
  today: string,
): SafeHtml | undefined {
  const { date, stored, runs, sent, total } = query;
  if (!date || !stored) return undefined;
  const lines = [t(lang, 'plans.stored', { date, version: stored, runs: runs ?? '?' })];
  if (Number(total) > 0) lines.push(t(lang, 'plans.published', { ok: sent ?? '0', total: total ?? '0' }));
  else if (date > today) lines.push(t(lang, 'plans.notPublishedYet'));
  return html`<div class="notice notice-ok" role="status" id="plan-stored" data-version="${stored}">${lines.join(' ')}</div>`;
}

/** The run the ad-hoc form describes, or the rows whose window is not a date and time. */
function adHocRun(
  values: AdHocFormValues,
  timeZone: string | undefined,
): { run: unknown } | { badRows: number[] } {
  const badRows: number[] = [];
  const stops = values.stops.flatMap((stop, index) => {
    if (!stop.siteId) return [];
    const start = zonedInstant(stop.start, timeZone);
    const end = zonedInstant(stop.end, timeZone);
    if (Number.isNaN(start) || Number.isNaN(end)) {
      badRows.push(index + 1);
      return [];
    }
    return [
      {
        siteId: stop.siteId,
        kind: stop.kind,
        windowStart: new Date(start).toISOString(),
        windowEnd: new Date(end).toISOString(),
        boxes: splitList(stop.boxes).map((epc) => epc.toUpperCase()),
      },
    ];
  });
  if (badRows.length > 0) return { badRows };
  return { run: { runId: values.runId, vehicleId: values.vehicleId, crew: splitList(values.crew), stops } };
}

/** Ids or EPCs separated by spaces, commas, `|` or `、`. */
function splitList(text: string): string[] {
  return text.split(/[\s,|、，]+/).filter(Boolean);
}

function adHocValues(body: unknown): AdHocFormValues {
  const sites = formFields(body, 'stopSite');
  const kinds = formFields(body, 'stopKind');
  const starts = formFields(body, 'stopStart');
  const ends = formFields(body, 'stopEnd');
  const boxes = formFields(body, 'stopBoxes');
  const empty = emptyAdHoc();
  return {
    runId: formField(body, 'runId').trim(),
    vehicleId: formField(body, 'vehicleId').trim(),
    crew: formField(body, 'crew').trim(),
    stops: empty.stops.map((blank, i) => ({
      siteId: sites[i]?.trim() ?? blank.siteId,
      kind: kinds[i] ?? blank.kind,
      start: starts[i] ?? '',
      end: ends[i] ?? '',
      boxes: boxes[i]?.trim() ?? '',
    })),
  };
}

/**
 * `/console/plans`: a day's versions (who, when, what), its publication per gateway and its current
 * runs; for dispatchers and admins the plan import (JSON or CSV) and the ad-hoc task form. A refused
 * plan changes nothing and comes back with every problem, where it is and what to do, translated.
 */
export const plansPage: ConsolePage = (app: FastifyInstance, deps: ConsoleDeps) => {
  const unavailable = (request: FastifyRequest, reply: FastifyReply) =>
    send(
      reply,
      503,
      renderPage(request, {
        title: t(request.lang, 'plans.title'),
        nav: 'plans',
        body: notice('error', t(request.lang, 'plans.unavailable')),
      }),
    );
  const refused = (
    request: FastifyRequest,
    reply: FastifyReply,
    service: PlansConsoleService,
    state: PageState,
  ) => send(reply, 400, plansPageHtml(request, deps, service, state));

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/plans',
    { preHandler: requirePermission('plans.view') },
    async (request, reply) => {
      const service = plansOf(deps);
      if (!service) return unavailable(request, reply);
      const today = service.today();
      const date = request.query.date && isFullDate(request.query.date) ? request.query.date : today;
      const message = storedNotice(request.lang, request.query, today);
      return send(
        reply,
        200,
        plansPageHtml(request, deps, service, { date, ...(message ? { message } : {}) }),
      );
    },
  );

  app.post('/plans/import', { preHandler: requirePermission('plans.edit') }, async (request, reply) => {
    const service = plansOf(deps);
    if (!service) return unavailable(request, reply);
    const lang = request.lang;
    const actor = request.consoleUser!.username;
    const values: ImportFormValues = {
      format: formField(request.body, 'format') === 'csv' ? 'csv' : 'json',
      text: formField(request.body, 'text'),
      csvDate: formField(request.body, 'csvDate').trim(),
    };
    const date = isFullDate(values.csvDate) ? values.csvDate : service.today();
    const state = (message: SafeHtml, shown = date): PageState => ({
      date: shown,
      message,
      importValues: values,
    });
    if (!values.text.trim())
      return refused(request, reply, service, state(notice('error', t(lang, 'plans.import.empty'))));
    let outcome: PlanOutcome;
    if (values.format === 'csv') {
      outcome = await service.submitCsv(
        values.text,
        actor,
        isFullDate(values.csvDate) ? { date: values.csvDate } : {},
      );
    } else {
      let draft: unknown;
      try {
        draft = JSON.parse(values.text);
      } catch (error) {
        const detail = (error as Error).message;
        return refused(
          request,
          reply,
          service,
          state(notice('error', t(lang, 'plans.import.badJson', { detail }))),
        );
      }
      outcome = await service.submit(draft, actor);
    }
    if (outcome.ok) return reply.redirect(storedLocation(outcome), 303);
    const draftDate = values.format === 'json' ? jsonDate(values.text) : undefined;
    return refused(request, reply, service, state(problemsNotice(lang, outcome.problems), draftDate ?? date));
  });

  app.post('/plans/adhoc', { preHandler: requirePermission('plans.edit') }, async (request, reply) => {
    const service = plansOf(deps);
    if (!service) return unavailable(request, reply);
    const lang = request.lang;
    const dateField = formField(request.body, 'date');
    const date = isFullDate(dateField) ? dateField : service.today();
    const values = adHocValues(request.body);
    const built = adHocRun(values, deps.timeZone);
    if ('badRows' in built) {
      const text = built.badRows.map((n) => t(lang, 'plans.adhoc.badTime', { n })).join(' ');
      return refused(request, reply, service, { date, message: notice('error', text), adHocValues: values });
    }
    const outcome = await service.addAdHocRun(date, built.run, request.consoleUser!.username);
    if (outcome.ok) return reply.redirect(storedLocation(outcome), 303);
    const problems: PlanProblem[] = outcome.problems;
    return refused(request, reply, service, {
      date,
      message: problemsNotice(lang, problems),
      adHocValues: values,
    });
  });
};

/** The `date` a JSON draft names, to show that day's versions beside its problems. */
function jsonDate(text: string): string | undefined {
  try {
    const date = (JSON.parse(text) as { date?: unknown }).date;
    return typeof date === 'string' && isFullDate(date) ? date : undefined;
  } catch {
    return undefined;
  }
}
