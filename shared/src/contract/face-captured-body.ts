import { FaceCapturedBody } from './event-bodies.ts';
import type { EventEnvelope } from './event-envelope.ts';
import { check } from './validate.ts';

/**
 * The body of a `face.captured` envelope, or undefined for another type or a body without the fields
 * a capture is checked against (a chain written before captures carried their JPEG's SHA-256).
 */
export function faceCapturedBody(envelope: EventEnvelope): FaceCapturedBody | undefined {
  if (envelope.type !== 'face.captured') return undefined;
  const body = check(FaceCapturedBody, envelope.body);
  return body.ok ? body.value : undefined;
}
