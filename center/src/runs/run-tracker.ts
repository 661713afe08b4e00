import type { Logger } from '@vaultline/shared';
import type { Severity } from '@vaultline/shared/contract/alarm-kinds';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { check } from '@vaultline/shared/contract/validate';
import type { Clock, TimerHandle } from '@vaultline/shared/time/clock';
import type { EventStore } from '../ports.ts';
import { CentreRules } from '../rules/centre-rules.ts';
import type { CentreAlarmKind, RuleOutput } from '../rules/rule-output.ts';
import type { CentreRulesConfig } from '../rules/rules-config.ts';
import type { DayPlan } from './day-plan.ts';
import { DayProgress, type StopRef } from './day-progress.ts';
import { type RunEvent, readRunEvent } from './run-events.ts';
import type { DayView, PositionView, RunProgressEvent } from './run-views.ts';
import { storedRunEvents } from './stored-run-events.ts';

export interface RunTrackerOptions {
  /** Where the rules' raises and clears go (the AlarmService). */
  alarms: { applyRuleOutputs(outputs: readonly RuleOutput[]): void };
  clock: Clock;
  newAlarmId: () => string;
  logger: Logger;
  /** The stored events, replayed when a plan is loaded (centre restart, new plan version). */
  events?: EventStore;
  rules?: Partial<CentreRulesConfig>;
  severity?: Partial<Record<CentreAlarmKind, Severity>>;
  /** How often LATE_ARRIVAL deadlines are looked at, ms (default 15 s: a stop window is tens of minutes). */
  tickMs?: number;
  /** Least time between two position events of one vehicle on the live stream, ms (default 5 s). */
  positionEventMs?: number;
}

export interface RunTrackerMetrics {
  events: number;
  invalidEvents: number;
  positions: number;
  invalidPositions: number;
}

type Listener = (event: RunProgressEvent) => void;

interface Day {
  plan: DayPlan;
  progress: DayProgress;
  rules: CentreRules;
}

/**
 * The day's runs at the centre: holds the plan, follows every stop through the gateways' stored events
 * and every vehicle through its position fixes, feeds the centre rules (arrival, completion, position,
 * tick) and hands their raises and clears to the alarms. Loading a plan replays the day's stored events
 * into fresh rules and progress; the alarms join what the replay raises again to the stored alarms (see
 * `RuleAlarmLinks`), so a restart adds none. Listeners hear stop changes, throttled vehicle positions and
 * plan changes.
 */
export class RunTracker {
  private day: Day | undefined;
  private timer: TimerHandle | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly lastPositionEvent = new Map<string, number>();
  private readonly logger: Logger;
  private readonly counts: RunTrackerMetrics = {
    events: 0,
    invalidEvents: 0,
    positions: 0,
    invalidPositions: 0,
  };

  constructor(private readonly options: RunTrackerOptions) {
    this.logger = options.logger.child({ component: 'center.runs' });
  }

  get date(): string | undefined {
    return this.day?.plan.date;
  }

  /** Makes `plan` the day being tracked (a later version of the same day, or the next day). */
  loadPlan(plan: DayPlan): void {
    const previous = this.day;
    const progress = new DayProgress(plan);
    if (previous?.plan.date === plan.date) progress.adoptPositions(previous.progress);
    const rules = new CentreRules({
      runs: plan.runs,
      newAlarmId: this.options.newAlarmId,
      config: this.options.rules,
      severity: this.options.severity,
    });
    this.day = { plan, progress, rules };
    let replayed = 0;
    if (this.options.events) {
      for (const envelope of storedRunEvents(this.options.events, plan)) {
        const event = readRunEvent(envelope);
        if (event && event.type !== 'invalid') {
          this.feed(this.day, event);
          replayed++;
        }
      }
    }
    this.tick();
    this.logger.info(
      { date: plan.date, version: plan.version, runs: plan.runs.length, replayed },
      'plan loaded',
    );
    this.emit({ type: 'plan', date: plan.date, version: plan.version });
  }

  /** Starts the deadline ticks (LATE_ARRIVAL). */
  start(): void {
    if (this.timer) return;
    const every = this.options.tickMs ?? 15_000;
    const loop = () => {
      this.tick();
      this.timer = this.options.clock.setTimeout(loop, every);
    };
    this.timer = this.options.clock.setTimeout(loop, every);
  }

  stop(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Ingest's stored, verified envelopes of one gateway. */
  onGatewayEvents(gatewayId: string, envelopes: readonly EventEnvelope[]): void {
    const day = this.day;
    if (!day) return;
    for (const envelope of envelopes) {
      const event = readRunEvent(envelope);
      if (!event) continue;
      if (event.type === 'invalid') {
        this.counts.invalidEvents++;
        this.logger.warn(
          { gatewayId, seq: envelope.seq, type: envelope.type, problems: event.problems },
          'run event does not match the contract; ignored',
        );
        continue;
      }
      this.counts.events++;
      this.announce(day, this.feed(day, event));
    }
  }

  /** One message on `vl/v1/vehicle/{id}/pos`; false when it was ignored (invalid, or no run today). */
  position(vehicleId: string, payload: Uint8Array | string): boolean {
    const day = this.day;
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const fix = check(PositionPayload, value);
    if (!fix.ok) {
      this.counts.invalidPositions++;
      this.logger.debug(
        { vehicleId, problems: fix.errors },
        'position fix does not match the contract; ignored',
      );
      return false;
    }
    if (!day) return false;
    this.counts.positions++;
    this.raise(day, day.rules.position(vehicleId, fix.value));
    const { ts, lat, lon, speedKmh, headingDeg } = fix.value;
    const position: PositionView = { ts, lat, lon, speedKmh, headingDeg };
    if (!day.progress.position(vehicleId, position)) return false;
    const at = Date.parse(ts);
    const last = this.lastPositionEvent.get(vehicleId);
    if (last === undefined || at - last >= (this.options.positionEventMs ?? 5_000)) {
      this.lastPositionEvent.set(vehicleId, at);
      this.emit({ type: 'position', date: day.plan.date, vehicleId, position });
    }
    return true;
  }

  /** The passage of time: LATE_ARRIVAL, and stops turning late. Runs on its own once started. */
  tick(now = this.options.clock.now()): void {
    const day = this.day;
    if (!day) return;
    this.raise(day, day.rules.tick(now));
    this.announce(day, day.progress.tick(now));
  }

  view(): DayView | undefined {
    return this.day?.progress.view(this.options.clock.now());
  }

  onProgress(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  metrics(): RunTrackerMetrics {
    return { ...this.counts };
  }

  private feed(day: Day, event: RunEvent): StopRef[] {
    let outputs: readonly RuleOutput[] = [];
    if (event.type === 'arrival') outputs = day.rules.arrival(event.runId, event.stopSeq, event.at);
    else if (event.type === 'completion')
      outputs = day.rules.completion(event.runId, event.stopSeq, event.at);
    this.raise(day, outputs);
    return day.progress.apply(event);
  }

  /**
   * Hands rule outputs to the alarms with the plan day on every raise: run ids repeat from day to day,
   * and the alarms tell a replayed raise from a new one by kind, run, stop, vehicle and this day.
   */
  private raise(day: Day, outputs: readonly RuleOutput[]): void {
    if (outputs.length === 0) return;
    const stamped = outputs.map((output) =>
      output.action === 'raise'
        ? {
            ...output,
            alarm: { ...output.alarm, detail: { ...output.alarm.detail, planDate: day.plan.date } },
          }
        : output,
    );
    this.options.alarms.applyRuleOutputs(stamped);
  }

  private announce(day: Day, changed: readonly StopRef[]): void {
    const now = this.options.clock.now();
    for (const at of changed) {
      const stop = day.progress.stopView(at, now);
      const vehicleId = day.progress.vehicleOf(at.runId);
      if (stop && vehicleId)
        this.emit({ type: 'stop', date: day.plan.date, runId: at.runId, vehicleId, stop });
    }
  }

  private emit(event: RunProgressEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(
          { err: error, event: event.type },
          'run progress listener failed; others still hear',
        );
      }
    }
  }
}
