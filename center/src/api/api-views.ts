import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { AlarmRecord } from '../ports.ts';
import type { AlarmView, HandoverView } from './api-schemas.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** An alarm as the API and the live stream show it: times as ISO 8601, steps not taken left out. */
export function alarmView(alarm: AlarmRecord): AlarmView {
  const at = (ms: number | undefined) => (ms === undefined ? undefined : iso(ms));
  const view = {
    alarmId: alarm.alarmId,
    kind: alarm.kind,
    severity: alarm.severity,
    state: alarm.state,
    source: alarm.source,
    siteId: alarm.siteId,
    runId: alarm.runId,
    stopSeq: alarm.stopSeq,
    vehicleId: alarm.vehicleId,
    gatewayId: alarm.gatewayId,
    raisedAt: iso(alarm.raisedAt),
    clearedAt: at(alarm.clearedAt),
    clearReason: alarm.clearReason,
    acknowledgedBy: alarm.acknowledgedBy,
    acknowledgedAt: at(alarm.acknowledgedAt),
    resolvedBy: alarm.resolvedBy,
    resolvedAt: at(alarm.resolvedAt),
    resolutionNote: alarm.resolutionNote,
    detail: alarm.detail,
  };
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined)) as AlarmView;
}

/** A stored `handover.completed` record with where it sits in its gateway's signed chain. */
export function handoverView(envelope: EventEnvelope): HandoverView {
  const body = envelope.body as Record<string, unknown>;
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  return {
    handoverId: text('handoverId'),
    siteId: text('siteId'),
    runId: text('runId'),
    stopSeq: typeof body.stopSeq === 'number' ? body.stopSeq : 0,
    kind: text('kind') as HandoverView['kind'],
    vehicleId: text('vehicleId'),
    completedAt: text('completedAt'),
    gatewayId: envelope.gw,
    seq: envelope.seq,
    hash: envelope.hash,
    envelope,
  };
}
