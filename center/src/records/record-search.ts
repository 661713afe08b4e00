import { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { check } from '@vaultline/shared/contract/validate';
import type { EventStore } from '../ports.ts';
import { type RecordFilter, recordMatches } from './record-filter.ts';

/** A stored `handover.completed` envelope with its body read as the contract says. */
export interface StoredRecord {
  envelope: EventEnvelope;
  body: HandoverCompletedBody;
}

export interface RecordSearchResult {
  /** Newest first, at most `limit`. */
  records: StoredRecord[];
  /**
   * True when the search stopped early: more matches than `limit`, or records older than the newest
   * `scanLimit` were not looked at. The page then asks for a narrower search.
   */
  truncated: boolean;
}

export interface RecordSearchOptions {
  limit: number;
  /** Most records read for one search (default 100 000): bounds memory and time per request. */
  scanLimit?: number;
}

const TYPE = 'handover.completed';
const DEFAULT_SCAN_LIMIT = 100_000;
/**
 * How much earlier than the first searched day a record's envelope `ts` may lie and still be looked at:
 * `ts` is when the gateway signed the record (its `completedAt`, give or take its clock), and the
 * store's index on (type, ts) is what narrows a dated search.
 */
const TS_SLACK_MS = 24 * 3_600_000;

/**
 * Searches the centre's stored hand-over records (DESIGN §7 `handover.completed` bodies), newest
 * first. A stored body that does not read as a hand-over record is skipped (ingest checked the
 * envelope, not every body). Filtering is done here over the store's time-indexed scan: right for a
 * centre's first years, and the seam where a store with indexes on site, box and person plugs in.
 */
export function searchRecords(
  events: Pick<EventStore, 'byType'>,
  filter: RecordFilter,
  options: RecordSearchOptions,
): RecordSearchResult {
  const scanLimit = options.scanLimit ?? DEFAULT_SCAN_LIMIT;
  const scanned = events.byType(TYPE, {
    limit: scanLimit,
    ...(filter.fromMs === undefined ? {} : { since: filter.fromMs - TS_SLACK_MS }),
  });
  const records: StoredRecord[] = [];
  for (const envelope of scanned) {
    const body = readRecordBody(envelope);
    if (!body || !recordMatches(body, filter)) continue;
    if (records.length === options.limit) return { records, truncated: true };
    records.push({ envelope, body });
  }
  return { records, truncated: scanned.length >= scanLimit };
}

/** The envelope's body as a hand-over record, or undefined when it is not one. */
export function readRecordBody(envelope: EventEnvelope): HandoverCompletedBody | undefined {
  if (envelope.type !== TYPE) return undefined;
  const parsed = check(HandoverCompletedBody, envelope.body);
  return parsed.ok ? parsed.value : undefined;
}
