import type { AlarmRaisedBody, HandoverCompletedBody } from '../contract/event-bodies.ts';
import type { Bilingual } from '../i18n/domain-labels.ts';
import type { PersonRole } from '../plan/plan-schema.ts';

/** A JPEG as bytes, a `data:` URL, or plain base64 (as the plan stores `photoJpeg`). */
export type ImageSource = Uint8Array | string;

/** What the report needs to know about a person (a plan `Person` fits). */
export interface ReportPerson {
  personId: string;
  name: string;
  employeeNo: string;
  role?: PersonRole;
  company?: string;
}

/** Everything one hand-over report shows: the signed record plus the names and photos it refers to. */
export interface ReportRecord {
  /** The `handover.completed` body as signed into the chain. */
  completed: HandoverCompletedBody;
  site: { siteId: string; name?: string };
  vehicle: { vehicleId: string; plate: string };
  /** The crew, the confirming staff and the approving manager. */
  people: ReportPerson[];
  /**
   * Per crew member: the stored photo and the face captured at the door. Where the capture itself is not
   * at hand, `captureId` names it, and `capturedAbsence` says why (the centre: not received yet, or
   * deleted after retention); without it the capture is taken to stay at the gateway.
   */
  photos: Record<
    string,
    { stored?: ImageSource; captured?: ImageSource; captureId?: string; capturedAbsence?: Bilingual }
  >;
  /** `hash` and `seq` of the signed `handover.completed` envelope. */
  recordHash: string;
  seq: number;
  gatewayId: string;
  /** Alarms raised during the hand-over. */
  alarms: Array<AlarmRaisedBody & { at: number; cleared?: boolean }>;
  /** IANA time zone the times are printed in (default: the host's). */
  timeZone?: string;
}
