import type { AlarmKind, Severity } from '@vaultline/shared/contract/alarm-kinds';
import type { AlarmRecord, AlarmStore, GatewayRegistry } from '../ports.ts';
import { OpenAlarmIndex } from './open-alarm-index.ts';
import { CENTRE_SOURCE } from './rule-alarm-links.ts';

/** What ingest reports when a gateway's chain is broken (a bad signature, a fork, a gap never filled). */
export interface TamperReport {
  gatewayId: string;
  /** The first seq that failed, when known. */
  seq?: number | null;
  /** A short stable word: `signature`, `fork`, `gap`, `prev` … */
  problem: string;
  message: string;
  detail?: Record<string, unknown>;
}

/**
 * An offline alarm resolved by a person while the gateway stays offline still stands for the episode;
 * one resolved longer ago than this is not looked for after a restart (a new alarm is raised instead).
 */
const RESOLVED_OFFLINE_LOOKBACK_MS = 30 * 24 * 3_600_000;

export type SystemAlarmInput =
  | { action: 'raise'; alarm: AlarmRecord }
  | { action: 'clear'; alarm: AlarmRecord; reason: string };

interface SystemAlarmsOptions {
  store: AlarmStore;
  newAlarmId: () => string;
  gateways: GatewayRegistry | undefined;
  severity: Readonly<Record<AlarmKind, Severity>>;
}

/**
 * The alarms the centre raises about gateways themselves: GATEWAY_OFFLINE (one per offline episode,
 * found again after a restart while it is not cleared) and RECORD_TAMPERED (one per gateway, seq and
 * problem while it is not resolved: ingest may report the same broken record again).
 */
export class SystemAlarms {
  private readonly offline: OpenAlarmIndex;
  private readonly tamper: OpenAlarmIndex;

  constructor(private readonly options: SystemAlarmsOptions) {
    this.offline = new OpenAlarmIndex(options.store, {
      kind: 'GATEWAY_OFFLINE',
      keyOf: (alarm) => (alarm.source === CENTRE_SOURCE ? alarm.gatewayId : undefined),
      isOpen: (alarm) => alarm.clearedAt === undefined,
      resolvedLookbackMs: RESOLVED_OFFLINE_LOOKBACK_MS,
    });
    this.tamper = new OpenAlarmIndex(options.store, {
      kind: 'RECORD_TAMPERED',
      keyOf: (alarm) =>
        alarm.gatewayId === undefined ? undefined : tamperKey(alarm.gatewayId, alarm.detail),
      isOpen: (alarm) => alarm.state !== 'resolved',
    });
  }

  gatewayOnline(
    gatewayId: string,
    online: boolean,
    at: number,
    detail: Record<string, unknown>,
  ): SystemAlarmInput | undefined {
    const open = this.offline.find(gatewayId, at);
    if (online) return open && { action: 'clear', alarm: open, reason: 'gateway back online' };
    if (open) return undefined;
    return { action: 'raise', alarm: this.alarm('GATEWAY_OFFLINE', gatewayId, at, detail) };
  }

  tampered(report: TamperReport, at: number): SystemAlarmInput | undefined {
    const detail = {
      ...report.detail,
      seq: report.seq ?? null,
      problem: report.problem,
      message: report.message,
    };
    if (this.tamper.find(tamperKey(report.gatewayId, detail), at)) return undefined;
    return { action: 'raise', alarm: this.alarm('RECORD_TAMPERED', report.gatewayId, at, detail) };
  }

  /** Indexes an alarm once it is stored. */
  add(alarm: AlarmRecord, at: number): void {
    (alarm.kind === 'GATEWAY_OFFLINE' ? this.offline : this.tamper).add(alarm, at);
  }

  private alarm(
    kind: AlarmKind,
    gatewayId: string,
    at: number,
    detail: Record<string, unknown>,
  ): AlarmRecord {
    const alarm: AlarmRecord = {
      alarmId: this.options.newAlarmId(),
      kind,
      severity: this.options.severity[kind],
      state: 'raised',
      source: CENTRE_SOURCE,
      gatewayId,
      detail,
      raisedAt: at,
    };
    const siteId = this.options.gateways?.get(gatewayId)?.siteId;
    if (siteId !== undefined) alarm.siteId = siteId;
    return alarm;
  }
}

function tamperKey(gatewayId: string, detail: Record<string, unknown>): string {
  return `${gatewayId}|${String(detail.seq ?? '')}|${String(detail.problem ?? '')}`;
}
