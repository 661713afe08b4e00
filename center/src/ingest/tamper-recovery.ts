import type { Logger } from '@vaultline/shared';
import type { Clock } from '@vaultline/shared/time/clock';
import type { AlarmService } from '../alarms/alarm-service.ts';
import type { AlarmRecord, AuditLog, EventStore, GatewayRegistry } from '../ports.ts';
import { MAX_RESUME_REASON, resumeRefusal } from './resume-policy.ts';

/** Asks a gateway to send its chain again from a seq (the running centre's ingest, or the CLI's broker client). */
export interface ResendRequester {
  /** False when the request could not be sent; the gateway then re-sends on its own later. */
  requestResend(gatewayId: string, fromSeq: number): Promise<boolean>;
}

/** Who resumes: their name for the audit log and the alarms, their role, and what the audit adds (via, token). */
export interface ResumeActor {
  name: string;
  role: string;
  context?: Record<string, unknown>;
}

export interface ResumeResult {
  gatewayId: string;
  /** The first seq the gateway is asked for: the centre's verified head + 1. */
  fromSeq: number;
  /** The RECORD_TAMPERED alarms the resume resolved, with the reason as their note. */
  resolvedAlarms: string[];
  resendRequested: boolean;
}

export interface TamperRecoveryDeps {
  events: Pick<EventStore, 'head' | 'clearTampered'>;
  gateways: Pick<GatewayRegistry, 'get'>;
  alarms: Pick<AlarmService, 'list' | 'resolve'>;
  audit: AuditLog;
  resend: ResendRequester;
  /** One store transaction for the flag, the alarms and the audit entry (`CentreStore.transaction`). */
  transaction?: <T>(fn: () => T) => T;
  clock: Clock;
  logger: Logger;
}

/** Resolved RECORD_TAMPERED alarms looked at (newest first): the episode's alarm is among the newest. */
const RESOLVED_LOOKBACK = 200;
/** Open alarms looked at per state; a centre with more open RECORD_TAMPERED alarms has other problems. */
const OPEN_LIMIT = 1_000;

/**
 * The operator's way out of RECORD_TAMPERED, option (a) "resume from the verified head": after the
 * checks of resume-policy.ts, clears the gateway's tampered flag, resolves its acknowledged
 * RECORD_TAMPERED alarms with the reason as note, and asks the gateway to send again from the centre's
 * last verified event + 1. Nothing stored is changed: records that still do not link to the verified
 * head are found again and stop ingest again with a new alarm. Every attempt, allowed or refused, is in
 * the audit log (`gateway.resume-ingest`, `gateway.resume-ingest.refused`).
 */
export class TamperRecovery {
  private readonly logger: Logger;

  constructor(private readonly deps: TamperRecoveryDeps) {
    this.logger = deps.logger.child({ component: 'center.tamper-recovery' });
  }

  async resumeIngest(gatewayId: string, actor: ResumeActor, reason: string): Promise<ResumeResult> {
    const { events, gateways } = this.deps;
    const target = `gateway:${gatewayId}`;
    const who = { role: actor.role, ...actor.context };
    const head = events.head(gatewayId);
    const tamperAlarms = this.tamperAlarms(gatewayId);
    const refusal = resumeRefusal({
      gatewayId,
      role: actor.role,
      reason,
      registered: gateways.get(gatewayId) !== undefined,
      head,
      tamperAlarms,
    });
    if (refusal) {
      const text = reason.trim();
      const said = text.length <= MAX_RESUME_REASON ? { reason: text } : { reasonLength: text.length };
      this.audit(actor.name, 'gateway.resume-ingest.refused', target, {
        code: refusal.code,
        message: refusal.message,
        ...said,
        ...who,
      });
      this.logger.warn({ gatewayId, by: actor.name, code: refusal.code }, 'resume of ingest refused');
      throw refusal;
    }
    const fromSeq = head.lastSeq + 1;
    const note = `Ingest resumed from the verified head (seq ${head.lastSeq}) by ${actor.name}: ${reason.trim()}`;
    const open = tamperAlarms.filter((alarm) => alarm.state === 'acknowledged');
    const transaction = this.deps.transaction ?? ((fn) => fn());
    transaction(() => {
      events.clearTampered(gatewayId);
      for (const alarm of open)
        this.deps.alarms.resolve(alarm.alarmId, { name: actor.name, context: who }, note);
      this.audit(actor.name, 'gateway.resume-ingest', target, {
        reason: reason.trim(),
        fromSeq,
        resolvedAlarms: open.map((alarm) => alarm.alarmId),
        ...who,
      });
    });
    const resendRequested = await this.deps.resend.requestResend(gatewayId, fromSeq);
    this.logger.warn(
      { gatewayId, by: actor.name, fromSeq, resendRequested },
      'ingest resumed from the verified head by an operator',
    );
    return { gatewayId, fromSeq, resolvedAlarms: open.map((alarm) => alarm.alarmId), resendRequested };
  }

  /** The gateway's RECORD_TAMPERED alarms: every open one, and the newest resolved ones. */
  private tamperAlarms(gatewayId: string): AlarmRecord[] {
    const { alarms } = this.deps;
    const kind = 'RECORD_TAMPERED' as const;
    return [
      ...alarms.list({ kind, state: 'raised', limit: OPEN_LIMIT }),
      ...alarms.list({ kind, state: 'acknowledged', limit: OPEN_LIMIT }),
      ...alarms.list({ kind, state: 'resolved', limit: RESOLVED_LOOKBACK }),
    ].filter((alarm) => alarm.gatewayId === gatewayId);
  }

  private audit(actor: string, action: string, target: string, detail: Record<string, unknown>): void {
    const clean = Object.fromEntries(Object.entries(detail).filter(([, value]) => value !== undefined));
    this.deps.audit.append({ at: this.deps.clock.now(), actor, action, target, detail: clean });
  }
}

export { ResumeRefusedError } from './resume-policy.ts';
