import { VaultlineError } from '@vaultline/shared';
import { can } from '../console/permissions.ts';
import type { AlarmRecord, ChainHead } from '../ports.ts';

/** Shortest reason accepted, characters: a sentence someone can later audit, not "ok". */
export const MIN_RESUME_REASON = 10;
/**
 * Longest reason accepted, characters. It becomes part of the resolution note of the gateway's
 * RECORD_TAMPERED alarms, which holds 4 000 (alarm-lifecycle.ts MAX_NOTE_LENGTH) with room for the prefix.
 */
export const MAX_RESUME_REASON = 2_000;

export type ResumeRefusalCode =
  | 'RESUME_FORBIDDEN'
  | 'RESUME_REASON_REQUIRED'
  | 'RESUME_REASON_TOO_LONG'
  | 'RESUME_UNKNOWN_GATEWAY'
  | 'RESUME_NOT_STOPPED'
  | 'RESUME_ALARM_NOT_ACKNOWLEDGED';

/** Why an operator may not resume a gateway's ingest now; `code` is stable (API, console, audit). */
export class ResumeRefusedError extends VaultlineError {
  constructor(
    readonly refusal: ResumeRefusalCode,
    message: string,
  ) {
    super(refusal, message);
  }
}

/** What the decision looks at, read by the caller. */
export interface ResumeSituation {
  gatewayId: string;
  role: string;
  reason: string;
  registered: boolean;
  head: ChainHead;
  /** The gateway's RECORD_TAMPERED alarms: every open one, and the recently resolved ones. */
  tamperAlarms: readonly AlarmRecord[];
}

/**
 * Whether "resume from the verified head" may go ahead (pure). Only an admin, with a written reason,
 * for a gateway whose ingest is stopped, once every open RECORD_TAMPERED alarm of it was acknowledged —
 * someone looked at the finding before anyone lets the gateway's records in again.
 */
export function resumeRefusal(situation: ResumeSituation): ResumeRefusedError | undefined {
  const { gatewayId, role, head, tamperAlarms } = situation;
  const reason = situation.reason.trim();
  if (!can(role, 'gateway.resume-ingest')) {
    return new ResumeRefusedError(
      'RESUME_FORBIDDEN',
      `role ${role} may not resume ingest; an admin decides after the investigation`,
    );
  }
  if (reason.length < MIN_RESUME_REASON) {
    return new ResumeRefusedError(
      'RESUME_REASON_REQUIRED',
      `write why ingest of ${gatewayId} may resume (at least ${MIN_RESUME_REASON} characters): what was found and who checked it`,
    );
  }
  if (reason.length > MAX_RESUME_REASON) {
    return new ResumeRefusedError(
      'RESUME_REASON_TOO_LONG',
      `the reason has ${reason.length} characters; at most ${MAX_RESUME_REASON} are kept, shorten it`,
    );
  }
  if (!situation.registered) {
    return new ResumeRefusedError(
      'RESUME_UNKNOWN_GATEWAY',
      `no gateway ${gatewayId} is registered; check the id on the gateways page`,
    );
  }
  if (!head.tampered) {
    return new ResumeRefusedError(
      'RESUME_NOT_STOPPED',
      `ingest of ${gatewayId} is not stopped (no RECORD_TAMPERED holds it); there is nothing to resume`,
    );
  }
  const raised = tamperAlarms.filter((alarm) => alarm.state === 'raised');
  if (raised.length > 0) {
    return new ResumeRefusedError(
      'RESUME_ALARM_NOT_ACKNOWLEDGED',
      `acknowledge the RECORD_TAMPERED alarm(s) of ${gatewayId} first (${raised.map((a) => a.alarmId).join(', ')}), then resume`,
    );
  }
  if (tamperAlarms.length === 0) {
    return new ResumeRefusedError(
      'RESUME_ALARM_NOT_ACKNOWLEDGED',
      `no RECORD_TAMPERED alarm of ${gatewayId} was found to acknowledge; the finding must be on record before ingest resumes — check the alarms and the audit log`,
    );
  }
  return undefined;
}
