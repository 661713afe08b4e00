import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecordQuery, recordQueryString } from '../../src/records/record-query.ts';
import { searchRecords } from '../../src/records/record-search.ts';
import { EPC, openRecordStore } from './record-fixture.ts';

const SHANGHAI = 'Asia/Shanghai';
let fixture: ReturnType<typeof openRecordStore>;
beforeEach(() => {
  fixture = openRecordStore();
});
afterEach(() => fixture.dispose());

/** Hand-over ids found by a search typed into the form, newest first. */
function found(form: Record<string, string>, limit = 50): string[] {
  const { filter, problems } = parseRecordQuery(form, SHANGHAI);
  expect(problems).toEqual([]);
  return searchRecords(fixture.store.events, filter, { limit }).records.map((r) => r.body.handoverId);
}

describe('searchRecords over the stored hand-over records', () => {
  it('finds every record newest first without a filter, and skips other event types', () => {
    expect(found({})).toEqual(['H-0002', 'H-0003', 'H-0001']);
  });

  it('filters by site, run and vehicle', () => {
    expect(found({ site: 'BR-001' })).toEqual(['H-0002', 'H-0001']);
    expect(found({ site: 'BR-001', run: 'R1' })).toEqual(['H-0001']);
    expect(found({ vehicle: 'V2' })).toEqual(['H-0002']);
    expect(found({ site: 'BR-404' })).toEqual([]);
  });

  it('finds a box in any list, typed in lower case too', () => {
    expect(found({ epc: EPC.a3 })).toEqual(['H-0001']); // missing
    expect(found({ epc: EPC.wrong.toLowerCase() })).toEqual(['H-0001']); // rejected
    expect(found({ epc: EPC.b1 })).toEqual(['H-0002', 'H-0003']);
  });

  it('finds a person as crew, as confirming staff and as the approving manager', () => {
    expect(found({ person: 'E1003' })).toEqual(['H-0002']);
    expect(found({ person: 'T01' })).toEqual(['H-0002', 'H-0001']);
    expect(found({ person: 'M01' })).toEqual(['H-0001']);
  });

  it('reads days as calendar days where the bank is', () => {
    // H-0002 completed 17:30 UTC on 14 May: 01:30 on 15 May in Shanghai.
    expect(found({ from: '2026-05-14', to: '2026-05-14' })).toEqual(['H-0003', 'H-0001']);
    expect(found({ from: '2026-05-15' })).toEqual(['H-0002']);
    expect(found({ to: '2026-05-13' })).toEqual([]);
    const utc = parseRecordQuery({ from: '2026-05-14', to: '2026-05-14' }, 'UTC').filter;
    expect(searchRecords(fixture.store.events, utc, { limit: 50 }).records).toHaveLength(3);
  });

  it('says when there were more matches than it shows', () => {
    const result = searchRecords(fixture.store.events, {}, { limit: 2 });
    expect(result.records.map((r) => r.body.handoverId)).toEqual(['H-0002', 'H-0003']);
    expect(result.truncated).toBe(true);
    expect(searchRecords(fixture.store.events, {}, { limit: 3 }).truncated).toBe(false);
    expect(searchRecords(fixture.store.events, {}, { limit: 50, scanLimit: 2 }).truncated).toBe(true);
  });
});

describe('parseRecordQuery', () => {
  it('reports a field it cannot search by instead of ignoring it', () => {
    const parsed = parseRecordQuery({ epc: 'not-an-epc', from: '2026-02-30', to: '2026-05-01' });
    expect(parsed.problems).toEqual([
      { field: 'epc', code: 'epc' },
      { field: 'from', code: 'date' },
    ]);
    expect(parsed.filter.epc).toBeUndefined();
    const backwards = parseRecordQuery({ from: '2026-05-02', to: '2026-05-01' });
    expect(backwards.problems).toEqual([{ field: 'to', code: 'range' }]);
  });

  it('keeps what was typed (trimmed) and repeats it as a query string', () => {
    const { query } = parseRecordQuery({ site: ' BR-001 ', epc: EPC.a1.toLowerCase(), run: ['x'] });
    expect(query).toMatchObject({ site: 'BR-001', epc: EPC.a1, run: '' });
    expect(recordQueryString(query)).toBe(`site=BR-001&epc=${EPC.a1}`);
  });
});
