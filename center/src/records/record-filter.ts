import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import { involvedPeople } from '@vaultline/shared/report/handover-context';

/** What an auditor searches hand-over records by; every field given must match. */
export interface RecordFilter {
  siteId?: string;
  runId?: string;
  vehicleId?: string;
  /** A box in any of the record's lists: expected, scanned, missing or rejected (uppercase hex). */
  epc?: string;
  /** Someone the record names: crew, confirming staff or the manager who approved a discrepancy. */
  personId?: string;
  /** `completedAt` at or after this instant (epoch ms). */
  fromMs?: number;
  /** `completedAt` before this instant (epoch ms). */
  toMs?: number;
}

/** Whether a `handover.completed` body matches the filter. Pure. */
export function recordMatches(body: HandoverCompletedBody, filter: RecordFilter): boolean {
  if (filter.siteId !== undefined && body.siteId !== filter.siteId) return false;
  if (filter.runId !== undefined && body.runId !== filter.runId) return false;
  if (filter.vehicleId !== undefined && body.vehicleId !== filter.vehicleId) return false;
  if (filter.epc !== undefined && !boxesOf(body).includes(filter.epc)) return false;
  if (filter.personId !== undefined && !involvedPeople(body).includes(filter.personId)) return false;
  if (filter.fromMs !== undefined || filter.toMs !== undefined) {
    const completed = Date.parse(body.completedAt);
    if (Number.isNaN(completed)) return false;
    if (filter.fromMs !== undefined && completed < filter.fromMs) return false;
    if (filter.toMs !== undefined && completed >= filter.toMs) return false;
  }
  return true;
}

function boxesOf(body: HandoverCompletedBody): string[] {
  const { expected, scanned, missing, rejected } = body.boxes;
  return [...expected, ...scanned, ...missing, ...rejected];
}
