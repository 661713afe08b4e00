import { clearAlarm, emit, raiseAlarm, speak, type Turn } from './engine-turn.ts';
import { prompts } from './handover-prompts.ts';
import type { ActiveHandover, HandoverPhase } from './handover-types.ts';
import { manifestOwners, vehicleByEpc } from './plan-lookup.ts';

/**
 * Box scan against the stop's manifest (DESIGN §3–§4). A box not in the manifest is WRONG_BOX at once;
 * a missing box is only called missing after the re-scan window, because UHF reads are not 100 %
 * reliable. Tags keep being counted until the hand-over completes, so a late box still clears the gap.
 */

const SCANNING: readonly HandoverPhase[] = ['box-scan', 'rescan', 'confirm', 'discrepancy'];

export const missingBoxes = (active: ActiveHandover): string[] =>
  active.boxes.expected.filter((epc) => !active.boxes.scanned.includes(epc));

export function startBoxScan(turn: Turn, active: ActiveHandover): void {
  active.phase = 'box-scan';
  turn.effects.push({ type: 'box-scanning', on: true });
  speak(turn, prompts.boxScan());
  if (missingBoxes(active).length === 0) toConfirm(turn, active);
}

export function onBoxTag(turn: Turn, reader: string, epc: string): void {
  const { ctx } = turn;
  const active = turn.state.active;
  if (!active || !SCANNING.includes(active.phase) || !ctx.roles.boxReaders.includes(reader)) return;
  // Vehicle tags (ours or a neighbour's) are in range of the zone reader too; they are not boxes.
  if (vehicleByEpc(ctx.plan, epc)) return;
  const { boxes } = active;
  if (boxes.scanned.includes(epc) || boxes.rejected.includes(epc)) return;
  if (boxes.expected.includes(epc)) {
    boxes.scanned.push(epc);
    emit(turn, 'box.scanned', {
      handoverId: active.handoverId,
      epc,
      reader,
      scanned: boxes.scanned.length,
      expected: boxes.expected.length,
    });
    if (missingBoxes(active).length === 0) onAllScanned(turn, active);
    return;
  }
  boxes.rejected.push(epc);
  const belongsTo = manifestOwners(ctx.plan, epc, active);
  raiseAlarm(turn, 'WRONG_BOX', belongsTo.length > 0 ? { epc, reader, belongsTo } : { epc, reader }, active);
}

/** The manager asks to confirm with boxes missing: open the re-scan window first. */
export function onRequestConfirmation(turn: Turn): void {
  const active = turn.state.active;
  if (active?.phase !== 'box-scan') return;
  const missing = missingBoxes(active);
  if (missing.length === 0) {
    toConfirm(turn, active);
    return;
  }
  active.phase = 'rescan';
  const { now, config } = turn.ctx;
  turn.effects.push({ type: 'set-timer', name: 'rescan-window', at: now + config.rescanWindowMs });
  speak(turn, prompts.rescan(missing.length, config.rescanWindowMs));
}

/** The re-scan window closed with boxes still missing: MISSING_BOX, and completion needs an override. */
export function onRescanTimer(turn: Turn): void {
  const active = turn.state.active;
  if (active?.phase !== 'rescan') return;
  const missing = missingBoxes(active);
  if (missing.length === 0) {
    toConfirm(turn, active);
    return;
  }
  const detail = { missing, expected: active.boxes.expected.length, scanned: active.boxes.scanned.length };
  active.missingAlarmId = raiseAlarm(turn, 'MISSING_BOX', detail, active);
  active.discrepancy = { missing };
  active.phase = 'discrepancy';
  speak(turn, prompts.discrepancy());
}

/** The manager typed why boxes are missing; their fingerprint at the confirm reader approves it. */
export function onDiscrepancyReason(turn: Turn, reason: string): void {
  const active = turn.state.active;
  const text = reason.trim();
  if (active?.phase !== 'discrepancy' || !active.discrepancy || text === '') return;
  active.discrepancy.reason = text;
  speak(turn, prompts.managerNeeded());
}

function onAllScanned(turn: Turn, active: ActiveHandover): void {
  if (active.missingAlarmId !== undefined) {
    clearAlarm(turn, active.missingAlarmId, 'MISSING_BOX', 'boxes found');
    delete active.missingAlarmId;
    delete active.discrepancy;
    speak(turn, prompts.boxesFound());
  }
  if (active.phase === 'rescan') turn.effects.push({ type: 'cancel-timer', name: 'rescan-window' });
  if (active.phase !== 'confirm') toConfirm(turn, active);
}

function toConfirm(turn: Turn, active: ActiveHandover): void {
  active.phase = 'confirm';
  speak(turn, prompts.allBoxesScanned());
}
