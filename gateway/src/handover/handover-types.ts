import type { EventType } from '@vaultline/shared/contract/event-bodies';
import type { StopKind } from '@vaultline/shared/plan/plan-schema';

/**
 * The hand-over engine's contract: pure logic (`step`) driven by normalised driver events, kiosk actions
 * and timers; it answers with a new state (persisted after every step) and effects for the runtime.
 * It never sees bytes, transports or SQL.
 */

/** Which device plays which part at this site (from the gateway config). */
export interface SiteRoles {
  /** Fingerprint reader at the interlock door: crew authentication. */
  crewReader: string;
  /** Fingerprint reader in the hand-over zone: dual confirmation and the manager's override. */
  confirmReader: string;
  /** RFID readers that read vehicle tags (gate / parking bay). */
  vehicleReaders: string[];
  /** RFID readers that read cash boxes in the hand-over zone (fixed and handheld). */
  boxReaders: string[];
  /** Door (1-based, on the door controller) the crew enters through once verified. */
  crewDoor: number;
}

export interface EngineConfig {
  /** Consecutive failed verifications at one reader that raise AUTH_FAILED_5X (DESIGN §4: 5). */
  maxFailures: number;
  /** First lockout after AUTH_FAILED_5X, ms (≥ 30 s); doubles with each repeat the same day. */
  lockoutMs: number;
  /** Time boxes may still arrive after the manager asks to confirm with boxes missing, ms. */
  rescanWindowMs: number;
  /** How long the crew door stays unlocked, ms. */
  doorHoldMs: number;
  /** `required`: the door opens only after the manager accepted every live capture; `advisory`: on fingerprints, the manager may still reject. */
  photoCheck: 'required' | 'advisory';
  /** A vehicle may arrive this long before its stop's window starts, ms. */
  earlyArrivalMs: number;
  /** Staff confirm by fingerprint, or by password and then fingerprint. */
  staffConfirmation: 'fingerprint' | 'password+fingerprint';
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  maxFailures: 5,
  lockoutMs: 30_000,
  rescanWindowMs: 15_000,
  doorHoldMs: 8_000,
  photoCheck: 'required',
  earlyArrivalMs: 60 * 60_000,
  staffConfirmation: 'fingerprint',
};

export type HandoverInput =
  /** A vehicle tag read by one of `vehicleReaders`. */
  | { type: 'vehicle-tag'; reader: string; epc: string }
  /** The branch manager pressed "vehicle arrived" and chose the vehicle. */
  | { type: 'manual-arrival'; vehicleId: string; by: string }
  /** A fingerprint attempt; the runtime has mapped the module page to a person. */
  | {
      type: 'finger';
      reader: string;
      outcome: 'matched' | 'no-match' | 'poor-image';
      personId?: string;
      score?: number;
    }
  /**
   * A face capture taken at the moment of a crew-auth fingerprint attempt finished (stored by the runtime,
   * which also hashed the JPEG: the signed `face.captured` commits to the image).
   */
  | {
      type: 'face-captured';
      reader: string;
      captureId: string;
      personId?: string;
      /** Hex SHA-256 of the JPEG. */
      jpegSha256: string;
      /** Size of the JPEG. */
      bytes: number;
    }
  /** The manager compared stored photo and live capture. */
  | { type: 'photo-check'; personId: string; accepted: boolean; by: string }
  /** Door contact state from the door controller. */
  | { type: 'door'; door: number; open: boolean | null }
  /** The crew door's unlock failed (interlock: the other door is open, or the controller is offline). */
  | { type: 'door-refused'; door: number; reason: string }
  /** A tag read by one of `boxReaders`. */
  | { type: 'box-tag'; reader: string; epc: string }
  /** The manager asks to go to confirmation (all boxes scanned, or accepting a re-scan). */
  | { type: 'request-confirmation'; by: string }
  /** A staff member's password was checked by the kiosk (password + fingerprint mode). */
  | { type: 'staff-password'; personId: string; ok: boolean }
  /** The manager entered the reason for a discrepancy (missing boxes); the manager's fingerprint follows. */
  | { type: 'discrepancy-reason'; reason: string; by: string }
  /** The manager aborted the hand-over. */
  | { type: 'abort'; reason: string; by: string }
  /** A timer set by a `set-timer` effect fell due. */
  | { type: 'timer'; name: TimerName }
  /** A device went offline or came back (DEVICE_OFFLINE alarm, raised and cleared). */
  | { type: 'device-status'; device: string; online: boolean; reason: string };

export type TimerName = 'rescan-window' | `lockout:${string}`;

export type HandoverEffect =
  /** Append a signed event (same transaction as the new state). */
  | { type: 'emit'; event: EventType; body: Record<string, unknown> }
  /** Take a face capture now and answer with `face-captured` (crew authentication). */
  | { type: 'capture-face'; reader: string; personId?: string }
  /** Unlock a door for `holdMs`; answer with `door-refused` if the controller refuses. */
  | { type: 'open-door'; door: number; holdMs: number }
  | { type: 'set-timer'; name: TimerName; at: number }
  | { type: 'cancel-timer'; name: TimerName }
  /** Voice prompt on the kiosk (and the host's speaker). */
  | { type: 'speak'; zh: string; en: string }
  /** Start or stop reading boxes in the zone. */
  | { type: 'box-scanning'; on: boolean };

export type HandoverPhase =
  | 'crew-auth'
  | 'door'
  | 'box-scan'
  | 'rescan'
  | 'confirm'
  | 'discrepancy'
  | 'completed'
  | 'aborted';

export interface CrewMemberState {
  personId: string;
  verified: boolean;
  score?: number;
  verifiedAt?: number;
  captureId?: string;
  photo: 'pending' | 'accepted' | 'rejected';
  /** Who accepted or rejected the live capture (the manager), for the record. */
  photoBy?: string;
}

export interface ActiveHandover {
  handoverId: string;
  runId: string;
  stopSeq: number;
  siteId: string;
  kind: StopKind;
  vehicleId: string;
  startedAt: number;
  phase: HandoverPhase;
  crew: CrewMemberState[];
  /** Times crew authentication restarted after AUTH_FAILED_5X. */
  restarts: number;
  boxes: { expected: string[]; scanned: string[]; rejected: string[] };
  confirmations: {
    leader?: { personId: string; at: number };
    staff?: { personId: string; at: number; method: 'fingerprint' | 'password+fingerprint' };
  };
  /** Staff member whose password was accepted, awaiting their fingerprint. */
  staffPasswordOk?: string;
  discrepancy?: { reason?: string; approvedBy?: string; missing: string[] };
  /** Open MISSING_BOX alarm, cleared when the hand-over completes with the approved discrepancy. */
  missingAlarmId?: string;
  /** The crew door opened at least once after it was unlocked for this crew (closed again → box scan). */
  crewDoorOpened?: boolean;
  /** Why the last unlock of the crew door was refused; the unlock is retried once every door is closed. */
  doorRefused?: string;
  /** Escorts of other runs already reported by UNSCHEDULED_PERSON in this hand-over (one alarm each). */
  alarmedPersons?: string[];
}

export interface ReaderAuthState {
  /** Consecutive failed verifications during the current hand-over. */
  failures: number;
  /** Until when the reader refuses attempts (epoch ms), after AUTH_FAILED_5X. */
  lockedUntil?: number;
  /** Lockouts so far on `lockoutDay`: the next lasts lockoutMs × 2^lockouts. */
  lockouts: number;
  /** Service day (the plan's date) the lockouts were counted on; a new day's plan starts again at 30 s. */
  lockoutDay?: string;
}

export interface EngineState {
  v: 1;
  active: ActiveHandover | null;
  readers: Record<string, ReaderAuthState>;
  /** `runId#stopSeq` of stops handed over today (completed). */
  completedStops: string[];
  /** Open DEVICE_OFFLINE alarms by device id → alarmId. */
  offlineAlarms: Record<string, string>;
  /** Last reported contact state of each door (key: door number); null = unknown. */
  doors: Record<string, boolean | null>;
  /** Vehicle EPC → until when (epoch ms) its tag reads raise no UNSCHEDULED_VEHICLE and no prompt. */
  vehicleQuiet: Record<string, number>;
  /**
   * Vehicle id → until when its tag starts no hand-over (epoch ms): its hand-over here just ended and it
   * is still in the bay. The manager's manual arrival still starts one.
   */
  justHandedOver: Record<string, number>;
}

export interface EngineContext {
  /** The current signed site plan (null before the first plan arrives). */
  plan: import('@vaultline/shared/plan/plan-schema').SitePlan | null;
  siteId: string;
  roles: SiteRoles;
  config: EngineConfig;
  now: number;
  /** Unique ids for hand-overs and alarms (ULIDs in production, counters in tests). */
  newId: () => string;
}

export interface StepResult {
  state: EngineState;
  effects: HandoverEffect[];
}
