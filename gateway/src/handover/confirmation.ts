import { speak, type Turn } from './engine-turn.ts';
import { completeHandover } from './handover-end.ts';
import { prompts } from './handover-prompts.ts';
import type { ActiveHandover, HandoverInput, HandoverPhase } from './handover-types.ts';
import { isEscort, isManager, isStaff, nameOf, personById } from './plan-lookup.ts';
import { onEscortNotOnCrew, recordFailure } from './reader-auth.ts';

type Finger = Extract<HandoverInput, { type: 'finger' }>;

/**
 * Dual confirmation at the hand-over zone's reader (DESIGN §3): the escort leader (crew[0]) and a staff
 * member of this site, in any order; and, after MISSING_BOX, the manager's approval of the discrepancy.
 * Failed fingerprints count toward AUTH_FAILED_5X here too, without leaving the phase (reader-auth.ts).
 */

export const CONFIRMING: readonly HandoverPhase[] = ['confirm', 'discrepancy'];

export function onConfirmFinger(turn: Turn, active: ActiveHandover, finger: Finger): void {
  const { plan } = turn.ctx;
  if (finger.outcome !== 'matched' || finger.personId === undefined) {
    const outcome = finger.outcome === 'matched' ? 'no-match' : finger.outcome;
    if (!recordFailure(turn, active, { reader: finger.reader, outcome })) speak(turn, prompts.fingerFailed());
    return;
  }
  const { personId } = finger;
  const person = personById(plan, personId);
  const onCrew = active.crew.some((m) => m.personId === personId);
  if (!onCrew && person && isEscort(person)) {
    onEscortNotOnCrew(turn, active, finger.reader, person);
    return;
  }
  if (!onCrew && !isStaff(person)) {
    const attempt = { reader: finger.reader, outcome: 'not-on-crew', personId } as const;
    if (!recordFailure(turn, active, attempt)) speak(turn, prompts.notOnCrew(nameOf(plan, personId)));
    return;
  }
  const auth = turn.state.readers[finger.reader];
  if (auth) auth.failures = 0;
  if (active.phase === 'discrepancy') {
    approveDiscrepancy(turn, active, personId);
    return;
  }
  if (personId === active.crew[0]?.personId) {
    active.confirmations.leader ??= { personId, at: turn.ctx.now };
  } else if (onCrew) {
    speak(turn, prompts.leaderOnly());
    return;
  } else if (!confirmStaff(turn, active, personId)) {
    return;
  }
  speak(turn, prompts.confirmed(nameOf(plan, personId)));
  if (active.confirmations.leader && active.confirmations.staff) completeHandover(turn, active);
}

/** Password + fingerprint mode: the kiosk checked the password; that person's fingerprint must follow. */
export function onStaffPassword(turn: Turn, personId: string, ok: boolean): void {
  const active = turn.state.active;
  if (!active) return;
  const person = personById(turn.ctx.plan, personId);
  if (ok && isStaff(person)) {
    active.staffPasswordOk = personId;
    speak(turn, prompts.passwordOk(nameOf(turn.ctx.plan, personId)));
  } else {
    delete active.staffPasswordOk;
    speak(turn, prompts.passwordWrong());
  }
}

function confirmStaff(turn: Turn, active: ActiveHandover, personId: string): boolean {
  // One staff confirmation is enough; a second staff member's finger changes nothing.
  if (active.confirmations.staff) return active.confirmations.staff.personId === personId;
  const method = turn.ctx.config.staffConfirmation;
  if (method === 'password+fingerprint' && active.staffPasswordOk !== personId) {
    speak(turn, prompts.passwordFirst());
    return false;
  }
  active.confirmations.staff = { personId, at: turn.ctx.now, method };
  delete active.staffPasswordOk;
  return true;
}

function approveDiscrepancy(turn: Turn, active: ActiveHandover, personId: string): void {
  const discrepancy = active.discrepancy;
  if (!discrepancy || !isManager(personById(turn.ctx.plan, personId))) {
    speak(turn, prompts.managerNeeded());
    return;
  }
  if (discrepancy.reason === undefined) {
    speak(turn, prompts.reasonFirst());
    return;
  }
  discrepancy.approvedBy = personId;
  active.phase = 'confirm';
  speak(turn, prompts.discrepancyApproved());
}
