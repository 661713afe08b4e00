import type { AlarmRaisedBody, HandoverCompletedBody } from '../contract/event-bodies.ts';
import type { EventEnvelope } from '../contract/event-envelope.ts';
import type { ReportPerson, ReportRecord } from './report-record.ts';

/** What a hand-over's report shows beside the record itself, found in the chain before it. */
export interface HandoverContext {
  /** Capture id of each crew member's face taken at the door during this hand-over (the last one wins). */
  captureIds: Map<string, string>;
  /** Alarms raised at this run's stop. */
  alarms: ReportRecord['alarms'];
}

/**
 * Reads a hand-over's face captures and alarms from the events of its gateway's chain that came before
 * the record (`face.captured` of this hand-over, `alarm.raised` of this run and stop). Pure: the gateway
 * and the centre each pass the envelopes they hold.
 */
export function handoverContext(
  earlier: readonly EventEnvelope[],
  completed: HandoverCompletedBody,
): HandoverContext {
  const captureIds = new Map<string, string>();
  const alarms: ReportRecord['alarms'] = [];
  for (const event of earlier) {
    const body = event.body as Record<string, unknown>;
    if (
      event.type === 'face.captured' &&
      body.handoverId === completed.handoverId &&
      typeof body.personId === 'string' &&
      typeof body.captureId === 'string'
    ) {
      captureIds.set(body.personId, body.captureId);
    }
    if (
      event.type === 'alarm.raised' &&
      body.runId === completed.runId &&
      body.stopSeq === completed.stopSeq
    ) {
      alarms.push({ ...(body as AlarmRaisedBody), at: Date.parse(event.ts) });
    }
  }
  return { captureIds, alarms };
}

/** Everyone a hand-over record names: the crew, the confirming staff and the approving manager, once each. */
export function involvedPeople(completed: HandoverCompletedBody): string[] {
  return [
    ...new Set([
      ...completed.crew,
      ...completed.confirmedBy,
      ...(completed.discrepancy ? [completed.discrepancy.approvedBy] : []),
    ]),
  ];
}

/** A person as the report names them, from whatever directory knows them; the bare id when none does. */
export function reportPerson(
  personId: string,
  known: Omit<ReportPerson, 'personId'> | undefined,
): ReportPerson {
  if (!known) return { personId, name: personId, employeeNo: '—' };
  const { name, employeeNo, role, company } = known;
  return { personId, name, employeeNo, ...(role ? { role } : {}), ...(company ? { company } : {}) };
}
