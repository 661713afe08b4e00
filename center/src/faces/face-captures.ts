import { type Clock, type Logger, silentLogger } from '@vaultline/shared';
import type { FaceCapturedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { faceCapturedBody } from '@vaultline/shared/contract/face-captured-body';
import type { IngestPublisher } from '../ingest/ingest-types.ts';
import { VouchedMessages, type VouchedMetrics } from '../ingest/vouched-messages.ts';
import type { AuditLog } from '../ports.ts';
import type { FaceCaptureRepo } from '../store/face-capture-repo.ts';
import { faceMismatch, type OpenedFace, openFaceMessage } from './face-message.ts';
import { retentionCutoff } from './face-retention-period.ts';

export interface FaceCapturesOptions {
  faces: Pick<FaceCaptureRepo, 'add' | 'get'>;
  /** A gateway's verified `face.captured` by capture id (`EventStoreRepo.faceCaptured`). */
  events: { faceCaptured(gatewayId: string, captureId: string): EventEnvelope | undefined };
  audit: AuditLog;
  /** Answers on the gateway's `cmd` topic (face-result, face-resend). */
  publisher: IngestPublisher;
  /** Captures older than this are not taken: the retention period is over (centre config, default 90). */
  retentionDays: number;
  clock: Clock;
  logger?: Logger;
  /** After a `face.captured` arrives without its message, ask the gateway for it after this, ms (default 60 s). */
  resendDelayMs?: number;
  maxResendRequests?: number;
  maxPending?: number;
}

/**
 * The gateway sends a capture only after the centre acknowledged its event, a few at a time: an event
 * whose message has not come within a minute is worth a request, not sooner.
 */
const DEFAULT_RESEND_DELAY_MS = 60_000;
/**
 * Messages held in memory while their event is not stored yet (each up to a few tens of KB): rare, since
 * gateways send a capture after its event was acknowledged; a bound keeps a misbehaving one from costing
 * the centre more than ~10 MB.
 */
const DEFAULT_MAX_PENDING = 200;

/**
 * Faces captured at gateways' crew doors during hand-overs (issue 5: stored vs captured photos). The JPEG
 * arrives on `vl/v1/gw/{id}/face`, not signed; the gateway's signed chain carries `face.captured` with its
 * SHA-256 and size. A capture is stored, sealed at rest (`FaceCaptureRepo`), only when both are here and
 * agree (`VouchedMessages` holds, matches, refuses and asks again); a refusal is logged, counted and
 * audited. A capture already past the retention period is refused for good: it would be deleted at once.
 */
export class FaceCaptures {
  private readonly intake: VouchedMessages<OpenedFace, FaceCapturedBody>;

  constructor(private readonly options: FaceCapturesOptions) {
    const { events, audit, clock } = options;
    const logger = (options.logger ?? silentLogger).child({ component: 'center.faces' });
    this.intake = new VouchedMessages(
      {
        what: 'face message',
        eventType: 'face.captured',
        findEvent: (gatewayId, captureId) => events.faceCaptured(gatewayId, captureId),
        bodyOf: faceCapturedBody,
        idOf: (body) => body.captureId,
        sha256Of: (body) => body.jpegSha256,
        mismatch: (candidate, envelope, body) => faceMismatch(candidate.message, envelope, body),
        store: (candidate, envelope, body) => this.store(candidate.message, envelope, body),
        auditRefusal: ({ gatewayId, id, personId }, reason, seq) =>
          audit.append({
            at: clock.now(),
            actor: `branch:${gatewayId}`,
            action: 'face.refused',
            target: id,
            detail: {
              gatewayId,
              reason,
              ...(personId === undefined ? {} : { personId }),
              ...(seq === undefined ? {} : { seq }),
            },
          }),
        result: (captureId, outcome, reason) => ({
          cmd: 'face-result',
          captureId,
          outcome,
          ...(reason === undefined ? {} : { reason }),
        }),
        resend: (captureId) => ({ cmd: 'face-resend', captureId }),
      },
      {
        publisher: options.publisher,
        clock,
        logger,
        resendDelayMs: options.resendDelayMs ?? DEFAULT_RESEND_DELAY_MS,
        ...(options.maxResendRequests === undefined ? {} : { maxResendRequests: options.maxResendRequests }),
        maxPending: options.maxPending ?? DEFAULT_MAX_PENDING,
      },
    );
  }

  /** `received`, `invalid`, `stored`, `refused`, `resendRequests`, `pending`. */
  metrics(): VouchedMetrics {
    return this.intake.metrics();
  }

  /** One `face` message from `gatewayId` (the topic's owner, which the broker's ACL ties to its login). */
  receive(gatewayId: string, payload: Uint8Array): void {
    const reading = openFaceMessage(gatewayId, payload);
    if (!reading.ok) {
      this.intake.invalid(gatewayId, reading.invalid);
      return;
    }
    const { face } = reading;
    this.intake.receive({
      gatewayId,
      id: face.captureId,
      sha256: face.jpegSha256,
      ...(face.personId === undefined ? {} : { personId: face.personId }),
      message: face,
    });
  }

  /** Envelopes a gateway's verified chain just stored (IngestService `onStored`). */
  onGatewayEvents(gatewayId: string, envelopes: readonly EventEnvelope[]): void {
    this.intake.onGatewayEvents(gatewayId, envelopes);
  }

  stop(): void {
    this.intake.stop();
  }

  /** Seals and stores a matching capture; says why when it can never be stored. */
  private store(face: OpenedFace, envelope: EventEnvelope, body: FaceCapturedBody): string | undefined {
    const { faces, clock, retentionDays } = this.options;
    if (!body.handoverId) return 'the signed face.captured names no hand-over';
    const capturedAt = Date.parse(envelope.ts);
    if (capturedAt < retentionCutoff(clock.now(), retentionDays)) {
      return `the capture is older than the retention period (${retentionDays} days)`;
    }
    const held = faces.get(envelope.gw, body.captureId);
    if (held) {
      return held.jpegSha256 === body.jpegSha256 ? undefined : 'another capture with this id is already held';
    }
    try {
      faces.add(
        {
          gatewayId: envelope.gw,
          captureId: body.captureId,
          handoverId: body.handoverId,
          ...(body.personId === undefined ? {} : { personId: body.personId }),
          eventSeq: envelope.seq,
          jpegSha256: body.jpegSha256,
          bytes: body.bytes,
          capturedAt,
          jpeg: face.jpeg,
        },
        clock.now(),
      );
    } catch (error) {
      // No at-rest key, or the gateway is not registered: nothing the gateway can do by sending again.
      return (error as Error).message;
    }
    return undefined;
  }
}
