/** Run progress at the centre: the day's plan, stop states, vehicle positions, and the rules they feed. */
export { type DayPlan, type DayPlanSource, firstWindowStart } from './day-plan.ts';
export { DayProgress, type StopRef } from './day-progress.ts';
export { replayDay } from './day-replay.ts';
export { RUN_EVENT_TYPES, type RunEvent, readRunEvent } from './run-events.ts';
export { RunTracker, type RunTrackerMetrics, type RunTrackerOptions } from './run-tracker.ts';
export type {
  DayView,
  PositionView,
  RunProgressEvent,
  RunState,
  RunView,
  StopState,
  StopView,
} from './run-views.ts';
export { storedRunEvents } from './stored-run-events.ts';
