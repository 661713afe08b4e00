import { type Clock, type Logger, silentLogger, type TimerHandle } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { CmdPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import type { IngestPublisher } from './ingest-types.ts';

/** An unsigned message from a gateway, opened, waiting for the signed event that vouches for it. */
export interface Candidate<M> {
  gatewayId: string;
  /** The id the message and its event share (enrolment id, capture id). */
  id: string;
  /** Hex SHA-256 of the data the message carries; the event must name the same. */
  sha256: string;
  /** Who it concerns, for the logs and the audit trail. */
  personId?: string;
  message: M;
}

/** Who a refusal concerns, when the message could not even be opened. */
export type RefusedMessage = Pick<Candidate<unknown>, 'gatewayId' | 'id' | 'personId'>;

/** One kind of vouched message: how its event is found and read, how it is stored and answered. */
export interface VouchedKind<M, B> {
  /** For the logs ("enrol message", "face message"). */
  what: string;
  /** The event type that vouches for a message ("person.enrolled", "face.captured"). */
  eventType: string;
  /** The vouching event of message `id` in the gateway's verified chain. */
  findEvent(gatewayId: string, id: string): EventEnvelope | undefined;
  /** The body of an envelope of `eventType`, or undefined when it lacks the fields a message is checked against. */
  bodyOf(envelope: EventEnvelope): B | undefined;
  idOf(body: B): string;
  sha256Of(body: B): string;
  /** Why the candidate does not belong to the event, or undefined when it does. */
  mismatch(candidate: Candidate<M>, envelope: EventEnvelope, body: B): string | undefined;
  /** Stores a matching message; returns why it can never be stored, or undefined once it is stored. */
  store(candidate: Candidate<M>, envelope: EventEnvelope, body: B): string | undefined;
  /** Records a refusal in the audit log. */
  auditRefusal(refused: RefusedMessage, reason: string, seq: number | undefined): void;
  /** The answer to the gateway: stored, or refused for good. */
  result(id: string, outcome: 'stored' | 'refused', reason?: string): CmdPayload;
  /** The request to the gateway to send a message again. */
  resend(id: string): CmdPayload;
}

export interface VouchedMessagesOptions {
  /** Answers on the gateway's `cmd` topic. */
  publisher: IngestPublisher;
  clock: Clock;
  logger?: Logger;
  /** After an event arrives without its message, ask the gateway for it after this, ms (5 s). */
  resendDelayMs?: number;
  /** Requests for the same message before giving up (the gateway also re-sends on its own). */
  maxResendRequests?: number;
  /** Messages held while their event is not in the chain yet; the oldest go beyond this. */
  maxPending?: number;
}

export interface VouchedMetrics {
  /** Messages received. */
  received: number;
  /** Not JSON, or not the kind's payload. */
  invalid: number;
  /** Messages stored. */
  stored: number;
  /** Messages refused: unopenable, not matching the signed event, or impossible to store. */
  refused: number;
  /** Resend requests sent to gateways. */
  resendRequests: number;
  /** Messages waiting for their event right now. */
  pending: number;
}

const DEFAULT_RESEND_DELAY_MS = 5_000;
const DEFAULT_MAX_RESEND_REQUESTS = 3;
const DEFAULT_MAX_PENDING = 1_000;
/** Messages remembered as stored, so a redelivered one is answered without storing it twice. */
const MAX_REMEMBERED = 10_000;

/**
 * Data a gateway sends beside its signed chain (a branch enrolment's template, a face capture's JPEG) on
 * one of its own topics, not signed itself: the chain's event carries its SHA-256. A message is stored
 * only when both are here and agree (`VouchedKind.mismatch`). A message waits for its event in memory;
 * after a restart the gateway sends it again (it keeps it until the centre answers), and an event without
 * its message makes the centre ask for it. A message that does not match is refused: logged, counted and
 * audited, and the genuine one is asked for again.
 */
export class VouchedMessages<M, B> {
  private readonly logger: Logger;
  private readonly pending = new Map<string, Candidate<M>[]>();
  private readonly stored = new Map<string, string>();
  private readonly resendAsked = new Map<string, number>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly counters = { received: 0, invalid: 0, stored: 0, refused: 0, resendRequests: 0 };

  constructor(
    private readonly kind: VouchedKind<M, B>,
    private readonly options: VouchedMessagesOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  metrics(): VouchedMetrics {
    let pending = 0;
    for (const list of this.pending.values()) pending += list.length;
    return { ...this.counters, pending };
  }

  /** A message that is not JSON or not the kind's payload: counted and logged, nothing else. */
  invalid(gatewayId: string, problem: string): void {
    this.counters.received += 1;
    this.counters.invalid += 1;
    this.logger.warn({ gatewayId, problem }, `invalid ${this.kind.what} ignored`);
  }

  /** A well-formed message that cannot be opened: refused, and the genuine one asked for. */
  unopenable(refused: RefusedMessage, reason: string): void {
    this.counters.received += 1;
    this.refuse(refused, reason);
    if (!this.stored.has(refused.id) && this.kind.findEvent(refused.gatewayId, refused.id)) {
      this.askAgain(refused.gatewayId, refused.id);
    }
  }

  /** An opened message: stored if its event is in the chain and agrees, held if the event is not there yet. */
  receive(candidate: Candidate<M>): void {
    this.counters.received += 1;
    const envelope = this.kind.findEvent(candidate.gatewayId, candidate.id);
    if (!envelope) {
      this.hold(candidate);
      return;
    }
    if (this.stored.get(candidate.id) === candidate.sha256) {
      // Redelivered after it was stored (the answer was lost): answer again, store nothing twice.
      this.answer(candidate.gatewayId, this.kind.result(candidate.id, 'stored'));
      return;
    }
    this.settle([candidate], envelope);
  }

  /** Envelopes a gateway's verified chain just stored (IngestService `onStored`). */
  onGatewayEvents(gatewayId: string, envelopes: readonly EventEnvelope[]): void {
    for (const envelope of envelopes) {
      if (envelope.type !== this.kind.eventType) continue;
      const body = this.kind.bodyOf(envelope);
      if (!body) {
        this.logger.warn(
          { gatewayId, seq: envelope.seq },
          `${envelope.type} event without its fields ignored`,
        );
        continue;
      }
      const id = this.kind.idOf(body);
      const waiting = this.pending.get(id) ?? [];
      this.pending.delete(id);
      if (waiting.length > 0) this.settle(waiting, envelope);
      else this.scheduleResend(gatewayId, id);
    }
  }

  /** Cancels pending resend requests. */
  stop(): void {
    for (const timer of this.timers.values()) this.options.clock.clearTimeout(timer);
    this.timers.clear();
  }

  /** The matching candidate is stored; every other one is refused. */
  private settle(candidates: Candidate<M>[], envelope: EventEnvelope): void {
    const body = this.kind.bodyOf(envelope);
    if (!body) return;
    const id = this.kind.idOf(body);
    let storedOne = this.stored.get(id) === this.kind.sha256Of(body);
    for (const candidate of candidates) {
      const mismatch = this.kind.mismatch(candidate, envelope, body);
      if (mismatch) this.refuse(candidate, mismatch, envelope.seq);
      else if (!storedOne) storedOne = this.store(candidate, envelope, body);
    }
    if (!storedOne) this.askAgain(envelope.gw, id);
  }

  /** Stores, or refuses for good when the kind cannot take it; either way the gateway is answered. */
  private store(candidate: Candidate<M>, envelope: EventEnvelope, body: B): true {
    const { gatewayId, id } = candidate;
    const impossible = this.kind.store(candidate, envelope, body);
    if (impossible !== undefined) {
      this.refuse(candidate, impossible, envelope.seq);
      this.answer(gatewayId, this.kind.result(id, 'refused', impossible));
      return true;
    }
    this.counters.stored += 1;
    this.remember(id, candidate.sha256);
    this.logger.info(
      { gatewayId, id, personId: candidate.personId, seq: envelope.seq },
      `${this.kind.what} stored`,
    );
    this.answer(gatewayId, this.kind.result(id, 'stored'));
    return true;
  }

  private refuse(refused: RefusedMessage, reason: string, seq?: number): void {
    const { gatewayId, id, personId } = refused;
    this.counters.refused += 1;
    this.logger.warn(
      { gatewayId, id, personId, reason, refused: this.counters.refused },
      `${this.kind.what} refused`,
    );
    this.kind.auditRefusal(refused, reason, seq);
  }

  private hold(candidate: Candidate<M>): void {
    const list = this.pending.get(candidate.id) ?? [];
    list.push(candidate);
    this.pending.set(candidate.id, list);
    const max = this.options.maxPending ?? DEFAULT_MAX_PENDING;
    while (this.metrics().pending > max) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
      this.logger.warn({ id: oldest }, `too many ${this.kind.what}s without their event; dropped the oldest`);
    }
    this.logger.info(
      { gatewayId: candidate.gatewayId, id: candidate.id },
      `${this.kind.what} waits for its ${this.kind.eventType} event`,
    );
  }

  /** An event without its message: the message is usually just behind; ask only if it stays away. */
  private scheduleResend(gatewayId: string, id: string): void {
    if (this.timers.has(id) || this.stored.has(id)) return;
    const timer = this.options.clock.setTimeout(() => {
      this.timers.delete(id);
      if (!this.stored.has(id)) this.askAgain(gatewayId, id);
    }, this.options.resendDelayMs ?? DEFAULT_RESEND_DELAY_MS);
    this.timers.set(id, timer);
  }

  private askAgain(gatewayId: string, id: string): void {
    const asked = this.resendAsked.get(id) ?? 0;
    if (asked >= (this.options.maxResendRequests ?? DEFAULT_MAX_RESEND_REQUESTS)) return;
    this.resendAsked.set(id, asked + 1);
    this.counters.resendRequests += 1;
    this.logger.info({ gatewayId, id }, `asking the gateway for its ${this.kind.what}`);
    this.answer(gatewayId, this.kind.resend(id));
  }

  private remember(id: string, sha256: string): void {
    this.stored.set(id, sha256);
    this.resendAsked.delete(id);
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
