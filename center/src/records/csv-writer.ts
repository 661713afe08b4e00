/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, a value in double quotes when it holds a comma, a quote
 * or a line break (quotes doubled), and the UTF-8 byte order mark so Excel reads Chinese as UTF-8.
 */

/** Excel opens a file as UTF-8 only when it starts with this mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * A value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and tab or carriage return, which
 * some spreadsheets strip before looking) gets a leading `'`, so it shows as text (OWASP "CSV
 * injection"). A reason typed at a branch must never become a formula on an auditor's machine.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number): string {
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly (string | number)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The whole file: BOM, header row, then one row per item. */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  return UTF8_BOM + csvRow(header) + rows.map(csvRow).join('');
}
