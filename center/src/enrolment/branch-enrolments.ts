import type { KeyObject } from 'node:crypto';
import { type Clock, type Logger, silentLogger, type TimerHandle } from '@vaultline/shared';
import type { PersonEnrolledBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { CmdPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import type { IngestPublisher } from '../ingest/ingest-types.ts';
import type { AuditLog, EventStore } from '../ports.ts';
import type { PeopleDirectory } from '../registry/registry-ports.ts';
import {
  enrolledBody,
  enrolmentMismatch,
  type OpenedEnrolment,
  openEnrolMessage,
} from './enrolment-message.ts';

export interface BranchEnrolmentOptions {
  people: Pick<PeopleDirectory, 'setTemplate'>;
  events: Pick<EventStore, 'byType'>;
  audit: AuditLog;
  /** Answers on the gateway's `cmd` topic (enrolment-result, enrolment-resend). */
  publisher: IngestPublisher;
  /** The centre's X25519 private key (`CentreKeys.encryptionKey`). */
  centreKey: KeyObject;
  /** Runs the template write and its audit entry in one transaction (`CentreStore.transaction`). */
  transaction?: <T>(fn: () => T) => T;
  clock: Clock;
  logger?: Logger;
  /** After a `person.enrolled` arrives without its message, ask the gateway for it after this, ms (5 s). */
  resendDelayMs?: number;
  /** Requests for the same enrolment before giving up (the gateway also re-sends on its own). */
  maxResendRequests?: number;
  /** Messages held while their event is not in the chain yet; the oldest go beyond this. */
  maxPending?: number;
}

export interface BranchEnrolmentMetrics {
  /** `enrol` messages received. */
  received: number;
  /** Not JSON or not an enrol message. */
  invalid: number;
  /** Templates stored through PeopleDirectory. */
  stored: number;
  /** Messages refused: undecryptable, not matching the signed event, or a person the centre cannot take. */
  refused: number;
  /** Resend requests sent to gateways. */
  resendRequests: number;
  /** Messages waiting for their event right now. */
  pending: number;
}

const DEFAULT_RESEND_DELAY_MS = 5_000;
const DEFAULT_MAX_RESEND_REQUESTS = 3;
const DEFAULT_MAX_PENDING = 1_000;
/** Enrolments remembered as stored, so a redelivered message is answered without storing it twice. */
const MAX_REMEMBERED = 10_000;
/** How far back in a gateway's chain an enrol message looks for its event. */
const EVENT_LOOKBACK = 10_000;

/**
 * Fingerprints enrolled at branch readers (issue 5). The template arrives on `vl/v1/gw/{id}/enrol`,
 * encrypted to the centre but not signed; the gateway's signed chain carries `person.enrolled` with the
 * template's SHA-256. A template is stored (PeopleDirectory.setTemplate, via `branch:<gatewayId>`) only
 * when both are here and agree: same gateway, enrolment id, person, slot and hash. A message waits for its
 * event in memory; after a restart the gateway sends it again (it keeps it until the centre answers), and
 * an event without its message makes the centre ask for it. A message that does not match is refused:
 * logged, counted and audited, and the genuine one is asked for again.
 */
export class BranchEnrolments {
  private readonly logger: Logger;
  private readonly pending = new Map<string, OpenedEnrolment[]>();
  private readonly stored = new Map<string, string>();
  private readonly resendAsked = new Map<string, number>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly counters = { received: 0, invalid: 0, stored: 0, refused: 0, resendRequests: 0 };

  constructor(private readonly options: BranchEnrolmentOptions) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'center.enrolment' });
  }

  metrics(): BranchEnrolmentMetrics {
    let pending = 0;
    for (const list of this.pending.values()) pending += list.length;
    return { ...this.counters, pending };
  }

  /** One `enrol` message from `gatewayId` (the topic's owner, which the broker's ACL ties to its login). */
  async receive(gatewayId: string, payload: Uint8Array): Promise<void> {
    this.counters.received += 1;
    const reading = await openEnrolMessage(gatewayId, payload, this.options.centreKey);
    if (!reading.ok) {
      if ('invalid' in reading) {
        this.counters.invalid += 1;
        this.logger.warn({ gatewayId, problem: reading.invalid }, 'invalid enrol message ignored');
        return;
      }
      const { enrolmentId, personId, sealed } = reading;
      this.refuse({ gatewayId, enrolmentId, personId }, sealed);
      this.askAgainIfEventStored(gatewayId, enrolmentId);
      return;
    }
    const enrolment = reading.enrolment;
    const known = this.stored.get(enrolment.enrolmentId);
    const envelope = this.findEvent(gatewayId, enrolment.enrolmentId);
    if (!envelope) {
      this.hold(enrolment);
      return;
    }
    if (known === enrolment.templateSha256) {
      // Redelivered after it was stored (the answer was lost): answer again, store nothing twice.
      this.answer(gatewayId, {
        cmd: 'enrolment-result',
        enrolmentId: enrolment.enrolmentId,
        outcome: 'stored',
      });
      return;
    }
    this.settle([enrolment], envelope);
  }

  /** Envelopes a gateway's verified chain just stored (IngestService `onStored`). */
  onGatewayEvents(gatewayId: string, envelopes: readonly EventEnvelope[]): void {
    for (const envelope of envelopes) {
      const body = enrolledBody(envelope);
      if (!body) {
        if (envelope.type === 'person.enrolled')
          this.logger.warn(
            { gatewayId, seq: envelope.seq },
            'person.enrolled event without its fields ignored',
          );
        continue;
      }
      const waiting = this.pending.get(body.enrolmentId) ?? [];
      this.pending.delete(body.enrolmentId);
      if (waiting.length > 0) this.settle(waiting, envelope);
      else this.scheduleResend(gatewayId, body.enrolmentId);
    }
  }

  /** Cancels pending resend requests. */
  stop(): void {
    for (const timer of this.timers.values()) this.options.clock.clearTimeout(timer);
    this.timers.clear();
  }

  /** The matching candidate is stored; every other one is refused. */
  private settle(candidates: OpenedEnrolment[], envelope: EventEnvelope): void {
    const body = enrolledBody(envelope);
    if (!body) return;
    let storedOne = this.stored.get(body.enrolmentId) === body.templateSha256;
    for (const candidate of candidates) {
      const mismatch = enrolmentMismatch(candidate, envelope, body);
      if (mismatch) this.refuse(candidate, mismatch, envelope.seq);
      else if (!storedOne) storedOne = this.store(candidate, envelope, body);
    }
    if (!storedOne) this.askAgain(envelope.gw, body.enrolmentId);
  }

  private store(enrolment: OpenedEnrolment, envelope: EventEnvelope, body: PersonEnrolledBody): boolean {
    const { people, audit, clock } = this.options;
    const transaction = this.options.transaction ?? ((fn) => fn());
    const gatewayId = envelope.gw;
    try {
      transaction(() => {
        people.setTemplate(body.personId, body.slot, enrolment.template, `branch:${gatewayId}`);
        audit.append({
          at: clock.now(),
          actor: `branch:${gatewayId}`,
          action: 'person.enrolled',
          target: body.personId,
          detail: {
            enrolmentId: body.enrolmentId,
            slot: body.slot,
            approvedBy: body.approvedBy,
            reader: body.reader,
            gatewayId,
            seq: envelope.seq,
            templateSha256: body.templateSha256,
          },
        });
      });
    } catch (error) {
      // The person is unknown or retired at the centre, or the template is unusable: it can never be stored.
      const reason = (error as Error).message;
      this.refuse(enrolment, reason, envelope.seq);
      this.answer(gatewayId, {
        cmd: 'enrolment-result',
        enrolmentId: body.enrolmentId,
        outcome: 'refused',
        reason,
      });
      return true;
    }
    this.counters.stored += 1;
    this.remember(body.enrolmentId, body.templateSha256);
    this.logger.info(
      {
        gatewayId,
        enrolmentId: body.enrolmentId,
        personId: body.personId,
        slot: body.slot,
        seq: envelope.seq,
      },
      'branch enrolment stored',
    );
    this.answer(gatewayId, { cmd: 'enrolment-result', enrolmentId: body.enrolmentId, outcome: 'stored' });
    return true;
  }

  private refuse(
    enrolment: Pick<OpenedEnrolment, 'gatewayId' | 'enrolmentId' | 'personId'>,
    reason: string,
    seq?: number,
  ): void {
    const { gatewayId, enrolmentId, personId } = enrolment;
    this.counters.refused += 1;
    this.logger.warn(
      { gatewayId, enrolmentId, personId, reason, refused: this.counters.refused },
      'enrol message refused',
    );
    this.options.audit.append({
      at: this.options.clock.now(),
      actor: `branch:${gatewayId}`,
      action: 'person.enrolment-refused',
      target: personId,
      detail: { enrolmentId, gatewayId, reason, ...(seq === undefined ? {} : { seq }) },
    });
  }

  private hold(enrolment: OpenedEnrolment): void {
    const list = this.pending.get(enrolment.enrolmentId) ?? [];
    list.push(enrolment);
    this.pending.set(enrolment.enrolmentId, list);
    const max = this.options.maxPending ?? DEFAULT_MAX_PENDING;
    while (this.metrics().pending > max) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
      this.logger.warn(
        { enrolmentId: oldest },
        'too many enrol messages without their event; dropped the oldest',
      );
    }
    this.logger.info(
      { gatewayId: enrolment.gatewayId, enrolmentId: enrolment.enrolmentId },
      'enrol message waits for its person.enrolled event',
    );
  }

  private findEvent(gatewayId: string, enrolmentId: string): EventEnvelope | undefined {
    return this.options.events
      .byType('person.enrolled', { gatewayId, limit: EVENT_LOOKBACK })
      .find((envelope) => enrolledBody(envelope)?.enrolmentId === enrolmentId);
  }

  private askAgainIfEventStored(gatewayId: string, enrolmentId: string): void {
    if (this.stored.has(enrolmentId)) return;
    if (this.findEvent(gatewayId, enrolmentId)) this.askAgain(gatewayId, enrolmentId);
  }

  /** An event without its message: the message is usually just behind; ask only if it stays away. */
  private scheduleResend(gatewayId: string, enrolmentId: string): void {
    if (this.timers.has(enrolmentId) || this.stored.has(enrolmentId)) return;
    const timer = this.options.clock.setTimeout(() => {
      this.timers.delete(enrolmentId);
      if (!this.stored.has(enrolmentId)) this.askAgain(gatewayId, enrolmentId);
    }, this.options.resendDelayMs ?? DEFAULT_RESEND_DELAY_MS);
    this.timers.set(enrolmentId, timer);
  }

  private askAgain(gatewayId: string, enrolmentId: string): void {
    const asked = this.resendAsked.get(enrolmentId) ?? 0;
    if (asked >= (this.options.maxResendRequests ?? DEFAULT_MAX_RESEND_REQUESTS)) return;
    this.resendAsked.set(enrolmentId, asked + 1);
    this.counters.resendRequests += 1;
    this.logger.info({ gatewayId, enrolmentId }, 'asking the gateway for its enrol message');
    this.answer(gatewayId, { cmd: 'enrolment-resend', enrolmentId });
  }

  private remember(enrolmentId: string, sha: string): void {
    this.stored.set(enrolmentId, sha);
    this.resendAsked.delete(enrolmentId);
    if (this.stored.size > MAX_REMEMBERED) this.stored.delete(this.stored.keys().next().value as string);
  }

  private answer(gatewayId: string, cmd: CmdPayload): void {
    this.options.publisher
      .publish(topics.gatewayCmd(gatewayId), JSON.stringify(cmd), { qos: 1 })
      .catch((error) => {
        this.logger.warn({ err: error, gatewayId, cmd: cmd.cmd }, 'answer to the gateway not delivered');
      });
  }
}
