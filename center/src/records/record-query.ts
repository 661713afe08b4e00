import { check, isFullDate } from '@vaultline/shared/contract/validate';
import { Epc } from '@vaultline/shared/plan/plan-schema';
import type { RecordFilter } from './record-filter.ts';
import { nextDay, zonedDayStart } from './zoned-day.ts';

/** The search form's fields as typed (trimmed), so the page can show them again. */
export interface RecordQuery {
  site: string;
  run: string;
  vehicle: string;
  epc: string;
  person: string;
  /** `YYYY-MM-DD`, the first day searched. */
  from: string;
  /** `YYYY-MM-DD`, the last day searched (inclusive). */
  to: string;
}

export const RECORD_QUERY_FIELDS = ['site', 'run', 'vehicle', 'epc', 'person', 'from', 'to'] as const;

/** A field the form cannot search by, with a stable code the page translates. */
export interface RecordQueryProblem {
  field: keyof RecordQuery;
  code: 'date' | 'range' | 'epc';
}

export interface ParsedRecordQuery {
  query: RecordQuery;
  filter: RecordFilter;
  problems: RecordQueryProblem[];
}

/** Longest value kept from a field: ids and EPCs are far shorter; anything longer is not one. */
const MAX_FIELD = 200;

/**
 * Reads the search form (query string values) into a filter. Days are calendar days in `timeZone`;
 * an EPC is compared in uppercase hex. A field that cannot be searched by is reported, never ignored
 * silently: the page shows the problem and searches nothing.
 */
export function parseRecordQuery(raw: Record<string, unknown>, timeZone?: string): ParsedRecordQuery {
  const text = (name: keyof RecordQuery) => {
    const value = raw[name];
    return typeof value === 'string' ? value.trim().slice(0, MAX_FIELD) : '';
  };
  const query: RecordQuery = {
    site: text('site'),
    run: text('run'),
    vehicle: text('vehicle'),
    epc: text('epc').toUpperCase(),
    person: text('person'),
    from: text('from'),
    to: text('to'),
  };
  const problems: RecordQueryProblem[] = [];
  const filter: RecordFilter = {};
  if (query.site) filter.siteId = query.site;
  if (query.run) filter.runId = query.run;
  if (query.vehicle) filter.vehicleId = query.vehicle;
  if (query.person) filter.personId = query.person;
  if (query.epc) {
    if (check(Epc, query.epc).ok) filter.epc = query.epc;
    else problems.push({ field: 'epc', code: 'epc' });
  }
  for (const field of ['from', 'to'] as const) {
    if (query[field] && !isFullDate(query[field])) problems.push({ field, code: 'date' });
  }
  if (!problems.some((problem) => problem.code === 'date')) {
    if (query.from) filter.fromMs = zonedDayStart(query.from, timeZone);
    if (query.to) filter.toMs = zonedDayStart(nextDay(query.to), timeZone);
    if (query.from && query.to && query.from > query.to) problems.push({ field: 'to', code: 'range' });
  }
  return { query, filter, problems };
}

/** The query string that repeats a search (for the CSV link), with only the fields that are set. */
export function recordQueryString(query: RecordQuery): string {
  const params = new URLSearchParams();
  for (const field of RECORD_QUERY_FIELDS) if (query[field]) params.set(field, query[field]);
  return params.toString();
}
