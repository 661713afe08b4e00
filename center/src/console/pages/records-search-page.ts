import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordsCsv } from '../../records/record-csv.ts';
import { parseRecordQuery, recordQueryString } from '../../records/record-query.ts';
import { searchRecords } from '../../records/record-search.ts';
import {
  type ConsoleDeps,
  type ConsolePage,
  can,
  html,
  renderPage,
  requirePermission,
  t,
} from '../console-context.ts';
import { siteNamer } from './names.ts';
import { personNamer } from './records-names.ts';
import {
  pageStyles,
  queryProblems,
  type RecordsViewContext,
  resultsTable,
  searchForm,
} from './records-views.ts';

/** Rows shown on the page; the CSV export carries up to EXPORT_LIMIT. */
const PAGE_LIMIT = 200;
const EXPORT_LIMIT = 50_000;

type SearchRoute = { Querystring: Record<string, string | string[]> };

function viewContext(request: FastifyRequest, deps: ConsoleDeps): RecordsViewContext {
  return {
    lang: request.lang,
    timeZone: deps.timeZone,
    siteName: siteNamer(deps),
    personName: personNamer(deps),
  };
}

/**
 * `GET /console/records`: the search over the stored hand-over records with its results, and
 * `GET /console/records/export.csv`: the same search as a CSV file (audited).
 */
export const recordsSearchPage: ConsolePage = (app: FastifyInstance, deps: ConsoleDeps) => {
  app.get<SearchRoute>(
    '/records',
    { preHandler: requirePermission('records.view') },
    async (request, reply) => {
      const lang = request.lang;
      const ctx = viewContext(request, deps);
      const { query, filter, problems } = parseRecordQuery(request.query, deps.timeZone);
      const result =
        problems.length === 0 ? searchRecords(deps.store.events, filter, { limit: PAGE_LIMIT }) : undefined;
      const user = request.consoleUser;
      const exportLink =
        result && result.records.length > 0 && user && can(user.role, 'records.export')
          ? html`<a class="btn" id="records-csv" href="/console/records/export.csv?${recordQueryString(query)}" download>${t(lang, 'records.export.csv')}</a>`
          : '';
      const summary = result
        ? html`<div class="toolbar"><span class="result-count">${t(lang, 'records.search.count', { n: result.records.length })}</span>${exportLink}</div>
${result.truncated ? html`<p class="notice notice-info">${t(lang, 'records.search.truncated', { n: result.records.length })}</p>` : ''}`
        : '';
      const body = html`${pageStyles}<section class="panel">${searchForm(ctx, query, deps.store.sites.list())}</section>
${queryProblems(lang, problems)}
${summary}
${result ? resultsTable(ctx, result.records) : ''}`;
      return reply
        .code(problems.length === 0 ? 200 : 400)
        .type('text/html; charset=utf-8')
        .send(renderPage(request, { title: t(lang, 'records.title'), nav: 'records', body }));
    },
  );

  app.get<SearchRoute>(
    '/records/export.csv',
    { preHandler: requirePermission('records.export') },
    async (request, reply) => {
      const lang = request.lang;
      const user = request.consoleUser!;
      const { query, filter, problems } = parseRecordQuery(request.query, deps.timeZone);
      if (problems.length > 0) {
        const ctx = viewContext(request, deps);
        const body = html`${pageStyles}<section class="panel">${searchForm(ctx, query, deps.store.sites.list())}</section>${queryProblems(lang, problems)}`;
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(renderPage(request, { title: t(lang, 'records.title'), nav: 'records', body }));
      }
      const { records, truncated } = searchRecords(deps.store.events, filter, { limit: EXPORT_LIMIT });
      const csv = recordsCsv(records, {
        headers: (column) => t(lang, `records.csv.${column}`),
        person: personNamer(deps),
      });
      deps.audit(user.username, 'record.export.csv', 'records', {
        query: recordQueryString(query),
        count: records.length,
        truncated,
      });
      const stamp = new Date(deps.clock.now()).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      return reply
        .header('Content-Disposition', `attachment; filename="handover-records-${stamp}.csv"`)
        .header('Cache-Control', 'no-store')
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );
};
