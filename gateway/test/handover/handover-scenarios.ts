import type { HandoverInput } from '../../src/handover/handover-types.ts';
import { type EngineDriver, V1_TAG } from './engine-fixture.ts';

/** The steps of a hand-over as people and devices produce them, for the tests to compose. */

/** The runtime's answer to a capture request: the capture stored, its JPEG hashed (here a fixed one). */
export function faceCaptured(captureId: string, personId?: string): HandoverInput {
  return {
    type: 'face-captured',
    reader: 'fp-door',
    captureId,
    ...(personId === undefined ? {} : { personId }),
    jpegSha256: FACE_SHA256,
    bytes: 2_048,
  };
}

export const FACE_SHA256 = 'a3'.repeat(32);

export function arriveByTag(d: EngineDriver, tag = V1_TAG): void {
  d.send({ type: 'vehicle-tag', reader: 'rfid-gate', epc: tag });
}

/** One escort at the interlock door: fingerprint, the face capture it triggered, the manager's photo check. */
export function verifyEscort(d: EngineDriver, personId: string, photoAccepted = true): void {
  d.advance(4_000);
  d.finger('fp-door', 'matched', personId);
  d.send(faceCaptured(`cap-${personId}`, personId));
  d.send({ type: 'photo-check', personId, accepted: photoAccepted, by: 'M1' });
}

export function verifyCrew(d: EngineDriver, crew = ['E1', 'E2']): void {
  for (const personId of crew) verifyEscort(d, personId);
}

/** The crew door opens and closes behind the crew. */
export function enterZone(d: EngineDriver, door = 1): void {
  d.advance(2_000);
  d.door(door, true);
  d.advance(3_000);
  d.door(door, false);
}

export function scanBoxes(d: EngineDriver, epcs: string[]): void {
  for (const epc of epcs) {
    d.advance(500);
    d.boxTag(epc);
  }
}

export function confirmBoth(d: EngineDriver, leader = 'E1', staff = 'T1'): void {
  d.advance(10_000);
  d.finger('fp-zone', 'matched', leader);
  d.advance(5_000);
  d.finger('fp-zone', 'matched', staff);
}

/** A whole hand-over with nothing going wrong. */
export function fullHandover(
  d: EngineDriver,
  options: { boxes: string[]; crew?: string[]; staff?: string; tag?: string },
): void {
  arriveByTag(d, options.tag);
  verifyCrew(d, options.crew);
  enterZone(d);
  scanBoxes(d, options.boxes);
  confirmBoth(d, options.crew?.[0], options.staff);
}
