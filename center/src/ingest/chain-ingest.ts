import type { KeyObject } from 'node:crypto';
import type { Logger } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { AckPayload, CmdPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { publicKeyFromRaw } from '@vaultline/shared/crypto/keys';
import type { Clock } from '@vaultline/shared/time/clock';
import type { ChainHead, EventStore, GatewayRegistry, RegisteredGateway } from '../ports.ts';
import type { GapDecision, GapTracker } from './gap-tracker.ts';
import type { IngestEffects, IngestMetrics, IngestOutcome, TamperReport } from './ingest-types.ts';
import { readEventsPayload } from './payload-reader.ts';
import { partitionAfterHead } from './run-partition.ts';
import { verifyRun } from './run-verifier.ts';

export type IngestCounters = Omit<IngestMetrics, 'held'>;

export interface ChainIngestDeps {
  registry: GatewayRegistry;
  events: EventStore;
  clock: Clock;
  logger: Logger;
  gaps: GapTracker;
  counters: IngestCounters;
  maxEnvelopes: number;
}

/**
 * One message of one gateway against its stored chain: schema, gateway id, duplicates and forks, the
 * contiguous run after the head (verified, then stored), and what lies beyond a gap (held). Writes go to
 * the store as they are decided; everything else (listeners, acks, resend requests) is added to `effects`
 * for the caller to carry out after its commit.
 */
export class ChainIngest {
  private readonly keys = new Map<string, { raw: string; key: KeyObject }>();

  constructor(private readonly deps: ChainIngestDeps) {}

  process(gatewayId: string, payload: Uint8Array, effects: IngestEffects): IngestOutcome {
    const { counters, logger } = this.deps;
    const outcome: IngestOutcome = { stored: 0, duplicates: 0 };
    counters.messages += 1;
    const gateway = this.deps.registry.get(gatewayId);
    if (!gateway) {
      counters.unknownGateway += 1;
      logger.warn({ gatewayId }, 'events from an unregistered gateway dropped; register it first');
      return outcome;
    }
    const reading = readEventsPayload(payload, this.deps.maxEnvelopes);
    if (!reading.ok) {
      counters.invalid += 1;
      logger.warn({ gatewayId, problem: reading.problem }, 'invalid events payload dropped');
      return outcome;
    }
    counters.received += reading.items;
    if (reading.invalid.length > 0) {
      counters.invalid += reading.invalid.length;
      logger.warn(
        { gatewayId, count: reading.invalid.length, first: reading.invalid[0] },
        'invalid envelopes dropped',
      );
    }
    const head = this.deps.events.head(gatewayId);
    if (head.tampered) {
      counters.blocked += 1;
      logger.debug({ gatewayId }, 'chain marked tampered: message ignored until an operator acts');
      return outcome;
    }
    const foreign = reading.envelopes.find((env) => env.gw !== gatewayId);
    if (foreign) {
      const message = `an envelope of gateway "${foreign.gw}" arrived on the topic of gateway "${gatewayId}": forged or misrouted; it was dropped`;
      outcome.tampered = this.tamper(
        { gatewayId, seq: foreign.seq, problem: 'gateway', message },
        false,
        effects,
      );
    }
    const key = this.keyFor(gateway);
    if (!key) return outcome;
    const own = reading.envelopes.filter((env) => env.gw === gatewayId);
    return this.extendChain(head, own, key, outcome, effects);
  }

  /** Carries out a gap decision: a resend request, or RECORD_TAMPERED for records that were removed. */
  onGapDecision(
    gatewayId: string,
    decision: GapDecision,
    outcome: IngestOutcome,
    effects: IngestEffects,
  ): void {
    if (decision.action === 'resend') {
      const cmd: CmdPayload = { cmd: 'resend', fromSeq: decision.fromSeq };
      this.deps.counters.resends += 1;
      outcome.resendFrom = decision.fromSeq;
      this.deps.logger.info({ gatewayId, fromSeq: decision.fromSeq }, 'gap in the chain: resend requested');
      effects.publish.push({ topic: topics.gatewayCmd(gatewayId), message: cmd });
    } else if (decision.action === 'give-up') {
      const { fromSeq, attempts, openMs, heldFrom } = decision;
      const message = `seq ${fromSeq}…${heldFrom - 1} never arrived although the gateway answered ${attempts} resend request(s): records were removed from its chain`;
      const detail = { fromSeq, toSeq: heldFrom - 1, reason: 'gap not filled', attempts, openMs };
      outcome.tampered = this.tamper(
        { gatewayId, seq: fromSeq, problem: 'gap', message, detail },
        true,
        effects,
      );
    }
  }

  private extendChain(
    head: ChainHead,
    own: EventEnvelope[],
    key: KeyObject,
    outcome: IngestOutcome,
    effects: IngestEffects,
  ): IngestOutcome {
    const { gatewayId } = head;
    const { events, gaps, counters, clock } = this.deps;
    const parts = partitionAfterHead(
      head,
      gaps.takeHeld(gatewayId),
      own,
      (seq) => events.get(gatewayId, seq)?.hash,
    );
    outcome.duplicates = parts.duplicates;
    counters.duplicates += parts.duplicates;
    if (parts.conflicts > 0) {
      this.deps.logger.warn(
        { gatewayId, conflicts: parts.conflicts },
        'two versions of an unstored seq: kept the first',
      );
    }
    if (parts.fork) {
      const { seq, hash } = parts.fork;
      const message = `seq ${seq} arrived with hash ${hash.slice(0, 12)}… but is stored with another: the gateway's chain was forked`;
      outcome.tampered = this.tamper({ gatewayId, seq, problem: 'fork', message }, true, effects);
      return outcome;
    }
    let headSeq = head.lastSeq;
    if (parts.run.length > 0) {
      const { verified, failure } = verifyRun(parts.run, key, head);
      if (verified.length > 0) {
        events.appendVerified(gatewayId, verified, clock.now());
        headSeq = verified.at(-1)?.seq ?? headSeq;
        outcome.stored = verified.length;
        counters.stored += verified.length;
        effects.stored.push({ gatewayId, envelopes: verified });
      }
      if (failure) {
        const report = { gatewayId, seq: failure.seq, problem: failure.problem, message: failure.message };
        outcome.tampered = this.tamper(report, true, effects);
        if (outcome.stored > 0) this.ack(gatewayId, headSeq, outcome, effects);
        return outcome;
      }
    }
    if (outcome.stored > 0 || outcome.duplicates > 0) this.ack(gatewayId, headSeq, outcome, effects);
    this.onGapDecision(
      gatewayId,
      gaps.afterMessage(gatewayId, headSeq, parts.beyond, clock.now()),
      outcome,
      effects,
    );
    return outcome;
  }

  private ack(gatewayId: string, upToSeq: number, outcome: IngestOutcome, effects: IngestEffects): void {
    const ack: AckPayload = { upToSeq };
    outcome.ackedUpTo = upToSeq;
    effects.publish.push({ topic: topics.gatewayAck(gatewayId), message: ack });
  }

  /** Counts and logs a finding; `stopGateway` marks the chain so ingest stops for it (ports.ts ChainHead). */
  private tamper(report: TamperReport, stopGateway: boolean, effects: IngestEffects): TamperReport {
    this.deps.counters.tampered += 1;
    if (stopGateway) {
      this.deps.events.markTampered(report.gatewayId);
      this.deps.gaps.forget(report.gatewayId);
    }
    this.deps.logger.error({ ...report, stopped: stopGateway }, 'RECORD_TAMPERED');
    effects.tampered.push(report);
    return report;
  }

  private keyFor(gateway: RegisteredGateway): KeyObject | undefined {
    const cached = this.keys.get(gateway.gatewayId);
    if (cached?.raw === gateway.publicKey) return cached.key;
    try {
      const key = publicKeyFromRaw(gateway.publicKey, 'ed25519');
      this.keys.set(gateway.gatewayId, { raw: gateway.publicKey, key });
      return key;
    } catch (error) {
      this.deps.logger.error(
        { gatewayId: gateway.gatewayId, err: error },
        'registered public key is unusable; re-register the gateway with the key `vaultline-gateway init` printed',
      );
      return undefined;
    }
  }
}
