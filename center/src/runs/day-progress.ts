import type { Run, Stop } from '@vaultline/shared/plan/plan-schema';
import type { DayPlan } from './day-plan.ts';
import type { RunEvent } from './run-events.ts';
import type { DayView, PositionView, RunView, StopState, StopView } from './run-views.ts';

interface StopProgress {
  run: Run;
  stop: Stop;
  windowEndMs: number;
  arrivedAt?: number;
  completedAt?: number;
  handoverId?: string;
  gatewayId?: string;
  inProgress: boolean;
  skipped: boolean;
  aborts: number;
  lastAbortReason?: string;
}

/** One stop of one run: what listeners are told changed. */
export interface StopRef {
  runId: string;
  seq: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The progress of one day's runs, stop by stop, from the gateways' events (see `run-events.ts`) and the
 * time. Pure: nothing here raises alarms (the centre rules do) or reads a clock. Used live by the run
 * tracker and, for other days, rebuilt from the stored events.
 */
export class DayProgress {
  private readonly runs = new Map<string, StopProgress[]>();
  private readonly byHandover = new Map<string, StopProgress>();
  private readonly positions = new Map<string, PositionView>();
  private readonly vehicles = new Set<string>();
  /** Stops by window end, for `tick`; `nextDeadline` is the first not yet passed. */
  private readonly deadlines: StopProgress[] = [];
  private nextDeadline = 0;

  constructor(readonly plan: DayPlan) {
    for (const run of plan.runs) {
      const stops = [...run.stops]
        .sort((a, b) => a.seq - b.seq)
        .map((stop) => ({
          run,
          stop,
          windowEndMs: Date.parse(stop.windowEnd),
          inProgress: false,
          skipped: false,
          aborts: 0,
        }));
      this.runs.set(run.runId, stops);
      this.vehicles.add(run.vehicleId);
      this.deadlines.push(...stops);
    }
    this.deadlines.sort((a, b) => a.windowEndMs - b.windowEndMs);
  }

  /** Applies one event; the stops whose view changed (none for events of other days' runs). */
  apply(event: RunEvent): StopRef[] {
    if (event.type === 'activity') {
      const stop = this.byHandover.get(event.handoverId);
      if (!stop || stop.completedAt !== undefined || stop.handoverId !== event.handoverId || stop.inProgress)
        return [];
      stop.inProgress = true;
      return [ref(stop)];
    }
    const stop = this.runs.get(event.runId)?.find((s) => s.stop.seq === event.stopSeq);
    if (!stop || stop.completedAt !== undefined) return [];
    if (event.type === 'abort') {
      if (stop.handoverId !== event.handoverId) return [];
      stop.inProgress = false;
      stop.aborts++;
      stop.lastAbortReason = event.reason;
      return [ref(stop)];
    }
    const changed = [ref(stop), ...this.skipBefore(stop)];
    stop.arrivedAt ??= event.at;
    stop.gatewayId = event.gatewayId;
    if (event.handoverId !== undefined) {
      stop.handoverId = event.handoverId;
      this.byHandover.set(event.handoverId, stop);
    }
    if (event.type === 'completion') {
      stop.completedAt = event.at;
      stop.inProgress = false;
    } else {
      // A new arrival starts a new hand-over: it is under way again only once an escort is verified.
      stop.inProgress = false;
    }
    return changed;
  }

  /** Stops whose window closed before `now` without an arrival: they turn `late` now. */
  tick(now: number): StopRef[] {
    const changed: StopRef[] = [];
    while (
      this.nextDeadline < this.deadlines.length &&
      this.deadlines[this.nextDeadline]!.windowEndMs < now
    ) {
      const stop = this.deadlines[this.nextDeadline++]!;
      if (stop.arrivedAt === undefined && !stop.skipped) changed.push(ref(stop));
    }
    return changed;
  }

  /** Records a vehicle's fix; false for a vehicle without a run this day, or an older fix. */
  position(vehicleId: string, position: PositionView): boolean {
    if (!this.vehicles.has(vehicleId)) return false;
    const last = this.positions.get(vehicleId);
    if (last && Date.parse(last.ts) >= Date.parse(position.ts)) return false;
    this.positions.set(vehicleId, position);
    return true;
  }

  /** Carries the last fixes over from the previous version of the same day's plan. */
  adoptPositions(previous: DayProgress): void {
    for (const [vehicleId, position] of previous.positions) this.position(vehicleId, position);
  }

  vehicleOf(runId: string): string | undefined {
    return this.runs.get(runId)?.[0]?.run.vehicleId;
  }

  stopView(at: StopRef, now: number): StopView | undefined {
    const stop = this.runs.get(at.runId)?.find((s) => s.stop.seq === at.seq);
    return stop && stopView(stop, now);
  }

  view(now: number): DayView {
    const runs: RunView[] = [];
    for (const [runId, stops] of this.runs) {
      const run = stops[0]!.run;
      const views = stops.map((s) => stopView(s, now));
      const completedStops = views.filter((s) => s.state === 'completed').length;
      const started = views.some((s) => s.state !== 'planned' && s.state !== 'late');
      const view: RunView = {
        runId,
        vehicleId: run.vehicleId,
        crew: [...run.crew],
        state: completedStops === views.length ? 'completed' : started ? 'under-way' : 'planned',
        completedStops,
        stops: views,
      };
      const position = this.positions.get(run.vehicleId);
      if (position) view.vehiclePosition = position;
      runs.push(view);
    }
    return { date: this.plan.date, planVersion: this.plan.version, runs };
  }

  /** STOP_SKIPPED's condition (DESIGN §4): earlier stops of the run not completed when it reaches `stop`. */
  private skipBefore(stop: StopProgress): StopRef[] {
    const changed: StopRef[] = [];
    for (const earlier of this.runs.get(stop.run.runId) ?? []) {
      if (earlier.stop.seq >= stop.stop.seq) break;
      if (earlier.completedAt !== undefined || earlier.skipped) continue;
      earlier.skipped = true;
      changed.push(ref(earlier));
    }
    return changed;
  }
}

function ref(stop: StopProgress): StopRef {
  return { runId: stop.run.runId, seq: stop.stop.seq };
}

function stateOf(stop: StopProgress, now: number): StopState {
  if (stop.completedAt !== undefined) return 'completed';
  if (stop.inProgress) return 'in-progress';
  if (stop.skipped) return 'skipped';
  if (stop.arrivedAt !== undefined) return 'arrived';
  return stop.windowEndMs < now ? 'late' : 'planned';
}

function stopView(stop: StopProgress, now: number): StopView {
  const { seq, siteId, kind, windowStart, windowEnd } = stop.stop;
  const late = stop.arrivedAt === undefined ? stop.windowEndMs < now : stop.arrivedAt > stop.windowEndMs;
  const view: StopView = {
    seq,
    siteId,
    kind,
    windowStart,
    windowEnd,
    state: stateOf(stop, now),
    late,
    aborts: stop.aborts,
  };
  if (stop.arrivedAt !== undefined) view.arrivedAt = iso(stop.arrivedAt);
  if (stop.completedAt !== undefined) view.completedAt = iso(stop.completedAt);
  if (stop.handoverId !== undefined) view.handoverId = stop.handoverId;
  if (stop.gatewayId !== undefined) view.gatewayId = stop.gatewayId;
  if (stop.lastAbortReason !== undefined) view.lastAbortReason = stop.lastAbortReason;
  return view;
}
