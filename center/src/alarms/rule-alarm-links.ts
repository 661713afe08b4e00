import type { AlarmRecord, AlarmStore } from '../ports.ts';
import type { CentreAlarm, CentreAlarmKind } from '../rules/rule-output.ts';
import { OpenAlarmIndex } from './open-alarm-index.ts';

/** The `source` of the alarms the centre's rules raise. */
export const CENTRE_SOURCE = 'centre';

/** Rule alarms older than this are not looked at for twins: a plan covers one day (plus a night run). */
const TWIN_LOOKBACK_MS = 48 * 3_600_000;

/** Kinds raised at most once per stop of a day's run (RunProgressRule): a twin is any earlier one. */
const ONCE_PER_STOP = new Set<CentreAlarmKind>(['STOP_SKIPPED', 'LATE_ARRIVAL']);

/**
 * Ties the centre rules' alarm ids to stored alarms. The rules are rebuilt when the centre restarts or a
 * new plan version arrives, and replay the day's stored events: what they raise again must find the alarm
 * raised the first time (its "twin": same kind, run, stop, vehicle and plan day, `detail.planDate` as the
 * run tracker stamps it), so the replay adds no alarm and a later clear reaches the stored one.
 * Position alarms (ROUTE_DEVIATION, UNEXPECTED_STOP) have a twin only while it is not cleared: a vehicle
 * may deviate again later. Positions are not replayed, so a position alarm open across a restart stays
 * uncleared until the rule raises it again (then it is joined) — the duty officer still resolves it.
 */
export class RuleAlarmLinks {
  private readonly indexes = new Map<CentreAlarmKind, OpenAlarmIndex>();
  /** Rule alarm id → id of the stored twin it stands for. */
  private readonly aliases = new Map<string, string>();

  constructor(private readonly store: AlarmStore) {
    for (const kind of ['ROUTE_DEVIATION', 'UNEXPECTED_STOP', 'STOP_SKIPPED', 'LATE_ARRIVAL'] as const) {
      const index = new OpenAlarmIndex(store, {
        kind,
        keyOf: (alarm) => (alarm.source === CENTRE_SOURCE ? twinKey(alarm) : undefined),
        isOpen: (alarm) => ONCE_PER_STOP.has(kind) || alarm.clearedAt === undefined,
        lookbackMs: TWIN_LOOKBACK_MS,
        resolvedLookbackMs: TWIN_LOOKBACK_MS,
      });
      this.indexes.set(kind, index);
    }
  }

  /** The stored alarm a rule's raise repeats, if any; remembered so the rule's clear reaches it. */
  twin(alarm: CentreAlarm): AlarmRecord | undefined {
    const stored = this.indexes.get(alarm.kind)?.find(twinKey(alarm), alarm.at);
    if (stored) this.aliases.set(alarm.alarmId, stored.alarmId);
    return stored;
  }

  /** The stored record of a new rule alarm. */
  record(alarm: CentreAlarm): AlarmRecord {
    const record: AlarmRecord = {
      alarmId: alarm.alarmId,
      kind: alarm.kind,
      severity: alarm.severity,
      state: 'raised',
      source: CENTRE_SOURCE,
      runId: alarm.runId,
      vehicleId: alarm.vehicleId,
      detail: alarm.detail,
      raisedAt: alarm.at,
    };
    if (alarm.siteId !== undefined) record.siteId = alarm.siteId;
    if (alarm.stopSeq !== undefined) record.stopSeq = alarm.stopSeq;
    return record;
  }

  add(alarm: AlarmRecord): void {
    this.indexes.get(alarm.kind as CentreAlarmKind)?.add(alarm, alarm.raisedAt);
  }

  /** The stored alarm a rule's clear is about (its own, or the twin it was joined to). */
  resolveId(ruleAlarmId: string): AlarmRecord | undefined {
    const alarm = this.store.get(this.aliases.get(ruleAlarmId) ?? ruleAlarmId);
    return alarm?.source === CENTRE_SOURCE ? alarm : undefined;
  }
}

function twinKey(alarm: {
  runId?: string;
  stopSeq?: number;
  vehicleId?: string;
  detail: Record<string, unknown>;
}): string {
  const planDate = typeof alarm.detail.planDate === 'string' ? alarm.detail.planDate : '';
  return [alarm.runId ?? '', alarm.stopSeq ?? '', alarm.vehicleId ?? '', planDate].join('|');
}
