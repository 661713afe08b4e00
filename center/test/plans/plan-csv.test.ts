import { afterAll, describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../src/plans/csv-records.ts';
import { PlanBook } from '../../src/plans/plan-book.ts';
import { parsePlanCsv } from '../../src/plans/plan-csv.ts';
import { describeProblems } from '../../src/plans/plan-problems.ts';
import { at, BOX, dayDraft, openPlanStore, runR1, TODAY } from './plan-fixture.ts';

const HEADER = 'run_id,vehicle_id,crew,stop_seq,site_id,kind,window_start,window_end,boxes';

/** Run R1 of the fixture as a spreadsheet writes it: CRLF, BOM, quotes where Excel puts them. */
const R1_CSV = [
  `\uFEFF${HEADER}`,
  `R1,V1,"E1|E2",1,VAULT-1,dispatch,${at('08:00')},${at('08:30')},"${BOX.b1}|${BOX.b2}|${BOX.b3}"`,
  // Out of order, vehicle and crew left empty after the first row, a lowercase EPC and kind.
  `R1,,,3,BR-002,Deliver,${at('10:00')},${at('10:30')},${BOX.b3.toLowerCase()}`,
  `R1,V1,E1|E2,2,BR-001,deliver,${at('09:00')},${at('09:30')}, ${BOX.b1} | ${BOX.b2} `,
  `R1,,,4,VAULT-1,return,${at('11:00')},${at('11:30')},`,
  '',
].join('\r\n');

const problemLines = (text: string, options: { date?: string } = {}) => {
  const parsed = parsePlanCsv(text, options);
  return parsed.ok ? [] : describeProblems(parsed.problems);
};

describe('RFC 4180 records', () => {
  it('reads quoted commas, doubled quotes and line breaks, and keeps the line each record starts on', () => {
    const parsed = parseCsvRecords('a,"b, c","say ""hi"""\n\n"multi\nline",x\r\n"",\n');
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, values: ['a', 'b, c', 'say "hi"'] },
        { line: 3, values: ['multi\nline', 'x'] },
        { line: 5, values: ['', ''] },
      ],
    });
  });

  it('says where quoting is broken', () => {
    expect(parseCsvRecords('a,b\nc,"open\nstill open')).toEqual({
      ok: false,
      error: { line: 2, index: 1, detail: 'a quoted value is not closed; add the closing quote' },
    });
    expect(parseCsvRecords('a,b"c')).toMatchObject({ ok: false, error: { line: 1, index: 1 } });
    expect(parseCsvRecords('"a"b,c')).toMatchObject({
      ok: false,
      error: {
        line: 1,
        index: 0,
        detail: 'text after a closing quote; put the whole value inside the quotes',
      },
    });
  });
});

describe('a plan from CSV', () => {
  it('becomes the draft: one row per stop, stops ordered by stop_seq, the day from the first window', () => {
    const parsed = parsePlanCsv(R1_CSV);
    expect(parsed.ok && parsed.draft).toEqual(dayDraft(TODAY, [runR1()]));
  });

  it('takes the day from --date when given', () => {
    const parsed = parsePlanCsv(R1_CSV, { date: '2026-11-24' });
    expect(parsed.ok && parsed.draft.date).toBe('2026-11-24');
  });

  it('reports syntax and header problems as line and column', () => {
    expect(problemLines(`${HEADER}\nR1,V1,"E1|E2,1`)).toEqual([
      'line 2, column crew: a quoted value is not closed; add the closing quote',
    ]);
    expect(
      problemLines('run_id,vehicle,crew,stop_seq,site_id,kind,window_start,window_end,boxes,boxes\n'),
    ).toEqual([
      'line 1, column vehicle: is not a plan column; the columns are run_id,vehicle_id,crew,stop_seq,site_id,kind,window_start,window_end,boxes',
      'line 1, column boxes: appears twice; keep one',
      'line 1, column vehicle_id: is missing; the columns are run_id,vehicle_id,crew,stop_seq,site_id,kind,window_start,window_end,boxes',
    ]);
    expect(problemLines('')).toEqual([
      'line 1: the file is empty; the first line must be run_id,vehicle_id,crew,stop_seq,site_id,kind,window_start,window_end,boxes',
    ]);
    expect(problemLines(`\uFEFF${HEADER}\r\n\r\n`)).toEqual([
      'line 1: the file has a header but no stops; add one row per stop',
    ]);
  });

  it('reports every bad row with its line and column', () => {
    const rows = [
      HEADER,
      `R1,V1,E1|E2,1,VAULT-1,dispatch,${at('08:00')},${at('08:30')},${BOX.b1}`,
      `R1,V2,E1|E3,1,BR-001,deliver,${at('09:00')},${at('09:30')},${BOX.b1}||${BOX.b2}`,
      `R1,V1,E1|E2,two,BR-001,deliver,${at('09:00')},${at('09:30')},`,
      `,V1,E1|E2,3,BR-001,deliver,${at('09:00')},${at('09:30')},`,
      `R2,,,1,BR-001,collect,${at('09:00')},${at('09:30')}`,
      `R3,V2,E3||E4,1,BR-001,collect,${at('09:00')},${at('09:30')},`,
    ];
    expect(problemLines(rows.join('\n'))).toEqual([
      'line 3, column vehicle_id: says V2, but run R1 has vehicle V1 on line 2; a run has one vehicle (leave it empty after the first row)',
      'line 3, column crew: differs from the crew of run R1 on line 2; a run has one crew (leave it empty after the first row)',
      'line 3, column stop_seq: run R1 already has stop 1 on line 2',
      'line 3, column boxes: has an empty box between | separators',
      'line 4, column stop_seq: is "two"; it must be the stop\'s position in its run: 1, 2, 3 …',
      'line 5, column run_id: is empty; every row names the run its stop belongs to',
      'line 6: has 8 values, the header has 9; check for a missing or extra comma (quote values that contain one)',
      'line 7, column crew: has an empty name between | separators',
    ]);
    expect(problemLines(`${HEADER}\nR2,,,1,BR-001,collect,${at('09:00')},${at('09:30')},`)).toEqual([
      'line 2, column vehicle_id: is empty; the first row of run R2 names its vehicle',
      'line 2, column crew: is empty; the first row of run R2 names its escorts, separated by |',
    ]);
  });
});

describe('a CSV plan submitted to the plan book', () => {
  const fixture = openPlanStore();
  afterAll(() => fixture.dispose());
  const book = new PlanBook(fixture.store, fixture.clock);

  it('has its validation problems pointed at the cells they come from, and stores nothing', () => {
    const rows = [
      HEADER,
      `R1,V1,E1,1,VAULT-1,dispatch,${at('08:00')},${at('08:30')},${BOX.b1}`,
      `R1,,,2,BR-001,deliver,${at('09:00')},${at('08:30')},${BOX.b1}|E28011606000020A0000XXXX`,
      `R1,,,3,BR-404,deliver,${at('10:00')},${at('10:30')},`,
    ];
    const result = book.submitCsv(rows.join('\n'), 'dispatcher-1', TODAY);
    expect(result.ok ? [] : describeProblems(result.problems)).toEqual([
      'line 3, column boxes: is not a box tag EPC: hex digits 0-9 A-F, e.g. E28011606000020A00000B01',
    ]);
    rows[2] = `R1,,,2,BR-001,deliver,${at('09:00')},${at('08:30')},${BOX.b1}`;
    const second = book.submitCsv(rows.join('\n'), 'dispatcher-1', TODAY);
    expect(second.ok ? [] : describeProblems(second.problems)).toEqual([
      'line 2, column crew: run R1 has 1 escort(s); every run needs at least two different escorts',
      'line 3, column window_end: run R1, stop 2: the window ends (2026-11-23T08:30:00+08:00) before it starts (2026-11-23T09:00:00+08:00); the end must be later than the start',
      'line 4, column site_id: run R1, stop 3: site BR-404 is not registered',
    ]);
    expect(fixture.store.plans.versions(TODAY)).toEqual([]);
  });

  it('points a past day at the first window it was read from', () => {
    const yesterday = R1_CSV.replaceAll(TODAY, '2026-11-22');
    const result = book.submitCsv(yesterday, 'dispatcher-1', TODAY);
    expect(result.ok ? [] : describeProblems(result.problems)).toEqual([
      'line 2, column window_start: the plan is for 2026-11-22, a day that is over (today is 2026-11-23); plan today or a later day',
    ]);
  });

  it('stores a sound file as version 1', () => {
    const result = book.submitCsv(R1_CSV, 'dispatcher-1', TODAY);
    expect(
      result.ok && { version: result.value.version, runs: result.value.runs.map((r) => r.runId) },
    ).toEqual({
      version: 1,
      runs: ['R1'],
    });
  });
});
