import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import { holdVehicle } from './arrival.ts';
import { missingBoxes } from './box-scan.ts';
import { clearAlarm, emit, iso, speak, type Turn } from './engine-turn.ts';
import { prompts } from './handover-prompts.ts';
import type { ActiveHandover } from './handover-types.ts';
import { stopKey } from './plan-lookup.ts';
import { resetFailures } from './reader-auth.ts';

/**
 * Both confirmations are in: the hand-over record (`handover.completed`, body fixed by DESIGN §7, plus
 * the per-member evidence the report prints), the MISSING_BOX alarm cleared by the approved discrepancy,
 * and the stop done for today.
 */
export function completeHandover(turn: Turn, active: ActiveHandover): void {
  const { leader, staff } = active.confirmations;
  if (!leader || !staff) return;
  const { expected, scanned, rejected } = active.boxes;
  const body: HandoverCompletedBody = {
    handoverId: active.handoverId,
    siteId: active.siteId,
    runId: active.runId,
    stopSeq: active.stopSeq,
    kind: active.kind,
    vehicleId: active.vehicleId,
    crew: active.crew.map((m) => m.personId),
    confirmedBy: [leader.personId, staff.personId],
    boxes: {
      expected: [...expected],
      scanned: [...scanned],
      missing: missingBoxes(active),
      rejected: [...rejected],
    },
    startedAt: iso(active.startedAt),
    completedAt: iso(turn.ctx.now),
  };
  const { discrepancy } = active;
  if (discrepancy?.reason !== undefined && discrepancy.approvedBy !== undefined) {
    body.discrepancy = { reason: discrepancy.reason, approvedBy: discrepancy.approvedBy };
  }
  const record: HandoverCompletedBody & Record<string, unknown> = {
    ...body,
    crewChecks: active.crew.map((m) => ({
      personId: m.personId,
      score: m.score,
      verifiedAt: m.verifiedAt === undefined ? undefined : iso(m.verifiedAt),
      captureId: m.captureId,
      photo: m.photo,
      photoBy: m.photoBy,
    })),
    staffMethod: staff.method,
    restarts: active.restarts,
  };
  emit(turn, 'handover.completed', record);
  if (active.missingAlarmId !== undefined) {
    clearAlarm(turn, active.missingAlarmId, 'MISSING_BOX', 'discrepancy approved');
  }
  turn.effects.push({ type: 'box-scanning', on: false });
  speak(turn, prompts.completed());
  turn.state.completedStops.push(stopKey(active.runId, active.stopSeq));
  endHandover(turn, active);
}

/**
 * The manager aborted (or a rejected photo after the door opened). The stop is not completed: it can be
 * started again, by the manager's manual arrival (the vehicle's own tag stays quiet for a while).
 */
export function abortHandover(turn: Turn, reason: string, by: string): void {
  const active = turn.state.active;
  if (!active) {
    speak(turn, prompts.noHandover());
    return;
  }
  emit(turn, 'handover.aborted', {
    handoverId: active.handoverId,
    reason,
    by,
    phase: active.phase,
    runId: active.runId,
    stopSeq: active.stopSeq,
  });
  if (active.phase === 'rescan') turn.effects.push({ type: 'cancel-timer', name: 'rescan-window' });
  turn.effects.push({ type: 'box-scanning', on: false });
  speak(turn, prompts.aborted());
  endHandover(turn, active);
}

function endHandover(turn: Turn, active: ActiveHandover): void {
  resetFailures(turn.state);
  holdVehicle(turn, active.vehicleId);
  turn.state.active = null;
}
