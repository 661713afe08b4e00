import { retentionCutoff } from '../faces/face-retention-period.ts';
import type { FaceCaptureRecord } from '../store/face-capture-repo.ts';
import type { StoredRecord } from './record-search.ts';

/** Where a crew member's captured face stands at the centre. */
export type CapturedFace =
  /** Held (sealed at rest): it can be shown. */
  | { captureId: string; state: 'held' }
  /** Deleted after the retention period, at the centre or (never received) at the gateway. */
  | { captureId: string; state: 'deleted'; retentionDays: number }
  /** The chain names it; the image has not reached the centre yet. */
  | { captureId: string; state: 'not-received' };

export interface RecordFacesSources {
  faces: { get(gatewayId: string, captureId: string): FaceCaptureRecord | undefined };
  /** Days captures are kept (centre config `faceRetentionDays`). */
  retentionDays: number;
  now: number;
}

/**
 * The captured face of each crew member of a record (`captureIds` from the chain before it), as the
 * centre holds it. A capture never received whose hand-over is older than the retention period is gone
 * at the gateway too: it is reported deleted, not awaited.
 */
export function recordFaces(
  record: StoredRecord,
  captureIds: ReadonlyMap<string, string>,
  sources: RecordFacesSources,
): Map<string, CapturedFace> {
  const { envelope, body } = record;
  const expired = Date.parse(body.completedAt) < retentionCutoff(sources.now, sources.retentionDays);
  const faces = new Map<string, CapturedFace>();
  for (const personId of body.crew) {
    const captureId = captureIds.get(personId);
    if (captureId === undefined) continue;
    const held = sources.faces.get(envelope.gw, captureId);
    if (held?.deletedAt !== undefined) {
      faces.set(personId, {
        captureId,
        state: 'deleted',
        retentionDays: held.retentionDays ?? sources.retentionDays,
      });
    } else if (held) faces.set(personId, { captureId, state: 'held' });
    else if (expired)
      faces.set(personId, { captureId, state: 'deleted', retentionDays: sources.retentionDays });
    else faces.set(personId, { captureId, state: 'not-received' });
  }
  return faces;
}
