import type { EnrolPrompt } from '../devices/fingerprint/fingerprint-enrolment.ts';

/**
 * One enrolment at a branch reader, as the kiosk shows it: the manager approves by fingerprint, chooses
 * the person and slot, and the person places the finger twice.
 */
export type EnrolmentPhase = 'manager' | 'choose' | 'capture' | 'enrolled' | 'failed';

export type EnrolmentFailure =
  /** Manager step: nobody placed a finger in time. */
  | 'manager-no-finger'
  /** Manager step: the finger is not in the reader's library (or the library is being synced). */
  | 'manager-unknown'
  /** Manager step: the finger matched someone who is not a manager of this site. */
  | 'not-a-manager'
  | 'manager-poor-image'
  /** Capture step: the reader's outcomes (fingerprint-enrolment.ts). */
  | 'no-finger'
  | 'not-lifted'
  | 'poor-image'
  | 'fingers-differ'
  /** The reader stopped answering, went offline, or the record could not be written. */
  | 'device';

export interface EnrolmentSession {
  sessionId: string;
  reader: string;
  phase: EnrolmentPhase;
  startedAt: number;
  /** The approving manager, once identified. */
  manager?: { personId: string; name: string };
  /** Who is being enrolled; `inPlan` false for an id only the centre knows. */
  person?: { personId: string; name?: string; inPlan: boolean };
  slot?: number;
  /** What the person at the reader is asked to do (capture phase). */
  prompt?: EnrolPrompt;
  failure?: {
    reason: EnrolmentFailure;
    during: 'manager' | 'capture';
    /** Who matched (not-a-manager), or the device error (device). */
    detail?: string;
  };
  /** Set once recorded (phase enrolled). */
  enrolmentId?: string;
}
