import { type CsvRecord, parseCsvRecords } from './csv-records.ts';
import { type PlanProblem, type PlanProblemCode, planProblem } from './plan-problems.ts';

/**
 * A day's plan from a spreadsheet: one row per stop, the run's vehicle and crew on its first row (later
 * rows may repeat them or leave them empty), crews and boxes separated by `|`. The rows become a draft
 * that still goes through validation; validation's problems are then pointed back at `line N, column X`
 * with `locate`, so the planner fixes the cell the problem is in.
 */

export const PLAN_CSV_COLUMNS = [
  'run_id',
  'vehicle_id',
  'crew',
  'stop_seq',
  'site_id',
  'kind',
  'window_start',
  'window_end',
  'boxes',
] as const;
type Column = (typeof PLAN_CSV_COLUMNS)[number];

/** The draft as the file says it, not yet validated. */
export interface CsvDraft {
  date: string;
  runs: Array<{
    runId: string;
    vehicleId: string;
    crew: string[];
    stops: Array<{
      siteId: string;
      kind: string;
      windowStart: string;
      windowEnd: string;
      boxes: string[];
    }>;
  }>;
}

export type PlanCsv =
  | { ok: true; draft: CsvDraft; locate: (path: string) => string }
  | { ok: false; problems: PlanProblem[] };

interface RunRows {
  first: CsvRecord;
  draft: CsvDraft['runs'][number];
  stops: Array<{ seq: number; line: number; stop: CsvDraft['runs'][number]['stops'][number] }>;
}

const at = (line: number, column?: string) => (column ? `line ${line}, column ${column}` : `line ${line}`);

/**
 * `date`: the service day; without it, the day of the first row's `window_start` as written
 * (`2026-11-23T09:00:00+08:00` → 2026-11-23).
 */
export function parsePlanCsv(text: string, options: { date?: string } = {}): PlanCsv {
  const parsed = parseCsvRecords(text);
  if (!parsed.ok) {
    const { line, detail } = parsed.error;
    const column = PLAN_CSV_COLUMNS[parsed.error.index] ?? `${parsed.error.index + 1}`;
    return fail(at(line, column), 'csv.syntax', detail);
  }
  const [header, ...rows] = parsed.records;
  if (!header)
    return fail(
      at(1),
      'csv.header',
      `the file is empty; the first line must be ${PLAN_CSV_COLUMNS.join(',')}`,
    );
  const columns = headerColumns(header);
  if (!columns.ok) return { ok: false, problems: columns.problems };
  if (rows.length === 0) return { ok: false, problems: [planProblem(at(header.line), 'csv.empty')] };
  const problems: PlanProblem[] = [];
  const runs = new Map<string, RunRows>();
  for (const row of rows) problems.push(...takeRow(row, columns.index, runs));
  if (problems.length > 0) return { ok: false, problems };
  const ordered = [...runs.values()];
  for (const run of ordered) {
    run.stops.sort((a, b) => a.seq - b.seq);
    run.draft.stops = run.stops.map((s) => s.stop);
  }
  const firstRow = rows[0] as CsvRecord;
  const date = options.date ?? (firstRow.values[columns.index.window_start] ?? '').trim().slice(0, 10);
  return {
    ok: true,
    draft: { date, runs: ordered.map((run) => run.draft) },
    locate: (path) => locate(path, ordered, options.date ? 'date' : at(firstRow.line, 'window_start')),
  };
}

/** Validation problems of a CSV draft, pointed at the line and column they come from. */
export function locateProblems(
  problems: readonly PlanProblem[],
  locate: (path: string) => string,
): PlanProblem[] {
  return problems.map((problem) => ({ ...problem, path: locate(problem.path) }));
}

function fail(path: string, code: PlanProblemCode, detail: string): PlanCsv {
  return { ok: false, problems: [planProblem(path, code, { detail })] };
}

function headerColumns(
  header: CsvRecord,
): { ok: true; index: Record<Column, number> } | { ok: false; problems: PlanProblem[] } {
  const names = header.values.map((name) => name.trim().toLowerCase());
  const problems: PlanProblem[] = [];
  const expected = `the columns are ${PLAN_CSV_COLUMNS.join(',')}`;
  names.forEach((name, i) => {
    if (!(PLAN_CSV_COLUMNS as readonly string[]).includes(name)) {
      problems.push(
        planProblem(at(header.line, name || `${i + 1}`), 'csv.header', {
          detail: `is not a plan column; ${expected}`,
        }),
      );
    } else if (names.indexOf(name) !== i) {
      problems.push(planProblem(at(header.line, name), 'csv.header', { detail: 'appears twice; keep one' }));
    }
  });
  for (const column of PLAN_CSV_COLUMNS) {
    if (!names.includes(column)) {
      problems.push(
        planProblem(at(header.line, column), 'csv.header', { detail: `is missing; ${expected}` }),
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const index = Object.fromEntries(PLAN_CSV_COLUMNS.map((column) => [column, names.indexOf(column)]));
  return { ok: true, index: index as Record<Column, number> };
}

/** Adds one row (one stop) to its run; returns what is wrong with it. */
function takeRow(row: CsvRecord, index: Record<Column, number>, runs: Map<string, RunRows>): PlanProblem[] {
  if (row.values.length !== PLAN_CSV_COLUMNS.length) {
    const detail = `has ${row.values.length} values, the header has ${PLAN_CSV_COLUMNS.length}; check for a missing or extra comma (quote values that contain one)`;
    return [planProblem(at(row.line), 'csv.value', { detail })];
  }
  const cell = (column: Column) => (row.values[index[column]] ?? '').trim();
  const problems: PlanProblem[] = [];
  const wrong = (column: Column, detail: string) =>
    problems.push(planProblem(at(row.line, column), 'csv.value', { detail }));
  const runId = cell('run_id');
  if (!runId) {
    wrong('run_id', 'is empty; every row names the run its stop belongs to');
    return problems;
  }
  let run = runs.get(runId);
  if (!run) {
    run = { first: row, draft: { runId, vehicleId: cell('vehicle_id'), crew: [], stops: [] }, stops: [] };
    runs.set(runId, run);
    if (!run.draft.vehicleId)
      wrong('vehicle_id', `is empty; the first row of run ${runId} names its vehicle`);
    const crew = listOf(cell('crew'));
    if (crew === undefined) wrong('crew', 'has an empty name between | separators');
    else if (crew.length === 0)
      wrong('crew', `is empty; the first row of run ${runId} names its escorts, separated by |`);
    else run.draft.crew = crew;
  } else {
    const vehicle = cell('vehicle_id');
    if (vehicle && vehicle !== run.draft.vehicleId) {
      wrong(
        'vehicle_id',
        `says ${vehicle}, but run ${runId} has vehicle ${run.draft.vehicleId} on line ${run.first.line}; a run has one vehicle (leave it empty after the first row)`,
      );
    }
    const crew = cell('crew');
    if (crew && listOf(crew)?.join('|') !== run.draft.crew.join('|')) {
      wrong(
        'crew',
        `differs from the crew of run ${runId} on line ${run.first.line}; a run has one crew (leave it empty after the first row)`,
      );
    }
  }
  const seqText = cell('stop_seq');
  const seq = /^\d{1,4}$/.test(seqText) ? Number(seqText) : 0;
  if (seq < 1) wrong('stop_seq', `is "${seqText}"; it must be the stop's position in its run: 1, 2, 3 …`);
  const clash = run.stops.find((s) => s.seq === seq);
  if (seq >= 1 && clash) wrong('stop_seq', `run ${runId} already has stop ${seq} on line ${clash.line}`);
  const boxes = listOf(cell('boxes'));
  if (boxes === undefined) wrong('boxes', 'has an empty box between | separators');
  run.stops.push({
    seq,
    line: row.line,
    stop: {
      siteId: cell('site_id'),
      kind: cell('kind').toLowerCase(),
      windowStart: cell('window_start'),
      windowEnd: cell('window_end'),
      boxes: (boxes ?? []).map((epc) => epc.toUpperCase()),
    },
  });
  return problems;
}

/** `a|b|c` → [a, b, c]; empty → []; undefined when an entry is empty (`a||b`). */
function listOf(text: string): string[] | undefined {
  if (text === '') return [];
  const items = text.split('|').map((item) => item.trim());
  return items.includes('') ? undefined : items;
}

const STOP_COLUMNS: Record<string, Column> = {
  siteId: 'site_id',
  kind: 'kind',
  windowStart: 'window_start',
  windowEnd: 'window_end',
  boxes: 'boxes',
};
const RUN_COLUMNS: Record<string, Column> = {
  runId: 'run_id',
  vehicleId: 'vehicle_id',
  crew: 'crew',
  stops: 'stop_seq',
};

/** A draft path (`/runs/0/stops/1/boxes/0`) → the CSV cell it came from (`line 5, column boxes`). */
function locate(path: string, runs: readonly RunRows[], datePlace: string): string {
  if (path === '/date') return datePlace;
  const match = /^\/runs\/(\d+)(?:\/(\w+)(?:\/(\d+)(?:\/(\w+))?)?)?/.exec(path);
  const run = match ? runs[Number(match[1])] : undefined;
  if (!match || !run) return path;
  const [, , field, item, stopField] = match;
  if (field === 'stops' && item !== undefined) {
    const stop = run.stops[Number(item)];
    if (!stop) return at(run.first.line, 'stop_seq');
    return at(stop.line, (stopField && STOP_COLUMNS[stopField]) || 'stop_seq');
  }
  return at(run.first.line, (field && RUN_COLUMNS[field]) || 'run_id');
}
