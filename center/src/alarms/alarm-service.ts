import type { Logger } from '@vaultline/shared';
import { type AlarmKind, DEFAULT_SEVERITY, type Severity } from '@vaultline/shared/contract/alarm-kinds';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { Clock } from '@vaultline/shared/time/clock';
import type { AlarmRecord, AlarmState, AlarmStore, AuditLog, GatewayRegistry } from '../ports.ts';
import type { RuleOutput } from '../rules/rule-output.ts';
import { AlarmError, AlarmNotFoundError } from './alarm-errors.ts';
import { acknowledge, clear, resolve } from './alarm-lifecycle.ts';
import { readGatewayAlarm } from './gateway-alarm-events.ts';
import { RuleAlarmLinks } from './rule-alarm-links.ts';
import { type SystemAlarmInput, SystemAlarms, type TamperReport } from './system-alarms.ts';

export type AlarmChange = 'raised' | 'cleared' | 'acknowledged' | 'resolved';
export type AlarmListener = (alarm: AlarmRecord, change: AlarmChange) => void;

export interface AlarmServiceOptions {
  store: AlarmStore;
  audit: AuditLog;
  clock: Clock;
  /** Ids of the alarms the centre raises itself (a ULID generator; a counter in tests). */
  newAlarmId: () => string;
  logger: Logger;
  /** Names the site of a gateway's GATEWAY_OFFLINE and RECORD_TAMPERED alarms. */
  gateways?: GatewayRegistry;
  /** Severity of the alarms the centre raises about gateways (default DESIGN §4's). */
  severity?: Partial<Record<AlarmKind, Severity>>;
}

export interface AlarmMetrics {
  raised: number;
  /** Raises of an alarm already held (a redelivered event, a replayed rule). */
  duplicates: number;
  cleared: number;
  /** `alarm.raised` / `alarm.cleared` bodies that do not match the contract. */
  invalid: number;
  /** Clears naming no alarm held, or another source's alarm. */
  strayClears: number;
}

/** Who acts on an alarm: a person's name, and what the audit trail should add (token id, role). */
export interface AlarmActor {
  name: string;
  context?: Record<string, unknown>;
}

/**
 * Every alarm of DESIGN §4 at the centre, from four sources: the gateways' `alarm.raised` /
 * `alarm.cleared` events, the centre's own rules (RuleOutput raise/clear), the gateways' status
 * (GATEWAY_OFFLINE) and ingest's tamper reports (RECORD_TAMPERED). Runs the lifecycle of
 * `alarm-lifecycle.ts`; every step, and every refused step, goes to the audit log with who and when;
 * listeners (the live stream) hear each change after it is stored.
 */
export class AlarmService {
  private readonly listeners = new Set<AlarmListener>();
  private readonly rules: RuleAlarmLinks;
  private readonly system: SystemAlarms;
  private readonly logger: Logger;
  private readonly counts: AlarmMetrics = {
    raised: 0,
    duplicates: 0,
    cleared: 0,
    invalid: 0,
    strayClears: 0,
  };

  constructor(private readonly options: AlarmServiceOptions) {
    this.logger = options.logger.child({ component: 'center.alarms' });
    this.rules = new RuleAlarmLinks(options.store);
    this.system = new SystemAlarms({
      store: options.store,
      newAlarmId: options.newAlarmId,
      gateways: options.gateways,
      severity: { ...DEFAULT_SEVERITY, ...options.severity },
    });
  }

  /** Ingest's stored, verified envelopes of one gateway: raises and clears from its alarm events. */
  onGatewayEvents(gatewayId: string, envelopes: readonly EventEnvelope[]): void {
    for (const envelope of envelopes) {
      const input = readGatewayAlarm(envelope);
      if (!input) continue;
      if (input.action === 'invalid') {
        this.counts.invalid++;
        this.logger.warn(
          { gatewayId, seq: envelope.seq, type: envelope.type, problems: input.problems },
          'gateway alarm event does not match the contract; ignored',
        );
      } else if (input.action === 'raise') {
        this.raise(input.alarm);
      } else {
        const alarm = this.options.store.get(input.alarmId);
        if (!alarm || alarm.source !== input.source || alarm.kind !== input.kind) {
          this.strayClear(input.alarmId, input.source, 'no such alarm of this gateway and kind');
          continue;
        }
        this.clear(alarm, input.reason, input.at, input.source);
      }
    }
  }

  /** The centre rules' outputs: raise, or clear an alarm they raised. */
  applyRuleOutputs(outputs: readonly RuleOutput[]): void {
    for (const output of outputs) {
      if (output.action === 'raise') {
        const twin = this.rules.twin(output.alarm);
        if (twin) {
          this.counts.duplicates++;
          continue;
        }
        const alarm = this.rules.record(output.alarm);
        if (this.raise(alarm)) this.rules.add(alarm);
        continue;
      }
      const alarm = this.rules.resolveId(output.alarmId);
      if (!alarm) this.strayClear(output.alarmId, 'centre', 'not raised by the centre rules');
      else this.clear(alarm, output.reason, output.at, 'centre');
    }
  }

  /**
   * A gateway's status: online false (its last will, or a clean shutdown) raises GATEWAY_OFFLINE once per
   * offline episode; online true clears it. `detail` goes on a raised alarm (e.g. the status time).
   */
  gatewayOnline(
    gatewayId: string,
    online: boolean,
    at = this.options.clock.now(),
    detail: Record<string, unknown> = {},
  ): void {
    this.applySystem(this.system.gatewayOnline(gatewayId, online, at, detail), at);
  }

  /** Ingest found a forged, forked or removed record: RECORD_TAMPERED, once per report while unresolved. */
  recordTampered(report: TamperReport, at = this.options.clock.now()): void {
    this.applySystem(this.system.tampered(report, at), at);
  }

  acknowledge(alarmId: string, actor: AlarmActor): AlarmRecord {
    return this.act('acknowledge', alarmId, actor, (alarm, at) => acknowledge(alarm, actor.name, at));
  }

  resolve(alarmId: string, actor: AlarmActor, note: string): AlarmRecord {
    return this.act('resolve', alarmId, actor, (alarm, at) => resolve(alarm, actor.name, at, note));
  }

  get(alarmId: string): AlarmRecord | undefined {
    return this.options.store.get(alarmId);
  }

  list(filter: { state?: AlarmState; kind?: AlarmKind; since?: number; limit?: number } = {}): AlarmRecord[] {
    return this.options.store.list(filter);
  }

  /** Hears every stored change; returns the unsubscribe function. */
  onChange(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  metrics(): AlarmMetrics {
    return { ...this.counts };
  }

  private act(
    step: 'acknowledge' | 'resolve',
    alarmId: string,
    actor: AlarmActor,
    transition: (alarm: AlarmRecord, at: number) => AlarmRecord,
  ): AlarmRecord {
    const at = this.options.clock.now();
    const target = `alarm:${alarmId}`;
    try {
      const alarm = this.options.store.get(alarmId);
      if (!alarm) throw new AlarmNotFoundError(alarmId);
      const next = transition(alarm, at);
      this.options.store.update(next);
      const detail = step === 'resolve' ? { note: next.resolutionNote } : {};
      this.audit(actor.name, `alarm.${step}`, target, at, { ...detail, ...actor.context });
      this.logger.info({ alarmId, kind: next.kind, by: actor.name }, `alarm ${next.state}`);
      this.emit(next, next.state === 'resolved' ? 'resolved' : 'acknowledged');
      return next;
    } catch (error) {
      if (error instanceof AlarmError) {
        const detail = { code: error.code, message: error.message, ...actor.context };
        this.audit(actor.name, `alarm.${step}.refused`, target, at, detail);
      }
      throw error;
    }
  }

  /** Stores a new alarm; false (and nothing else happens) when its id is held already. */
  private raise(alarm: AlarmRecord): boolean {
    if (!this.options.store.insert(alarm)) {
      this.counts.duplicates++;
      const held = this.options.store.get(alarm.alarmId);
      if (held && held.source !== alarm.source) {
        this.logger.warn(
          { alarmId: alarm.alarmId, source: alarm.source, heldSource: held.source },
          'alarm id already used by another source; the second alarm was not stored',
        );
      }
      return false;
    }
    this.counts.raised++;
    const { kind, severity, siteId, runId, stopSeq, vehicleId, gatewayId } = alarm;
    const about = { kind, severity, siteId, runId, stopSeq, vehicleId, gatewayId };
    this.audit(alarm.source, 'alarm.raise', `alarm:${alarm.alarmId}`, this.options.clock.now(), about);
    this.logger.warn({ alarmId: alarm.alarmId, ...about }, 'alarm raised');
    this.emit(alarm, 'raised');
    return true;
  }

  private clear(alarm: AlarmRecord, reason: string, at: number, actor: string): void {
    const next = clear(alarm, reason, at);
    if (!next) return;
    this.options.store.update(next);
    this.counts.cleared++;
    this.audit(actor, 'alarm.clear', `alarm:${alarm.alarmId}`, this.options.clock.now(), {
      kind: alarm.kind,
      reason,
    });
    this.logger.info({ alarmId: alarm.alarmId, kind: alarm.kind, reason }, 'alarm cleared');
    this.emit(next, 'cleared');
  }

  private applySystem(input: SystemAlarmInput | undefined, at: number): void {
    if (input?.action === 'raise') {
      if (this.raise(input.alarm)) this.system.add(input.alarm, at);
    } else if (input?.action === 'clear') {
      this.clear(input.alarm, input.reason, at, 'centre');
    }
  }

  private strayClear(alarmId: string, source: string, why: string): void {
    this.counts.strayClears++;
    this.logger.warn({ alarmId, source }, `alarm clear ignored: ${why}`);
  }

  private audit(
    actor: string,
    action: string,
    target: string,
    at: number,
    detail: Record<string, unknown>,
  ): void {
    const clean = Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined));
    this.options.audit.append({ at, actor, action, target, detail: clean });
  }

  private emit(alarm: AlarmRecord, change: AlarmChange): void {
    for (const listener of this.listeners) {
      try {
        listener(alarm, change);
      } catch (error) {
        this.logger.error({ err: error, alarmId: alarm.alarmId }, 'alarm listener failed; others still hear');
      }
    }
  }
}
