import { csvDocument } from './csv-writer.ts';
import type { StoredRecord } from './record-search.ts';

/** The columns of a record export, in order: one row per hand-over record. */
export const RECORD_CSV_COLUMNS = [
  'handoverId',
  'siteId',
  'runId',
  'stopSeq',
  'kind',
  'vehicleId',
  'crew',
  'confirmedBy',
  'expectedCount',
  'scannedCount',
  'missingCount',
  'rejectedCount',
  'expected',
  'scanned',
  'missing',
  'rejected',
  'discrepancyReason',
  'discrepancyApprovedBy',
  'startedAt',
  'completedAt',
  'recordHash',
  'gatewayId',
  'seq',
] as const;
export type RecordCsvColumn = (typeof RECORD_CSV_COLUMNS)[number];

export interface RecordCsvOptions {
  /** Header text per column (the console passes the user's language); default: the column keys. */
  headers?: (column: RecordCsvColumn) => string;
  /** How a person is written (e.g. `张伟 (E1001)`); default: the person id. */
  person?: (personId: string) => string;
}

/**
 * The records as one CSV file (RFC 4180, UTF-8 with BOM). Lists (crew, EPCs) are separated by `; `
 * inside one cell; times are the record's own ISO 8601 values, as signed. Pure.
 */
export function recordsCsv(records: readonly StoredRecord[], options: RecordCsvOptions = {}): string {
  const header = options.headers ?? ((column: RecordCsvColumn) => column);
  const person = options.person ?? ((personId: string) => personId);
  const list = (items: readonly string[]) => items.join('; ');
  const rows = records.map(({ envelope, body }) => {
    const { expected, scanned, missing, rejected } = body.boxes;
    const cells: Record<RecordCsvColumn, string | number> = {
      handoverId: body.handoverId,
      siteId: body.siteId,
      runId: body.runId,
      stopSeq: body.stopSeq,
      kind: body.kind,
      vehicleId: body.vehicleId,
      crew: list(body.crew.map(person)),
      confirmedBy: list(body.confirmedBy.map(person)),
      expectedCount: expected.length,
      scannedCount: scanned.length,
      missingCount: missing.length,
      rejectedCount: rejected.length,
      expected: list(expected),
      scanned: list(scanned),
      missing: list(missing),
      rejected: list(rejected),
      discrepancyReason: body.discrepancy?.reason ?? '',
      discrepancyApprovedBy: body.discrepancy ? person(body.discrepancy.approvedBy) : '',
      startedAt: body.startedAt,
      completedAt: body.completedAt,
      recordHash: envelope.hash,
      gatewayId: envelope.gw,
      seq: envelope.seq,
    };
    return RECORD_CSV_COLUMNS.map((column) => cells[column]);
  });
  return csvDocument(RECORD_CSV_COLUMNS.map(header), rows);
}
