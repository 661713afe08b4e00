import type { StopKind } from '@vaultline/shared/plan/plan-schema';

/**
 * A stop's progress: `planned` (nothing yet), `late` (its window closed with no arrival), `arrived`
 * (the vehicle is there; the hand-over has not got under way, or was aborted), `in-progress` (an
 * escort passed the fingerprint check), `completed`, `skipped` (the run went on to a later stop
 * without completing this one). One state, by priority: completed, in-progress (a skipped stop the crew
 * went back to), skipped, arrived, late, planned.
 */
export type StopState = 'planned' | 'arrived' | 'in-progress' | 'completed' | 'skipped' | 'late';

export interface StopView {
  seq: number;
  siteId: string;
  kind: StopKind;
  windowStart: string;
  windowEnd: string;
  state: StopState;
  /** Arrived after the window closed, or not arrived and the window has closed. */
  late: boolean;
  arrivedAt?: string;
  completedAt?: string;
  /** The hand-over under way, or the one that completed the stop. */
  handoverId?: string;
  gatewayId?: string;
  aborts: number;
  lastAbortReason?: string;
}

export interface PositionView {
  ts: string;
  lat: number;
  lon: number;
  speedKmh: number;
  headingDeg: number;
}

export type RunState = 'planned' | 'under-way' | 'completed';

export interface RunView {
  runId: string;
  vehicleId: string;
  crew: string[];
  state: RunState;
  completedStops: number;
  stops: StopView[];
  /** The run's vehicle's last position fix, whichever run it was on. */
  vehiclePosition?: PositionView;
}

export interface DayView {
  date: string;
  planVersion: number;
  runs: RunView[];
}

/** What the run tracker tells its listeners (the live stream). */
export type RunProgressEvent =
  | { type: 'stop'; date: string; runId: string; vehicleId: string; stop: StopView }
  | { type: 'position'; date: string; vehicleId: string; position: PositionView }
  | { type: 'plan'; date: string; version: number };
