import type { Severity } from '@vaultline/shared/contract/alarm-kinds';
import { DEFAULT_SEVERITY } from '@vaultline/shared/contract/alarm-kinds';
import type { Run } from '@vaultline/shared/plan/plan-schema';
import { RouteDeviationRule } from './route-deviation-rule.ts';
import {
  AlarmFactory,
  type CentreAlarmKind,
  isUsableFix,
  type RuleOutput,
  type VehicleFix,
} from './rule-output.ts';
import { type CentreRulesConfig, resolveRulesConfig } from './rules-config.ts';
import { RunGeometry } from './run-geometry.ts';
import { RunProgressRule } from './run-progress-rule.ts';
import { UnexpectedStopRule } from './unexpected-stop-rule.ts';

/** The `pos` payload of DESIGN §7; `ts` as epoch ms or an ISO 8601 string. */
export interface VehiclePosition extends Omit<VehicleFix, 'ts'> {
  ts: number | string;
}

export interface CentreRulesOptions {
  /** The runs of the day, each with its vehicle. */
  runs: readonly Run[];
  /** Alarm ids (a ULID generator in the centre; a counter in tests). */
  newAlarmId: () => string;
  config?: Partial<CentreRulesConfig>;
  severity?: Partial<Record<CentreAlarmKind, Severity>>;
}

interface WatchedRun {
  run: Run;
  /** Position rules apply from here (first window start − runLeadMs) until the run is complete. */
  watchFrom: number;
  complete: boolean;
  geometry: RunGeometry | undefined;
}

/** Per vehicle: its runs by watchFrom, and the position rules of the run it is on now. */
interface VehicleState {
  runs: WatchedRun[];
  lastTs: number;
  current: WatchedRun | undefined;
  deviation: RouteDeviationRule | undefined;
  stopped: UnexpectedStopRule | undefined;
}

const NONE: readonly RuleOutput[] = Object.freeze([]);

/**
 * The centre's alarm rules on vehicle positions and run progress, behind one façade. Pure: time comes
 * from the inputs, alarm ids from the injected generator. Position fixes are judged against the run the
 * vehicle is on: of its runs whose watch has begun (see `runLeadMs`) and that are not complete, the one
 * that began last. When that changes, the previous run's raised position alarms are cleared, naming why.
 * Positions of vehicles without a run, or outside every run's watch, are ignored.
 */
export class CentreRules {
  readonly config: CentreRulesConfig;
  private readonly alarms: AlarmFactory;
  private readonly progress: RunProgressRule;
  private readonly vehicles = new Map<string, VehicleState>();
  private readonly watchedRuns = new Map<string, { vehicle: VehicleState; watched: WatchedRun }>();

  constructor(options: CentreRulesOptions) {
    this.config = resolveRulesConfig(options.config);
    this.alarms = new AlarmFactory(options.newAlarmId, { ...DEFAULT_SEVERITY, ...options.severity });
    this.progress = new RunProgressRule(options.runs, this.alarms);
    for (const run of options.runs) {
      let vehicle = this.vehicles.get(run.vehicleId);
      if (!vehicle) {
        vehicle = {
          runs: [],
          lastTs: Number.NEGATIVE_INFINITY,
          current: undefined,
          deviation: undefined,
          stopped: undefined,
        };
        this.vehicles.set(run.vehicleId, vehicle);
      }
      const firstWindow = Math.min(...run.stops.map((s) => Date.parse(s.windowStart)));
      const watched = {
        run,
        watchFrom: firstWindow - this.config.runLeadMs,
        complete: false,
        geometry: undefined,
      };
      vehicle.runs.push(watched);
      this.watchedRuns.set(run.runId, { vehicle, watched });
    }
    for (const vehicle of this.vehicles.values()) vehicle.runs.sort((a, b) => a.watchFrom - b.watchFrom);
  }

  position(vehicleId: string, pos: VehiclePosition): readonly RuleOutput[] {
    const vehicle = this.vehicles.get(vehicleId);
    if (!vehicle) return NONE;
    const fix = typeof pos.ts === 'number' ? (pos as VehicleFix) : { ...pos, ts: Date.parse(pos.ts) };
    if (!(fix.ts > vehicle.lastTs) || !isUsableFix(fix)) return NONE;
    vehicle.lastTs = fix.ts;
    const switched = this.follow(vehicle, fix.ts);
    if (!vehicle.current) return switched ?? NONE;
    const deviation = vehicle.deviation!.update(fix);
    const stopped = vehicle.stopped!.update(fix);
    if (!deviation && !stopped && !switched) return NONE;
    const out = switched ?? [];
    if (deviation) out.push(deviation);
    if (stopped) out.push(stopped);
    return out;
  }

  /** A gateway's `vehicle.arrived` {runId, stopSeq}, at epoch ms `at`. */
  arrival(runId: string, stopSeq: number, at: number): readonly RuleOutput[] {
    return this.progress.arrival(runId, stopSeq, at);
  }

  /** A gateway's `handover.completed` {runId, stopSeq}, at epoch ms `at`. */
  completion(runId: string, stopSeq: number, at: number): readonly RuleOutput[] {
    const out = this.progress.completion(runId, stopSeq, at);
    const entry = this.watchedRuns.get(runId);
    if (entry && this.progress.isComplete(runId)) {
      entry.watched.complete = true;
      // A finished run stops being watched now, not at the vehicle's next fix.
      out.push(...(this.follow(entry.vehicle, at) ?? []));
    }
    return out;
  }

  /** The passage of time: LATE_ARRIVAL for windows that closed before `now`. */
  tick(now: number): readonly RuleOutput[] {
    return this.progress.tick(now);
  }

  /** Moves the vehicle's position rules to the run it is on at `ts`; the clears of the previous run's alarms. */
  private follow(vehicle: VehicleState, ts: number): RuleOutput[] | undefined {
    let next: WatchedRun | undefined;
    for (const watched of vehicle.runs) {
      if (watched.watchFrom > ts) break;
      if (!watched.complete) next = watched;
    }
    const previous = vehicle.current;
    if (next === previous) return undefined;
    const reason = previous?.complete
      ? `run ${previous.run.runId} completed`
      : `vehicle now on run ${next?.run.runId ?? '(none)'}`;
    const out: RuleOutput[] = [];
    const clears = [vehicle.deviation?.close(reason, ts), vehicle.stopped?.close(reason, ts)];
    for (const clear of clears) if (clear) out.push(clear);
    vehicle.current = next;
    vehicle.deviation = undefined;
    vehicle.stopped = undefined;
    if (next) {
      next.geometry ??= new RunGeometry(next.run, {
        defaultGeofenceM: this.config.stopGeofenceM,
        cellM: this.config.routeCellM,
      });
      const scope = { runId: next.run.runId, vehicleId: next.run.vehicleId };
      vehicle.deviation = new RouteDeviationRule(scope, next.geometry, this.config, this.alarms);
      vehicle.stopped = new UnexpectedStopRule(scope, next.geometry, this.config, this.alarms);
    }
    return out;
  }
}
