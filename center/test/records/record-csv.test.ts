import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../src/records/csv-writer.ts';
import { RECORD_CSV_COLUMNS, recordsCsv } from '../../src/records/record-csv.ts';
import { searchRecords } from '../../src/records/record-search.ts';
import { DELIVERY, EPC, openRecordStore } from './record-fixture.ts';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(42)).toBe('42');
  });

  it('defuses values a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1+2')).toBe("'+1+2");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('starts the file with the UTF-8 BOM and ends every row with CRLF', () => {
    const text = csvDocument(['网点', 'n'], [['陆家嘴支行', 1]]);
    expect(text).toBe('\uFEFF网点,n\r\n陆家嘴支行,1\r\n');
    expect([...Buffer.from(text, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('recordsCsv', () => {
  it('writes one row per record with every column of the export', () => {
    const fixture = openRecordStore();
    try {
      const { records } = searchRecords(fixture.store.events, { siteId: 'BR-001' }, { limit: 10 });
      const text = recordsCsv(records, {
        headers: (column) => (column === 'handoverId' ? '交接编号' : column),
        person: (id) => (id === 'M01' ? '赵敏 (M01)' : id),
      });
      const lines = text.slice(1).split('\r\n');
      expect(lines).toHaveLength(records.length + 2); // header, rows, and the empty string after the last CRLF
      expect(lines[0]).toBe(['交接编号', ...RECORD_CSV_COLUMNS.slice(1)].join(','));
      const delivery = lines.find((line) => line.startsWith('H-0001,'));
      const envelope = fixture.chainA[3]!;
      expect(delivery).toBe(
        [
          'H-0001',
          'BR-001',
          'R1',
          '2',
          'deliver',
          'V1',
          'E1001; E1002',
          'E1001; T01',
          '3',
          '2',
          '1',
          '1',
          `${EPC.a1}; ${EPC.a2}; ${EPC.a3}`,
          `${EPC.a1}; ${EPC.a2}`,
          EPC.a3,
          EPC.wrong,
          `"${DELIVERY.discrepancy?.reason.replaceAll('"', '""')}"`,
          '赵敏 (M01)',
          DELIVERY.startedAt,
          DELIVERY.completedAt,
          envelope.hash,
          'gw-BR-001',
          '4',
        ].join(','),
      );
    } finally {
      fixture.dispose();
    }
  });
});
