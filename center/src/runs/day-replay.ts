import type { EventStore } from '../ports.ts';
import type { DayPlan } from './day-plan.ts';
import { DayProgress } from './day-progress.ts';
import { readRunEvent } from './run-events.ts';
import type { DayView } from './run-views.ts';
import { storedRunEvents } from './stored-run-events.ts';

/**
 * The progress of a day other than the tracked one, rebuilt from the stored events: what `GET /runs`
 * answers for past days. Raises nothing: that day's alarms were raised when it was live.
 */
export function replayDay(plan: DayPlan, events: EventStore, now: number): DayView {
  const progress = new DayProgress(plan);
  for (const envelope of storedRunEvents(events, plan)) {
    const event = readRunEvent(envelope);
    if (event && event.type !== 'invalid') progress.apply(event);
  }
  return progress.view(now);
}
