import { Type } from '@sinclair/typebox';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { check } from '@vaultline/shared/contract/validate';

/**
 * What the gateways' stored events say about run progress. The gateway emits `vehicle.arrived` when it
 * starts the hand-over for the arriving vehicle, `crew.verified` for each escort who passes the
 * fingerprint check (the hand-over is then under way), and `handover.completed` / `handover.aborted` at
 * the end. Bodies as the gateway's hand-over engine writes them (DESIGN §7); more fields are fine.
 */
export type RunEvent =
  | { type: 'arrival'; runId: string; stopSeq: number; handoverId?: string; at: number; gatewayId: string }
  | { type: 'activity'; handoverId: string; at: number }
  | { type: 'completion'; runId: string; stopSeq: number; handoverId: string; at: number; gatewayId: string }
  | { type: 'abort'; runId: string; stopSeq: number; handoverId: string; reason: string; at: number };

/** Event types `readRunEvent` understands: what a replay of a day asks the store for. */
export const RUN_EVENT_TYPES = [
  'vehicle.arrived',
  'crew.verified',
  'handover.completed',
  'handover.aborted',
] as const;

const Id = Type.String({ minLength: 1, maxLength: 128 });
const StopRef = { runId: Id, stopSeq: Type.Integer({ minimum: 1 }) };
const Arrived = Type.Object({ ...StopRef, handoverId: Type.Optional(Id) });
const Verified = Type.Object({ handoverId: Id });
const Completed = Type.Object({
  ...StopRef,
  handoverId: Id,
  completedAt: Type.String({ format: 'date-time' }),
});
const Aborted = Type.Object({ ...StopRef, handoverId: Id, reason: Type.Optional(Type.String()) });

export type ReadResult = RunEvent | { type: 'invalid'; problems: string[] } | undefined;

/** The run-progress meaning of one stored envelope; `undefined` for types that carry none. */
export function readRunEvent(envelope: EventEnvelope): ReadResult {
  const at = Date.parse(envelope.ts);
  const gatewayId = envelope.gw;
  switch (envelope.type) {
    case 'vehicle.arrived': {
      const body = check(Arrived, envelope.body);
      if (!body.ok) return { type: 'invalid', problems: body.errors };
      const { runId, stopSeq, handoverId } = body.value;
      return handoverId === undefined
        ? { type: 'arrival', runId, stopSeq, at, gatewayId }
        : { type: 'arrival', runId, stopSeq, handoverId, at, gatewayId };
    }
    case 'crew.verified': {
      const body = check(Verified, envelope.body);
      return body.ok ? { type: 'activity', handoverId: body.value.handoverId, at } : undefined;
    }
    case 'handover.completed': {
      const body = check(Completed, envelope.body);
      if (!body.ok) return { type: 'invalid', problems: body.errors };
      const { runId, stopSeq, handoverId, completedAt } = body.value;
      return { type: 'completion', runId, stopSeq, handoverId, at: Date.parse(completedAt), gatewayId };
    }
    case 'handover.aborted': {
      const body = check(Aborted, envelope.body);
      if (!body.ok) return { type: 'invalid', problems: body.errors };
      const { runId, stopSeq, handoverId, reason } = body.value;
      return { type: 'abort', runId, stopSeq, handoverId, reason: reason ?? '', at };
    }
    default:
      return undefined;
  }
}
