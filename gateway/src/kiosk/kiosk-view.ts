import type { AlarmKind, Severity } from '@vaultline/shared/contract/alarm-kinds';
import type { StopKind } from '@vaultline/shared/plan/plan-schema';
import type { DeviceKind } from '../devices/driver/device-health.ts';
import type { KioskEnrolment } from '../enrolment/enrolment-kiosk-view.ts';
import type { HandoverPhase } from '../handover/handover-types.ts';
import type { Bilingual } from './kiosk-strings.ts';

/**
 * The branch screen's model: plain JSON, sent whole on every change (`GET /api/view`, SSE `view`).
 * Times are epoch ms unless named ISO; the page formats them in the branch's local time.
 */
export interface KioskView {
  v: 1;
  /** Gateway time when the view was built: the page corrects its clock offset from it. */
  generatedAt: number;
  site: { siteId: string; name?: string };
  gatewayId: string;
  plan: { planId: string; version: number; date: string } | null;
  /** What the screen asks for right now (the active hand-over's prompt, or the idle prompt). */
  prompt: Bilingual;
  stops: KioskStop[];
  /** Vehicles the manager may register as arrived by hand (a planned stop here, not handed over yet). */
  arrivals: KioskArrivalChoice[];
  /** Staff of this site who can confirm with a password (password + fingerprint mode only). */
  staff: KioskPersonRef[];
  active: KioskHandover | null;
  /** The last completed hand-over (for printing its report), when no hand-over is active. */
  lastCompleted: KioskCompleted | null;
  readers: KioskReader[];
  devices: KioskDevice[];
  /** Today's alarms, newest first. */
  alarms: KioskAlarm[];
  openAlarms: number;
  /** Fingerprint enrolment at this site's readers; absent where the runtime offers none. */
  enrolment?: KioskEnrolment;
}

export type StopState = 'planned' | 'in-progress' | 'completed';

export interface KioskStop {
  runId: string;
  seq: number;
  kind: StopKind;
  windowStart: string;
  windowEnd: string;
  vehicleId: string;
  plate: string;
  crew: KioskPersonRef[];
  boxCount: number;
  state: StopState;
}

export interface KioskArrivalChoice {
  vehicleId: string;
  plate: string;
  runId: string;
  stopSeq: number;
  windowStart: string;
  windowEnd: string;
}

export interface KioskPersonRef {
  personId: string;
  name: string;
  employeeNo?: string;
}

export interface KioskHandover {
  handoverId: string;
  runId: string;
  stopSeq: number;
  kind: StopKind;
  phase: HandoverPhase;
  startedAt: number;
  vehicle: { vehicleId: string; plate: string };
  window: { start: string; end: string } | null;
  crew: KioskCrewCard[];
  boxes: KioskBoxes;
  confirmations: { leader: KioskConfirmation; staff: KioskConfirmation };
  discrepancy: KioskDiscrepancy | null;
  prompt: Bilingual;
  /** Which manager actions make sense now (the engine still has the last word). */
  can: {
    requestConfirmation: boolean;
    enterReason: boolean;
    staffPassword: boolean;
    abort: boolean;
  };
  report: KioskReportLinks | null;
}

export type CrewCardState = 'verified' | 'failed' | 'pending';

export interface KioskCrewCard {
  personId: string;
  name: string;
  employeeNo: string;
  company?: string;
  leader: boolean;
  /** False when the plan has no such person (the card then shows the id only). */
  known: boolean;
  /** verified = fingerprint matched and photo accepted; failed = photo rejected. */
  state: CrewCardState;
  fingerprint: 'matched' | 'waiting';
  score?: number;
  verifiedAt?: number;
  photoCheck: 'pending' | 'accepted' | 'rejected';
  /** Accept/Reject make sense: a live capture exists and the check is still open. */
  canCheckPhoto: boolean;
  photoUrl?: string;
  captureUrl?: string;
}

export type BoxState = 'scanned' | 'expected' | 'missing' | 'rejected';

export interface KioskBoxes {
  counts: { expected: number; scanned: number; outstanding: number; missing: number; rejected: number };
  /** Manifest order, then rejected (wrong) boxes. */
  items: Array<{ epc: string; state: BoxState }>;
}

export interface KioskConfirmation {
  done: boolean;
  personId?: string;
  name?: string;
  at?: number;
  method?: 'fingerprint' | 'password+fingerprint';
  /** Staff only: whose password was accepted, awaiting their fingerprint. */
  passwordOk?: KioskPersonRef;
  /** Staff only: wording depends on the site (branch or vault). */
  side?: 'branch' | 'vault';
}

export interface KioskDiscrepancy {
  missing: string[];
  reason?: string;
  approvedBy?: KioskPersonRef;
}

export interface KioskReportLinks {
  handoverId: string;
  html: string;
  pdf: string;
}

export interface KioskCompleted {
  handoverId: string;
  runId: string;
  stopSeq: number;
  plate: string;
  completedAt: number;
  discrepancy: boolean;
  report: KioskReportLinks;
}

export interface KioskReader {
  reader: string;
  role?: 'crew' | 'confirm';
  failures: number;
  lockedUntil?: number;
  /** Whole seconds of lockout left when the view was built (0 when not locked). */
  secondsLeft: number;
}

export interface KioskDevice {
  device: string;
  kind: DeviceKind;
  online: boolean;
  reason: string;
  since: number;
}

export interface KioskAlarm {
  alarmId: string;
  kind: AlarmKind;
  severity: Severity;
  at: number;
  runId?: string;
  stopSeq?: number;
  cleared: boolean;
  /** What happened, from the alarm's detail: people and vehicles by name and plate. */
  facts: Array<{ key: string; value: string }>;
}
