import type { Run } from '@vaultline/shared/plan/plan-schema';
import { type AlarmFactory, AlarmLatch, type RuleOutput } from './rule-output.ts';

interface StopProgress {
  seq: number;
  siteId: string;
  windowEnd: string;
  windowEndMs: number;
  arrived: boolean;
  completed: boolean;
  skipped: AlarmLatch;
  late: AlarmLatch;
}

interface RunProgress {
  /** Ascending by seq. */
  stops: StopProgress[];
  bySeq: Map<number, StopProgress>;
  open: number;
}

/**
 * STOP_SKIPPED and LATE_ARRIVAL for every run of the day (DESIGN §4), fed with the gateways'
 * `vehicle.arrived` and `handover.completed` events and with the time.
 *
 * - STOP_SKIPPED: the run arrives at stop k while an earlier stop j < k is not completed → one alarm for
 *   stop j (its site), once per stop; cleared if stop j is completed later after all.
 * - LATE_ARRIVAL: no arrival at a stop by its windowEnd → one alarm when `tick(now)` passes windowEnd;
 *   cleared when the vehicle does arrive. An arrival dated after windowEnd that no tick has caught yet
 *   raises and clears at once, so a late arrival is never missed whatever the tick cadence.
 * - A completion implies the arrival (the gateway's arrival event may be lost or out of order).
 * - Unknown runs and stops, and repeated events, change nothing.
 * `tick` walks one list of stops sorted by windowEnd, so each stop's deadline is looked at once.
 */
export class RunProgressRule {
  private readonly runs = new Map<string, RunProgress>();
  private readonly deadlines: StopProgress[] = [];
  private nextDeadline = 0;

  constructor(runs: readonly Run[], alarms: AlarmFactory) {
    for (const run of runs) {
      const stops = [...run.stops]
        .sort((a, b) => a.seq - b.seq)
        .map((stop) => {
          const scope = {
            runId: run.runId,
            vehicleId: run.vehicleId,
            siteId: stop.siteId,
            stopSeq: stop.seq,
          };
          return {
            seq: stop.seq,
            siteId: stop.siteId,
            windowEnd: stop.windowEnd,
            windowEndMs: Date.parse(stop.windowEnd),
            arrived: false,
            completed: false,
            skipped: new AlarmLatch(alarms, 'STOP_SKIPPED', scope),
            late: new AlarmLatch(alarms, 'LATE_ARRIVAL', scope),
          };
        });
      this.runs.set(run.runId, { stops, bySeq: new Map(stops.map((s) => [s.seq, s])), open: stops.length });
      this.deadlines.push(...stops.filter((s) => Number.isFinite(s.windowEndMs)));
    }
    // Stable: stops with the same windowEnd stay in plan order, so outputs are deterministic.
    this.deadlines.sort((a, b) => a.windowEndMs - b.windowEndMs);
  }

  /** True when every stop of the run is completed (false for an unknown run). */
  isComplete(runId: string): boolean {
    return this.runs.get(runId)?.open === 0;
  }

  arrival(runId: string, stopSeq: number, at: number): RuleOutput[] {
    const run = this.runs.get(runId);
    const stop = run?.bySeq.get(stopSeq);
    if (!run || !stop || stop.arrived) return [];
    stop.arrived = true;
    const out: RuleOutput[] = [];
    const lateMs = at - stop.windowEndMs;
    if (lateMs > 0 && !stop.late.wasRaised) push(out, stop.late.raise(lateDetail(stop), at));
    push(out, stop.late.clear(`arrived ${Math.round(lateMs / 60_000)} min after the window closed`, at));
    for (const earlier of run.stops) {
      if (earlier.seq >= stopSeq) break;
      if (earlier.completed || earlier.skipped.wasRaised) continue;
      const detail = {
        arrivedAtStopSeq: stop.seq,
        arrivedAtSiteId: stop.siteId,
        skippedStopArrived: earlier.arrived,
      };
      push(out, earlier.skipped.raise(detail, at));
    }
    return out;
  }

  completion(runId: string, stopSeq: number, at: number): RuleOutput[] {
    const run = this.runs.get(runId);
    const stop = run?.bySeq.get(stopSeq);
    if (!run || !stop || stop.completed) return [];
    const out = this.arrival(runId, stopSeq, at);
    stop.completed = true;
    run.open--;
    push(out, stop.skipped.clear('the skipped stop was completed after all', at));
    return out;
  }

  /** LATE_ARRIVAL for every stop whose window closed before `now` without an arrival. */
  tick(now: number): RuleOutput[] {
    const out: RuleOutput[] = [];
    while (
      this.nextDeadline < this.deadlines.length &&
      this.deadlines[this.nextDeadline]!.windowEndMs < now
    ) {
      const stop = this.deadlines[this.nextDeadline++]!;
      if (!stop.arrived && !stop.late.wasRaised) push(out, stop.late.raise(lateDetail(stop), now));
    }
    return out;
  }
}

function lateDetail(stop: StopProgress): Record<string, unknown> {
  return { windowEnd: stop.windowEnd };
}

function push(out: RuleOutput[], output: RuleOutput | undefined): void {
  if (output) out.push(output);
}
