import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { EventStore } from '../ports.ts';
import { type DayPlan, firstWindowStart } from './day-plan.ts';
import { RUN_EVENT_TYPES } from './run-events.ts';

/** Events of a day start at most this long before its first stop window (a run's lead time is ~1 h). */
const DAY_LEAD_MS = 24 * 3_600_000;
/**
 * Most events of one type read for a replay. A list without a limit stops at the store's default (1 000
 * in the SQLite repository), far below a busy day: 500 runs × 10 stops × 2 escorts is 10 000
 * `crew.verified`. The bound only keeps a broken store from exhausting memory.
 */
const REPLAY_LIMIT = 1_000_000;

/**
 * The stored events that can concern `plan`'s runs, oldest first: what a replay of the day feeds the
 * run progress and the rules. Events of other days' runs that come back with them are ignored by the
 * progress (unknown run or hand-over). Across gateways the order is by the gateways' `ts`; within one
 * gateway by `seq`, its own order.
 */
export function storedRunEvents(events: EventStore, plan: DayPlan): EventEnvelope[] {
  const from = firstWindowStart(plan);
  if (Number.isNaN(from)) return [];
  const since = from - DAY_LEAD_MS;
  const all = RUN_EVENT_TYPES.flatMap((type) => events.byType(type, { since, limit: REPLAY_LIMIT }));
  return all
    .map((envelope) => ({ envelope, at: Date.parse(envelope.ts) }))
    .sort(
      (a, b) =>
        a.at - b.at ||
        (a.envelope.gw < b.envelope.gw
          ? -1
          : a.envelope.gw > b.envelope.gw
            ? 1
            : a.envelope.seq - b.envelope.seq),
    )
    .map(({ envelope }) => envelope);
}
