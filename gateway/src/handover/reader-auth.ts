import type { Person } from '@vaultline/shared/plan/plan-schema';
import { emit, raiseAlarm, speak, type Turn } from './engine-turn.ts';
import { prompts } from './handover-prompts.ts';
import type { ActiveHandover, EngineState, ReaderAuthState } from './handover-types.ts';

/**
 * Failed verifications per fingerprint reader, AUTH_FAILED_5X and the reader lockout (DESIGN §4):
 * `maxFailures` consecutive failures at one reader during a hand-over raise the alarm and lock the reader
 * for lockoutMs × 2^(lockouts so far that service day), i.e. 30 s, 60 s, 120 s … (NIST SP 800-63B
 * §5.2.3 rate limiting); the next day's plan starts again at lockoutMs.
 * At the crew reader the hand-over also restarts from crew authentication. At the confirm reader the
 * phase is kept: the crew is already inside the zone with the boxes, so sending everyone back to the
 * interlock door would only leave the boxes unattended; the alarm and the lock are the protection there.
 */

export type FailureOutcome = 'no-match' | 'poor-image' | 'not-on-crew' | 'photo-rejected';

/** A new hand-over, or the end of one: consecutive counts start again (locks stay until they expire). */
export function resetFailures(state: EngineState): void {
  for (const reader of Object.values(state.readers)) reader.failures = 0;
}

/**
 * True, with a prompt, while the reader is locked. A lock whose time has passed is lifted here as well,
 * so a late `lockout:` timer never keeps a reader locked longer than decided.
 */
export function refusedWhileLocked(turn: Turn, reader: string): boolean {
  const auth = turn.state.readers[reader];
  if (auth?.lockedUntil === undefined) return false;
  if (auth.lockedUntil <= turn.ctx.now) {
    unlock(auth);
    return false;
  }
  speak(turn, prompts.readerLocked(auth.lockedUntil - turn.ctx.now));
  return true;
}

/**
 * The `lockout:<reader>` timer: lifts the lock and clears the count. The timer of a lock that was already
 * lifted (its time passed before the timer came) changes nothing.
 */
export function onLockoutTimer(turn: Turn, reader: string): void {
  const auth = turn.state.readers[reader];
  if (auth?.lockedUntil !== undefined && auth.lockedUntil <= turn.ctx.now) unlock(auth);
}

/**
 * One failed verification at `reader` during `active`: `auth.failed`, then at the limit the alarm, the
 * lock and (crew reader, crew-auth phase) the restart. Returns true when the limit was reached; the caller
 * speaks its own prompt otherwise.
 */
export function recordFailure(
  turn: Turn,
  active: ActiveHandover,
  attempt: { reader: string; outcome: FailureOutcome; personId?: string },
): boolean {
  const { ctx, state } = turn;
  const auth = state.readers[attempt.reader] ?? { failures: 0, lockouts: 0 };
  state.readers[attempt.reader] = auth;
  auth.failures += 1;
  emit(turn, 'auth.failed', {
    handoverId: active.handoverId,
    reader: attempt.reader,
    outcome: attempt.outcome,
    consecutive: auth.failures,
    personId: attempt.personId,
  });
  if (auth.failures < ctx.config.maxFailures) return false;
  // Doubling punishes repeats within one service day; yesterday's lockouts do not lengthen today's.
  const day = ctx.plan?.date;
  if (auth.lockoutDay !== day) {
    auth.lockouts = 0;
    if (day === undefined) delete auth.lockoutDay;
    else auth.lockoutDay = day;
  }
  const lockoutMs = ctx.config.lockoutMs * 2 ** auth.lockouts;
  auth.lockouts += 1;
  auth.lockedUntil = ctx.now + lockoutMs;
  const restart = attempt.reader === ctx.roles.crewReader && active.phase === 'crew-auth';
  raiseAlarm(
    turn,
    'AUTH_FAILED_5X',
    { reader: attempt.reader, failures: auth.failures, lockoutMs, restarted: restart },
    active,
  );
  turn.effects.push({ type: 'set-timer', name: `lockout:${attempt.reader}`, at: auth.lockedUntil });
  if (restart) restartCrewAuth(turn, active);
  return true;
}

/**
 * A fingerprint matched an escort who is not on this run's crew (a private shift swap): UNSCHEDULED_PERSON,
 * once per person and hand-over, and the attempt counts as a failed verification.
 */
export function onEscortNotOnCrew(turn: Turn, active: ActiveHandover, reader: string, person: Person): void {
  active.alarmedPersons ??= [];
  if (!active.alarmedPersons.includes(person.personId)) {
    active.alarmedPersons.push(person.personId);
    raiseAlarm(
      turn,
      'UNSCHEDULED_PERSON',
      { personId: person.personId, name: person.name, runId: active.runId, reader },
      active,
    );
  }
  if (!recordFailure(turn, active, { reader, outcome: 'not-on-crew', personId: person.personId })) {
    speak(turn, prompts.notOnCrew(person.name));
  }
}

function restartCrewAuth(turn: Turn, active: ActiveHandover): void {
  active.crew = active.crew.map(({ personId }) => ({ personId, verified: false, photo: 'pending' }));
  active.restarts += 1;
  active.phase = 'crew-auth';
  speak(turn, prompts.crewRestart());
}

function unlock(auth: ReaderAuthState): void {
  delete auth.lockedUntil;
  auth.failures = 0;
}
