import type { AlarmView } from '@vaultline/center/api/api-schemas';
import type { RunProgressEvent, StopView } from '@vaultline/center/runs/run-views';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';

/**
 * What the demo prints, as sentences a newcomer can follow: one per gateway record (from the gateway's
 * own signed events) and one per change the centre announces on its live stream. Pure: names come in
 * through `StoryNames`, nothing is printed here.
 */

export interface StoryNames {
  person(personId: string): string;
  vehicle(vehicleId: string): string;
  box(epc: string): string;
}

type Body = Record<string, unknown>;
const text = (value: unknown) => String(value ?? '');
const list = (values: unknown, name: (id: string) => string) =>
  ((values as string[] | undefined) ?? []).map(name).join(', ') || 'none';

/** The sentence for one event a gateway recorded, or undefined for events the story leaves out. */
export function gatewayLine(event: EventEnvelope, names: StoryNames): string | undefined {
  const body = event.body as Body;
  switch (event.type) {
    case 'plan.accepted':
      return `plan ${text(body.planId)} version ${text(body.version)} accepted (signed by the centre, ${text(body.runs)} runs)`;
    case 'vehicle.arrived':
      return `${names.vehicle(text(body.vehicleId))} arrives (${body.source === 'tag' ? 'its tag read at the gate' : 'entered by hand'}): run ${text(body.runId)}, stop ${text(body.stopSeq)}, ${text(body.kind)}`;
    case 'crew.verified':
      return `fingerprint matched at ${text(body.reader)}: ${names.person(text(body.personId))}; stored photo beside the live capture on the kiosk`;
    case 'auth.failed':
      return `fingerprint refused at ${text(body.reader)} (${text(body.outcome)}), ${text(body.consecutive)} in a row`;
    case 'door.opened':
      return `interlock door ${text(body.door)} opened`;
    case 'door.closed':
      return `interlock door ${text(body.door)} closed behind the crew`;
    case 'box.scanned':
      return `box ${names.box(text(body.epc))} read in the zone: ${text(body.scanned)} of ${text(body.expected)}`;
    case 'alarm.raised':
      return `ALARM ${text(body.kind)} (${text(body.severity)}): ${gatewayAlarmDetail(body, names)}`;
    case 'alarm.cleared':
      return `alarm ${text(body.kind)} cleared: ${text(body.reason)}`;
    case 'handover.completed':
      return completedLine(body, names);
    case 'handover.aborted':
      return `hand-over aborted by ${text(body.by)}: "${text(body.reason)}"`;
    case 'device.status':
      return `device ${text(body.device)} ${body.online ? 'online' : 'OFFLINE'}: ${text(body.reason)}`;
    default:
      return undefined;
  }
}

function gatewayAlarmDetail(body: Body, names: StoryNames): string {
  const detail = (body.detail ?? {}) as Body;
  switch (body.kind) {
    case 'WRONG_BOX':
      return `box ${names.box(text(detail.epc))} is not on this stop's manifest; rejected at once`;
    case 'MISSING_BOX':
      return `${list(detail.missing, names.box)} not read after the re-scan window (${text(detail.scanned)} of ${text(detail.expected)})`;
    case 'AUTH_FAILED_5X':
      return `${text(detail.failures)} failed fingerprints at ${text(detail.reader)}; the reader is locked and crew authentication starts again`;
    default:
      return JSON.stringify(detail);
  }
}

function completedLine(body: Body, names: StoryNames): string {
  const boxes = (body.boxes ?? {}) as { scanned?: string[]; rejected?: string[]; missing?: string[] };
  const parts = [`${boxes.scanned?.length ?? 0} box(es) handed over`];
  if (boxes.rejected?.length) parts.push(`rejected ${list(boxes.rejected, names.box)}`);
  const discrepancy = body.discrepancy as { reason: string; approvedBy: string } | undefined;
  if (discrepancy) {
    parts.push(
      `missing ${list(boxes.missing, names.box)} approved by ${names.person(discrepancy.approvedBy)}`,
    );
  }
  return `hand-over ${text(body.handoverId)} completed and signed: ${parts.join('; ')}; confirmed by ${list(body.confirmedBy, names.person)}`;
}

/** The sentence for an alarm change the centre announced. */
export function centreAlarmLine(change: string, alarm: AlarmView, names: StoryNames): string {
  const where = [
    alarm.siteId,
    alarm.runId && `run ${alarm.runId}${alarm.stopSeq ? ` stop ${alarm.stopSeq}` : ''}`,
    alarm.vehicleId && names.vehicle(alarm.vehicleId),
  ]
    .filter(Boolean)
    .join(', ');
  const head = `${alarm.kind} ${change}${where ? ` (${where})` : ''}`;
  if (change === 'cleared') return `${head}: ${alarm.clearReason ?? 'condition over'}`;
  if (change === 'acknowledged') return `${head} by ${alarm.acknowledgedBy ?? '?'}`;
  if (change === 'resolved') return `${head} by ${alarm.resolvedBy ?? '?'}: "${alarm.resolutionNote ?? ''}"`;
  return `${head}: ${centreAlarmDetail(alarm)}`;
}

function centreAlarmDetail(alarm: AlarmView): string {
  const detail = alarm.detail as Body;
  switch (alarm.kind) {
    case 'ROUTE_DEVIATION':
      return `${text(detail.distanceM)} m from the planned route for ${Math.round(Number(detail.outsideMs) / 1000)} s`;
    case 'STOP_SKIPPED':
      return `the van reached stop ${text(detail.arrivedAtStopSeq)} (${text(detail.arrivedAtSiteId)}) before this stop was done`;
    default:
      return alarm.source.startsWith('gateway:')
        ? `received from ${alarm.source.slice('gateway:'.length)}, signature and chain verified`
        : 'raised by the centre';
  }
}

/** The sentence for a stop whose state changed at the centre, or undefined when it did not change. */
export function centreStopLine(
  event: Extract<RunProgressEvent, { type: 'stop' }>,
  previous: StopView['state'] | undefined,
): string | undefined {
  const { stop } = event;
  if (stop.state === previous) return undefined;
  const what = `run ${event.runId} stop ${stop.seq} (${stop.siteId}, ${stop.kind})`;
  switch (stop.state) {
    case 'arrived':
      return `${what}: vehicle ${event.vehicleId} arrived`;
    case 'in-progress':
      return `${what}: hand-over under way`;
    case 'completed':
      return `${what}: completed, record ${stop.handoverId ?? ''} stored and verified`;
    case 'skipped':
      return `${what}: skipped`;
    default:
      return undefined;
  }
}
