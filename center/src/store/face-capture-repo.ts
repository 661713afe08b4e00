import { sealAtRest } from '@vaultline/shared/crypto/at-rest';
import { and, asc, eq, isNotNull, lt } from 'drizzle-orm';
import { openSealed, requireAtRestKey } from './at-rest-key.ts';
import { faceCaptures } from './schema.ts';
import type { StoreDb } from './store-db.ts';

/** What the centre knows of a face capture, without the image. */
export interface FaceCaptureRecord {
  gatewayId: string;
  captureId: string;
  handoverId: string;
  personId?: string;
  /** seq of the signed `face.captured` that vouches for it. */
  eventSeq: number;
  jpegSha256: string;
  bytes: number;
  capturedAt: number;
  receivedAt: number;
  /** Set once the retention period deleted the JPEG (the row stays as the record of it). */
  deletedAt?: number;
  retentionDays?: number;
}

export type NewFaceCapture = Omit<FaceCaptureRecord, 'receivedAt' | 'deletedAt' | 'retentionDays'> & {
  jpeg: Uint8Array;
};

/** The context a capture is sealed under: a sealed JPEG copied to another row no longer opens. */
export const faceContext = (gatewayId: string, captureId: string) => `face:${gatewayId}:${captureId}`;

/**
 * Face captures received from gateways, the JPEG sealed at rest (AES-256-GCM under the centre's at-rest
 * key). Without the key nothing is stored or read: a clear error, never plaintext.
 */
export class FaceCaptureRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly atRestKey?: Uint8Array,
  ) {}

  /** Stores a capture; false when (gateway, capture id) is already held, which is left as it was. */
  add(capture: NewFaceCapture, receivedAt: number): boolean {
    const key = requireAtRestKey(this.atRestKey, 'store a face capture');
    const { jpeg, personId, ...fields } = capture;
    const sealed = sealAtRest(key, jpeg, faceContext(capture.gatewayId, capture.captureId));
    const result = this.db
      .insert(faceCaptures)
      .values({ ...fields, personId: personId ?? null, jpegSealed: Buffer.from(sealed), receivedAt })
      .onConflictDoNothing()
      .run();
    return result.changes > 0;
  }

  get(gatewayId: string, captureId: string): FaceCaptureRecord | undefined {
    const row = this.select()
      .where(and(eq(faceCaptures.gatewayId, gatewayId), eq(faceCaptures.captureId, captureId)))
      .get();
    return row ? toRecord(row) : undefined;
  }

  /** The JPEG, opened; undefined when the capture is not held or was deleted by retention. */
  jpeg(gatewayId: string, captureId: string): Uint8Array | undefined {
    const row = this.db
      .select({ sealed: faceCaptures.jpegSealed })
      .from(faceCaptures)
      .where(and(eq(faceCaptures.gatewayId, gatewayId), eq(faceCaptures.captureId, captureId)))
      .get();
    if (!row?.sealed) return undefined;
    const key = requireAtRestKey(this.atRestKey, 'read a face capture');
    return openSealed(key, row.sealed, faceContext(gatewayId, captureId), `face capture ${captureId}`);
  }

  /** Every capture of one hand-over at one gateway, in chain order. */
  ofHandover(gatewayId: string, handoverId: string): FaceCaptureRecord[] {
    return this.select()
      .where(and(eq(faceCaptures.gatewayId, gatewayId), eq(faceCaptures.handoverId, handoverId)))
      .orderBy(asc(faceCaptures.eventSeq))
      .all()
      .map(toRecord);
  }

  /**
   * Deletes the JPEG of every capture taken before `cutoffMs`, keeping the row as the record of the
   * deletion; returns what was deleted, oldest first, so the caller audits each one.
   */
  expire(cutoffMs: number, at: number, retentionDays: number): FaceCaptureRecord[] {
    return this.db
      .update(faceCaptures)
      .set({ jpegSealed: null, deletedAt: at, retentionDays })
      .where(and(isNotNull(faceCaptures.jpegSealed), lt(faceCaptures.capturedAt, cutoffMs)))
      .returning(RECORD_COLUMNS)
      .all()
      .map(toRecord)
      .sort((a, b) => a.capturedAt - b.capturedAt || (a.captureId < b.captureId ? -1 : 1));
  }

  private select() {
    return this.db.select(RECORD_COLUMNS).from(faceCaptures);
  }
}

/** Every column but the sealed JPEG: listing captures never loads an image. */
const RECORD_COLUMNS = {
  gatewayId: faceCaptures.gatewayId,
  captureId: faceCaptures.captureId,
  handoverId: faceCaptures.handoverId,
  personId: faceCaptures.personId,
  eventSeq: faceCaptures.eventSeq,
  jpegSha256: faceCaptures.jpegSha256,
  bytes: faceCaptures.bytes,
  capturedAt: faceCaptures.capturedAt,
  receivedAt: faceCaptures.receivedAt,
  deletedAt: faceCaptures.deletedAt,
  retentionDays: faceCaptures.retentionDays,
};

type RecordRow = Omit<typeof faceCaptures.$inferSelect, 'jpegSealed'>;

function toRecord(row: RecordRow): FaceCaptureRecord {
  const { personId, deletedAt, retentionDays, ...fields } = row;
  return {
    ...fields,
    ...(personId === null ? {} : { personId }),
    ...(deletedAt === null ? {} : { deletedAt }),
    ...(retentionDays === null ? {} : { retentionDays }),
  };
}
