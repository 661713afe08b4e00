import type { AlarmRaisedBody } from '@vaultline/shared/contract/event-bodies';
import type { KioskView } from './kiosk-view.ts';

/**
 * What the kiosk server needs from the gateway runtime. The server depends on nothing else, so it is
 * tested against an in-memory backend and the runtime wires the engine, store and devices behind it.
 */
export interface KioskBackend {
  /** The current screen model (built with the pure `buildKioskView`). */
  view(): KioskView;
  /** Live updates; returns the unsubscribe function. */
  subscribe(listener: (event: KioskEvent) => void): () => void;
  /** A manager action → engine input; rejects with a VaultlineError (its `code`) when refused. */
  act(action: KioskAction): Promise<void>;
  /** A live face capture, JPEG. */
  capture(captureId: string): Uint8Array | undefined;
  /** A stored photo from the plan, JPEG. */
  photo(personId: string): Uint8Array | undefined;
  /** A completed hand-over's report; undefined when there is no such hand-over. */
  report(handoverId: string, format: 'html' | 'pdf'): Promise<Uint8Array | undefined>;
}

export type KioskEvent =
  /** The screen changed: the whole new view. */
  | { type: 'view'; view: KioskView }
  /** A voice prompt; the page speaks it in its current language. */
  | { type: 'speak'; zh: string; en: string }
  /** An alarm was just raised (the view carries it too; this makes the page announce it). */
  | { type: 'alarm'; alarm: AlarmRaisedBody };

/** What a branch manager can do on the screen; the runtime adds who did it. */
export type KioskAction =
  | { type: 'manual-arrival'; vehicleId: string }
  | { type: 'photo-check'; personId: string; accepted: boolean }
  | { type: 'request-confirmation' }
  | { type: 'discrepancy-reason'; reason: string }
  | { type: 'staff-password'; personId: string; password: string }
  | { type: 'abort'; reason: string }
  /** Fingerprint enrolment (gateway/src/enrolment/): start at a reader, choose, try again, cancel/close. */
  | { type: 'enrol-start'; reader: string }
  | { type: 'enrol-choose'; personId: string; slot: number }
  | { type: 'enrol-retry' }
  | { type: 'enrol-cancel' };
