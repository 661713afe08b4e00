import type { DayExpectation } from './demo-day.ts';

/**
 * The end-of-day check: what had to reach the centre against what did (pure). The observed figures come
 * from the centre's API (`day-observation.ts`).
 */

/** A gateway's chain as the centre holds it, checked link by link against the gateway's registered key. */
export interface ChainSeen {
  gatewayId: string;
  ok: boolean;
  /** `seq 1…n verified, head = the gateway's own head` or the first problem. */
  detail: string;
}

export interface DaySeen {
  records: Record<string, number>;
  alarms: Record<string, number>;
  /** Alarms of each kind whose condition went away (cleared). */
  cleared: Record<string, number>;
  chains: ChainSeen[];
}

export interface SummaryRow {
  what: string;
  expected: string;
  centre: string;
  ok: boolean;
}

export function compareDay(expected: DayExpectation, seen: DaySeen): SummaryRow[] {
  const count = (what: string, want: number, got: number) => ({
    what,
    expected: String(want),
    centre: String(got),
    ok: want === got,
  });
  const rows: SummaryRow[] = [];
  for (const [siteId, want] of Object.entries(expected.records)) {
    rows.push(count(`hand-over records at ${siteId}`, want, seen.records[siteId] ?? 0));
  }
  for (const [kind, want] of Object.entries(expected.alarms)) {
    rows.push(count(`alarm ${kind}`, want ?? 0, seen.alarms[kind] ?? 0));
  }
  for (const [kind, want] of Object.entries(expected.cleared)) {
    rows.push(count(`alarm ${kind} cleared`, want ?? 0, seen.cleared[kind] ?? 0));
  }
  for (const [kind, got] of Object.entries(seen.alarms)) {
    if (!(kind in expected.alarms)) rows.push(count(`alarm ${kind} (not in the day)`, 0, got));
  }
  for (const chain of seen.chains) {
    rows.push({
      what: `chain of ${chain.gatewayId}`,
      expected: 'verified',
      centre: chain.detail,
      ok: chain.ok,
    });
  }
  return rows;
}

/** The summary table, one line per row, and what is wrong when something is. */
export function formatSummary(rows: SummaryRow[]): string[] {
  const width = (pick: (row: SummaryRow) => string, title: string) =>
    Math.max(title.length, ...rows.map((row) => pick(row).length));
  const [w1, w2] = [width((r) => r.what, 'what'), width((r) => r.expected, 'expected')];
  const line = (what: string, want: string, got: string, mark: string) =>
    `  ${what.padEnd(w1)}  ${want.padEnd(w2)}  ${mark}  ${got}`;
  const lines = [line('what', 'expected', 'at the centre', '  ')];
  for (const row of rows) lines.push(line(row.what, row.expected, row.centre, row.ok ? 'ok' : '!!'));
  const wrong = rows.filter((row) => !row.ok);
  lines.push('');
  lines.push(
    wrong.length === 0
      ? 'Every expected record and alarm reached the centre, and every chain verified.'
      : `Not as expected: ${wrong.map((row) => `${row.what} (expected ${row.expected}, centre ${row.centre})`).join('; ')}`,
  );
  return lines;
}
