import type { AlarmRecord } from '../ports.ts';
import { AlarmActorError, AlarmNoteError, AlarmTransitionError } from './alarm-errors.ts';

/**
 * The lifecycle of an alarm at the centre (DESIGN §4): raised → acknowledged (by a named duty officer) →
 * resolved (with a note: the risk-handling record, 风险处置). Pure: each step returns a new record or
 * throws a typed error; nothing is stored here.
 *
 * Resolving needs an acknowledgement first, as a bank's duty procedure does: someone must have taken the
 * alarm in hand before anyone may close it. A clear (the condition went away: `alarm.cleared`, a rule's
 * clear, a gateway back online) is information on the record and never moves the state: the alarm still
 * has to be resolved by a person.
 */

/** Longest resolution note accepted, characters: a risk-handling record, not a document store. */
export const MAX_NOTE_LENGTH = 4000;

export function acknowledge(alarm: AlarmRecord, by: string, at: number): AlarmRecord {
  requireActor(by);
  if (alarm.state === 'acknowledged') {
    throw new AlarmTransitionError(
      'ALARM_ALREADY_ACKNOWLEDGED',
      alarm.alarmId,
      alarm.state,
      `${alarm.acknowledgedBy} acknowledged it already; resolve it with a note`,
    );
  }
  if (alarm.state === 'resolved') throw resolvedAlready(alarm);
  return { ...alarm, state: 'acknowledged', acknowledgedBy: by.trim(), acknowledgedAt: at };
}

export function resolve(alarm: AlarmRecord, by: string, at: number, note: string): AlarmRecord {
  requireActor(by);
  if (alarm.state === 'raised') {
    throw new AlarmTransitionError(
      'ALARM_NOT_ACKNOWLEDGED',
      alarm.alarmId,
      alarm.state,
      'acknowledge it first (POST /api/v1/alarms/:id/ack), then resolve it with a note',
    );
  }
  if (alarm.state === 'resolved') throw resolvedAlready(alarm);
  const text = note.trim();
  if (text.length === 0) {
    throw new AlarmNoteError(
      'ALARM_NOTE_REQUIRED',
      `resolving alarm ${alarm.alarmId} needs a note saying how the risk was handled (风险处置)`,
    );
  }
  if (text.length > MAX_NOTE_LENGTH) {
    throw new AlarmNoteError(
      'ALARM_NOTE_TOO_LONG',
      `the resolution note has ${text.length} characters; at most ${MAX_NOTE_LENGTH} are kept, shorten it`,
    );
  }
  return { ...alarm, state: 'resolved', resolvedBy: by.trim(), resolvedAt: at, resolutionNote: text };
}

/** Marks the condition gone; `undefined` when it was cleared before (a clear is recorded once). */
export function clear(alarm: AlarmRecord, reason: string, at: number): AlarmRecord | undefined {
  if (alarm.clearedAt !== undefined) return undefined;
  return { ...alarm, clearedAt: at, clearReason: reason };
}

function requireActor(by: string): void {
  if (by.trim().length === 0) throw new AlarmActorError();
}

function resolvedAlready(alarm: AlarmRecord): AlarmTransitionError {
  return new AlarmTransitionError(
    'ALARM_RESOLVED',
    alarm.alarmId,
    alarm.state,
    `${alarm.resolvedBy} resolved it already; a resolved alarm is closed`,
  );
}
