import { AlarmClearedBody, AlarmRaisedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { check } from '@vaultline/shared/contract/validate';
import type { AlarmRecord } from '../ports.ts';

/** What a stored gateway event means for the centre's alarms. */
export type GatewayAlarmInput =
  | { action: 'raise'; alarm: AlarmRecord }
  | {
      action: 'clear';
      alarmId: string;
      kind: AlarmRecord['kind'];
      reason: string;
      at: number;
      source: string;
    }
  | { action: 'invalid'; problems: string[] };

/** The `source` of alarms a gateway raised. */
export const gatewaySource = (gatewayId: string): string => `gateway:${gatewayId}`;

/**
 * Reads `alarm.raised` / `alarm.cleared` (bodies of DESIGN §7) from a gateway's stored, verified
 * envelope; `undefined` for every other type. Times are the gateway's `ts`: when it saw the condition,
 * which after an outage is long before the centre hears of it. The alarm keeps the gateway's own
 * `alarmId` so the same event delivered twice is one alarm.
 */
export function readGatewayAlarm(envelope: EventEnvelope): GatewayAlarmInput | undefined {
  const at = Date.parse(envelope.ts);
  const source = gatewaySource(envelope.gw);
  if (envelope.type === 'alarm.raised') {
    const result = check(AlarmRaisedBody, envelope.body);
    if (!result.ok) return { action: 'invalid', problems: result.errors };
    const body = result.value;
    const extra: Record<string, unknown> = {};
    // The gateway names the hand-over an alarm arose in; keep it so the alarm leads to the record.
    if (typeof envelope.body.handoverId === 'string') extra.handoverId = envelope.body.handoverId;
    const alarm: AlarmRecord = {
      alarmId: body.alarmId,
      kind: body.kind,
      severity: body.severity,
      state: 'raised',
      source,
      siteId: body.siteId,
      gatewayId: envelope.gw,
      detail: { ...body.detail, ...extra, eventSeq: envelope.seq },
      raisedAt: at,
    };
    if (body.runId !== undefined) alarm.runId = body.runId;
    if (body.stopSeq !== undefined) alarm.stopSeq = body.stopSeq;
    if (typeof envelope.body.vehicleId === 'string') alarm.vehicleId = envelope.body.vehicleId;
    return { action: 'raise', alarm };
  }
  if (envelope.type === 'alarm.cleared') {
    const result = check(AlarmClearedBody, envelope.body);
    if (!result.ok) return { action: 'invalid', problems: result.errors };
    const { alarmId, kind, reason } = result.value;
    return { action: 'clear', alarmId, kind, reason, at, source };
  }
  return undefined;
}
