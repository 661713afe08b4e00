import { VaultlineError } from '@vaultline/shared';
import type { AlarmState } from '../ports.ts';

/** The alarm layer refused a step of the lifecycle; `code` is stable (the HTTP API answers with it). */
export class AlarmError extends VaultlineError {}

export class AlarmNotFoundError extends AlarmError {
  constructor(readonly alarmId: string) {
    super('ALARM_NOT_FOUND', `no alarm ${alarmId}; list the alarms (GET /api/v1/alarms) for their ids`);
  }
}

/** A step that does not follow from the alarm's state (raised → acknowledged → resolved). */
export class AlarmTransitionError extends AlarmError {
  constructor(
    code: 'ALARM_ALREADY_ACKNOWLEDGED' | 'ALARM_NOT_ACKNOWLEDGED' | 'ALARM_RESOLVED',
    readonly alarmId: string,
    readonly state: AlarmState,
    message: string,
  ) {
    super(code, `alarm ${alarmId} is ${state}: ${message}`);
  }
}

/** The resolution note (风险处置, the risk-handling record) is missing or does not fit. */
export class AlarmNoteError extends AlarmError {
  constructor(code: 'ALARM_NOTE_REQUIRED' | 'ALARM_NOTE_TOO_LONG', message: string) {
    super(code, message);
  }
}

/** The person acting on an alarm has no name, so the audit trail could not say who it was. */
export class AlarmActorError extends AlarmError {
  constructor() {
    super('ALARM_ACTOR_REQUIRED', 'acknowledging or resolving an alarm needs the name of the person acting');
  }
}
