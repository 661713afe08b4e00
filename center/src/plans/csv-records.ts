/**
 * RFC 4180 CSV, as spreadsheets write it: comma-separated, CRLF or LF line ends, values in double quotes
 * may hold commas, line breaks and doubled quotes (`""`). A UTF-8 byte order mark (Excel's "CSV UTF-8")
 * is skipped, and so are blank lines. Each record keeps the line it starts on, for error messages.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  values: string[];
}

export interface CsvSyntaxError {
  line: number;
  /** 0-based index of the value in its record. */
  index: number;
  detail: string;
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; error: CsvSyntaxError };

export function parseCsvRecords(text: string): CsvParse {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let record: CsvRecord = { line, values: [] };
  let value = '';
  /** Inside a quoted value, and the line it opened on. */
  let quotedSince = 0;
  let closedQuote = false;
  let recordQuoted = false;
  const fail = (at: number, detail: string): CsvParse => ({
    ok: false,
    error: { line: at, index: record.values.length, detail },
  });
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (quotedSince > 0) {
      if (char === '"' && source[i + 1] === '"') {
        value += '"';
        i++;
      } else if (char === '"') {
        quotedSince = 0;
        closedQuote = true;
      } else {
        if (char === '\n') line++;
        value += char;
      }
    } else if (char === ',' || char === '\n' || char === '\r') {
      record.values.push(value);
      value = '';
      closedQuote = false;
      if (char === ',') continue;
      if (char === '\r' && source[i + 1] === '\n') i++;
      // A line with nothing on it is not a record; `""` alone is a record of one empty value.
      if (record.values.length > 1 || record.values[0] !== '' || recordQuoted) records.push(record);
      line++;
      record = { line, values: [] };
      recordQuoted = false;
    } else if (closedQuote) {
      if (char !== ' ' && char !== '\t') {
        return fail(line, 'text after a closing quote; put the whole value inside the quotes');
      }
    } else if (char === '"') {
      if (value.trim() !== '') {
        return fail(
          line,
          'a quote inside an unquoted value; quote the whole value and double the quote ("")',
        );
      }
      value = '';
      quotedSince = line;
      recordQuoted = true;
    } else {
      value += char;
    }
  }
  if (quotedSince > 0) {
    return fail(quotedSince, 'a quoted value is not closed; add the closing quote');
  }
  record.values.push(value);
  if (record.values.length > 1 || record.values[0] !== '' || recordQuoted) records.push(record);
  return { ok: true, records };
}
