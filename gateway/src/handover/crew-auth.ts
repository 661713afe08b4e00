import { openDoorIfCleared, reopenForCrew } from './crew-door.ts';
import { emit, raiseAlarm, speak, type Turn } from './engine-turn.ts';
import { abortHandover } from './handover-end.ts';
import { prompts } from './handover-prompts.ts';
import type { ActiveHandover, HandoverInput } from './handover-types.ts';
import { isEscort, nameOf, personById } from './plan-lookup.ts';
import { onEscortNotOnCrew, recordFailure } from './reader-auth.ts';

type Finger = Extract<HandoverInput, { type: 'finger' }>;
type PhotoCheck = Extract<HandoverInput, { type: 'photo-check' }>;
type FaceCaptured = Extract<HandoverInput, { type: 'face-captured' }>;

/**
 * A fingerprint attempt at the interlock door's reader (DESIGN §3 crew authentication). Every attempt
 * in the crew-auth phase asks for a face capture, matched or not: the capture is the evidence of who
 * stood at the door.
 */
export function onCrewFinger(turn: Turn, active: ActiveHandover, finger: Finger): void {
  if (active.phase === 'door') {
    reopenForCrew(turn, active, finger);
    return;
  }
  if (active.phase !== 'crew-auth') return;
  turn.effects.push({ type: 'capture-face', reader: finger.reader, personId: finger.personId });
  if (finger.outcome !== 'matched' || finger.personId === undefined) {
    const outcome = finger.outcome === 'matched' ? 'no-match' : finger.outcome;
    if (!recordFailure(turn, active, { reader: finger.reader, outcome })) speak(turn, prompts.fingerFailed());
    return;
  }
  const member = active.crew.find((m) => m.personId === finger.personId);
  if (member) {
    member.verified = true;
    if (finger.score === undefined) delete member.score;
    else member.score = finger.score;
    member.verifiedAt = turn.ctx.now;
    // A fresh match brings a fresh capture: an earlier rejection concerned the previous one.
    if (member.photo === 'rejected') member.photo = 'pending';
    const auth = turn.state.readers[finger.reader];
    if (auth) auth.failures = 0;
    emit(turn, 'crew.verified', {
      handoverId: active.handoverId,
      personId: member.personId,
      score: finger.score,
      reader: finger.reader,
    });
    speak(turn, prompts.crewVerified(nameOf(turn.ctx.plan, member.personId)));
    openDoorIfCleared(turn, active);
    return;
  }
  const person = personById(turn.ctx.plan, finger.personId);
  if (person && isEscort(person)) {
    onEscortNotOnCrew(turn, active, finger.reader, person);
    return;
  }
  // Staff (or a page the plan no longer knows) at the crew door: not an escort swap, still no entry.
  const attempt = { reader: finger.reader, outcome: 'not-on-crew', personId: finger.personId } as const;
  if (!recordFailure(turn, active, attempt)) {
    speak(turn, prompts.notOnCrew(nameOf(turn.ctx.plan, finger.personId)));
  }
}

/**
 * The live capture of an attempt; it belongs to the crew member the attempt matched, if any. The event
 * carries the JPEG's SHA-256 and size, so the signed chain commits to the image the centre receives.
 */
export function onFaceCaptured(turn: Turn, capture: FaceCaptured): void {
  const { reader, captureId, personId, jpegSha256, bytes } = capture;
  const active = turn.state.active;
  const member = active?.crew.find((m) => m.personId === personId);
  if (member) member.captureId = captureId;
  emit(turn, 'face.captured', {
    handoverId: active?.handoverId,
    captureId,
    personId,
    reader,
    jpegSha256,
    bytes,
  });
}

/**
 * The manager compared stored photo and live capture. Before the door opened, a rejection sends the
 * member back to the reader and counts as a failed verification there; after it opened (photo check
 * advisory, or a change of mind) the person is already through the door, so the hand-over is aborted
 * with UNSCHEDULED_PERSON.
 */
export function onPhotoCheck(turn: Turn, check: PhotoCheck): void {
  const active = turn.state.active;
  const member = active?.crew.find((m) => m.personId === check.personId);
  if (!active || !member) return;
  const { ctx } = turn;
  const name = nameOf(ctx.plan, member.personId);
  member.photo = check.accepted ? 'accepted' : 'rejected';
  member.photoBy = check.by;
  if (check.accepted) {
    speak(turn, prompts.photoAccepted(name));
    openDoorIfCleared(turn, active);
    return;
  }
  if (active.phase !== 'crew-auth') {
    const detail = {
      personId: member.personId,
      name,
      runId: active.runId,
      reason: 'photo-rejected',
      by: check.by,
    };
    raiseAlarm(turn, 'UNSCHEDULED_PERSON', detail, active);
    abortHandover(turn, 'photo-rejected', check.by);
    return;
  }
  member.verified = false;
  const reader = ctx.roles.crewReader;
  // While the reader is locked nobody can retry anyway; do not stack a second lockout on top.
  const locked = (turn.state.readers[reader]?.lockedUntil ?? 0) > ctx.now;
  const attempt = { reader, outcome: 'photo-rejected', personId: member.personId } as const;
  if (locked || !recordFailure(turn, active, attempt)) speak(turn, prompts.photoRejected(name));
}
