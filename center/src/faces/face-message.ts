import type { FaceCapturedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { FacePayload } from '@vaultline/shared/contract/mqtt-payloads';
import { check } from '@vaultline/shared/contract/validate';
import { sha256Hex } from '@vaultline/shared/crypto/sha256-hex';
import { readJsonPayload } from '../ingest/payload-reader.ts';

/** A `face` message as read by the centre: the JPEG in memory, with its SHA-256. */
export interface OpenedFace {
  gatewayId: string;
  captureId: string;
  handoverId: string;
  personId?: string;
  jpeg: Uint8Array;
  jpegSha256: string;
}

export type FaceMessageReading = { ok: true; face: OpenedFace } | { ok: false; invalid: string };

/**
 * Reads a `face` payload (mqtt-payloads `FacePayload`). Never throws; says what is wrong without
 * quoting the image.
 */
export function openFaceMessage(gatewayId: string, payload: Uint8Array): FaceMessageReading {
  const read = readJsonPayload(payload);
  if (!read.ok) return { ok: false, invalid: read.problem };
  const shape = check(FacePayload, read.json);
  if (!shape.ok) return { ok: false, invalid: shape.errors[0] ?? 'not a face message' };
  const { captureId, handoverId, personId, jpegBase64 } = shape.value;
  const jpeg = Buffer.from(jpegBase64, 'base64');
  // Node skips what is not base64 instead of failing: only a text that decodes back to itself is whole.
  if (jpeg.toString('base64') !== jpegBase64) {
    return { ok: false, invalid: '/jpegBase64 is not canonical base64 (RFC 4648 §4, with padding)' };
  }
  return {
    ok: true,
    face: {
      gatewayId,
      captureId,
      handoverId,
      ...(personId === undefined ? {} : { personId }),
      jpeg,
      jpegSha256: sha256Hex(jpeg),
    },
  };
}

/**
 * Why an opened message does not belong to the signed `face.captured` event, or undefined when it does:
 * same gateway, hand-over, person, size and JPEG hash. The message is not signed, the chain is.
 */
export function faceMismatch(
  face: OpenedFace,
  envelope: EventEnvelope,
  body: FaceCapturedBody,
): string | undefined {
  if (envelope.gw !== face.gatewayId) {
    return `the event is in the chain of ${envelope.gw}, the message came from ${face.gatewayId}`;
  }
  if (body.jpegSha256 !== face.jpegSha256 || body.bytes !== face.jpeg.byteLength) {
    return 'the SHA-256 of the JPEG differs from the one in the signed face.captured event';
  }
  if (body.handoverId !== face.handoverId || body.personId !== face.personId) {
    return `the message names hand-over ${face.handoverId} person ${face.personId ?? '(none)'}, the signed event ${body.handoverId ?? '(none)'} person ${body.personId ?? '(none)'}`;
  }
  return undefined;
}
