import type { KeyObject } from 'node:crypto';
import { type Clock, type Logger, silentLogger } from '@vaultline/shared';
import type { PersonEnrolledBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { IngestPublisher } from '../ingest/ingest-types.ts';
import {
  type Candidate,
  type VouchedKind,
  VouchedMessages,
  type VouchedMetrics,
} from '../ingest/vouched-messages.ts';
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

/** `received`, `invalid`, `stored` (templates through PeopleDirectory), `refused`, `resendRequests`, `pending`. */
export type BranchEnrolmentMetrics = VouchedMetrics;

/** How far back in a gateway's chain an enrol message looks for its event. */
const EVENT_LOOKBACK = 10_000;

/**
 * Fingerprints enrolled at branch readers (issue 5). The template arrives on `vl/v1/gw/{id}/enrol`,
 * encrypted to the centre but not signed; the gateway's signed chain carries `person.enrolled` with the
 * template's SHA-256. A template is stored (PeopleDirectory.setTemplate, via `branch:<gatewayId>`) only
 * when both are here and agree: same gateway, enrolment id, person, slot and hash (`VouchedMessages`
 * holds, matches, refuses and asks again). A refusal is logged, counted and audited.
 */
export class BranchEnrolments {
  private readonly intake: VouchedMessages<OpenedEnrolment, PersonEnrolledBody>;

  constructor(private readonly options: BranchEnrolmentOptions) {
    const logger = (options.logger ?? silentLogger).child({ component: 'center.enrolment' });
    this.intake = new VouchedMessages(this.kind(), {
      publisher: options.publisher,
      clock: options.clock,
      logger,
      ...(options.resendDelayMs === undefined ? {} : { resendDelayMs: options.resendDelayMs }),
      ...(options.maxResendRequests === undefined ? {} : { maxResendRequests: options.maxResendRequests }),
      ...(options.maxPending === undefined ? {} : { maxPending: options.maxPending }),
    });
  }

  metrics(): BranchEnrolmentMetrics {
    return this.intake.metrics();
  }

  /** One `enrol` message from `gatewayId` (the topic's owner, which the broker's ACL ties to its login). */
  async receive(gatewayId: string, payload: Uint8Array): Promise<void> {
    const reading = await openEnrolMessage(gatewayId, payload, this.options.centreKey);
    if (!reading.ok) {
      if ('invalid' in reading) this.intake.invalid(gatewayId, reading.invalid);
      else {
        const { enrolmentId, personId, sealed } = reading;
        this.intake.unopenable({ gatewayId, id: enrolmentId, personId }, sealed);
      }
      return;
    }
    this.intake.receive(candidateOf(reading.enrolment));
  }

  /** Envelopes a gateway's verified chain just stored (IngestService `onStored`). */
  onGatewayEvents(gatewayId: string, envelopes: readonly EventEnvelope[]): void {
    this.intake.onGatewayEvents(gatewayId, envelopes);
  }

  /** Cancels pending resend requests. */
  stop(): void {
    this.intake.stop();
  }

  private kind(): VouchedKind<OpenedEnrolment, PersonEnrolledBody> {
    const { people, audit, clock, events } = this.options;
    const transaction = this.options.transaction ?? ((fn) => fn());
    return {
      what: 'enrol message',
      eventType: 'person.enrolled',
      findEvent: (gatewayId, enrolmentId) =>
        events
          .byType('person.enrolled', { gatewayId, limit: EVENT_LOOKBACK })
          .find((envelope) => enrolledBody(envelope)?.enrolmentId === enrolmentId),
      bodyOf: enrolledBody,
      idOf: (body) => body.enrolmentId,
      sha256Of: (body) => body.templateSha256,
      mismatch: (candidate, envelope, body) => enrolmentMismatch(candidate.message, envelope, body),
      store: (candidate, envelope, body) => {
        const gatewayId = envelope.gw;
        try {
          transaction(() => {
            people.setTemplate(body.personId, body.slot, candidate.message.template, `branch:${gatewayId}`);
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
          return undefined;
        } catch (error) {
          // The person is unknown or retired at the centre, or the template is unusable: never storable.
          return (error as Error).message;
        }
      },
      auditRefusal: ({ gatewayId, id, personId }, reason, seq) =>
        audit.append({
          at: clock.now(),
          actor: `branch:${gatewayId}`,
          action: 'person.enrolment-refused',
          target: personId ?? id,
          detail: { enrolmentId: id, gatewayId, reason, ...(seq === undefined ? {} : { seq }) },
        }),
      result: (enrolmentId, outcome, reason) => ({
        cmd: 'enrolment-result',
        enrolmentId,
        outcome,
        ...(reason === undefined ? {} : { reason }),
      }),
      resend: (enrolmentId) => ({ cmd: 'enrolment-resend', enrolmentId }),
    };
  }
}

function candidateOf(enrolment: OpenedEnrolment): Candidate<OpenedEnrolment> {
  return {
    gatewayId: enrolment.gatewayId,
    id: enrolment.enrolmentId,
    sha256: enrolment.templateSha256,
    personId: enrolment.personId,
    message: enrolment,
  };
}
