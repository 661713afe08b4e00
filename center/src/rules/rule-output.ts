import { type AlarmKind, DEFAULT_SEVERITY, type Severity } from '@vaultline/shared/contract/alarm-kinds';

/** The alarms of DESIGN §4 that the centre raises from positions and run progress. */
export type CentreAlarmKind = Extract<
  AlarmKind,
  'ROUTE_DEVIATION' | 'STOP_SKIPPED' | 'LATE_ARRIVAL' | 'UNEXPECTED_STOP'
>;

/** One vehicle fix (the `vl/v1/vehicle/{id}/pos` payload of DESIGN §7) with its time as epoch milliseconds. */
export interface VehicleFix {
  ts: number;
  lat: number;
  lon: number;
  /** Null or absent when the receiver gave no speed (NMEA RMC field 7 empty). */
  speedKmh?: number | null;
  headingDeg?: number | null;
}

/** What a raised alarm is about. Position alarms have no site; run-progress alarms name the stop. */
export interface AlarmScope {
  runId: string;
  vehicleId: string;
  siteId?: string;
  stopSeq?: number;
}

export interface CentreAlarm extends AlarmScope {
  alarmId: string;
  kind: CentreAlarmKind;
  severity: Severity;
  detail: Record<string, unknown>;
  /** Epoch ms: the time of the input that raised it (fix ts, arrival time, tick time). */
  at: number;
}

export interface RaiseOutput {
  action: 'raise';
  alarm: CentreAlarm;
}

export interface ClearOutput {
  action: 'clear';
  alarmId: string;
  kind: CentreAlarmKind;
  reason: string;
  at: number;
}

export type RuleOutput = RaiseOutput | ClearOutput;

/** Builds rule outputs: the one place alarm ids and severities are assigned (both injected). */
export class AlarmFactory {
  constructor(
    private readonly newAlarmId: () => string,
    private readonly severity: Readonly<Record<CentreAlarmKind, Severity>> = DEFAULT_SEVERITY,
  ) {}

  raise(kind: CentreAlarmKind, scope: AlarmScope, detail: Record<string, unknown>, at: number): RaiseOutput {
    const alarm: CentreAlarm = {
      alarmId: this.newAlarmId(),
      kind,
      severity: this.severity[kind],
      ...scope,
      detail,
      at,
    };
    return { action: 'raise', alarm };
  }

  clear(raised: RaiseOutput, reason: string, at: number): ClearOutput {
    return { action: 'clear', alarmId: raised.alarm.alarmId, kind: raised.alarm.kind, reason, at };
  }
}

/** A fix the position rules can use: finite coordinates and time. */
export function isUsableFix(fix: VehicleFix): boolean {
  return Number.isFinite(fix.ts) && Number.isFinite(fix.lat) && Number.isFinite(fix.lon);
}

/** One alarm of one rule instance: raised at most once until cleared; remembers whether it ever was. */
export class AlarmLatch {
  private raised: RaiseOutput | undefined;
  private everRaised = false;

  constructor(
    private readonly alarms: AlarmFactory,
    private readonly kind: CentreAlarmKind,
    private readonly scope: AlarmScope,
  ) {}

  get isRaised(): boolean {
    return this.raised !== undefined;
  }

  get wasRaised(): boolean {
    return this.everRaised;
  }

  /** Raises the alarm (a no-op returning undefined while it is raised). */
  raise(detail: Record<string, unknown>, at: number): RaiseOutput | undefined {
    if (this.raised) return undefined;
    this.everRaised = true;
    this.raised = this.alarms.raise(this.kind, this.scope, detail, at);
    return this.raised;
  }

  /** Clears a raised alarm (a no-op returning undefined when none is raised). */
  clear(reason: string, at: number): ClearOutput | undefined {
    const raised = this.raised;
    this.raised = undefined;
    return raised && this.alarms.clear(raised, reason, at);
  }
}
