import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { faceCapturedBody } from '@vaultline/shared/contract/face-captured-body';
import type { FacePayload } from '@vaultline/shared/contract/mqtt-payloads';
import type { FaceCapture } from '../store/face-capture-repo.ts';
import type { QueuedFace } from '../store/face-outbox-repo.ts';

/**
 * The face captures among freshly signed envelopes that go to the centre: those of a hand-over (a
 * capture outside one has nobody to compare it with there), with the ids exactly as the chain signed them.
 */
export function capturesToQueue(envelopes: readonly EventEnvelope[], createdAt: number): QueuedFace[] {
  return envelopes.flatMap((envelope) => {
    const body = faceCapturedBody(envelope);
    if (!body?.handoverId) return [];
    return [
      {
        captureId: body.captureId,
        handoverId: body.handoverId,
        ...(body.personId === undefined ? {} : { personId: body.personId }),
        eventSeq: envelope.seq,
        createdAt,
      },
    ];
  });
}

/** The `face` message of a queued capture: the signed ids, and the JPEG as the camera gave it. */
export function facePayload(queued: QueuedFace, capture: Pick<FaceCapture, 'jpeg'>): FacePayload {
  const { jpeg } = capture;
  return {
    captureId: queued.captureId,
    handoverId: queued.handoverId,
    ...(queued.personId === undefined ? {} : { personId: queued.personId }),
    jpegBase64: Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength).toString('base64'),
  };
}
