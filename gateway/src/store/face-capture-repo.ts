import { count, eq, lt } from 'drizzle-orm';
import { faceCaptures } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export interface FaceCapture {
  captureId: string;
  handoverId?: string;
  personId?: string;
  /** Fingerprint reader whose attempt triggered the capture. */
  reader: string;
  jpeg: Uint8Array;
  /** Epoch ms. */
  capturedAt: number;
}

/** What `purgeOlderThan` deleted: enough for the `face.deleted` event, no image. */
export interface PurgedCapture {
  captureId: string;
  personId?: string;
  capturedAt: number;
}

/** Default retention of face captures (DESIGN §9), for callers computing the purge cutoff. */
export const FACE_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** Live face captures taken at crew authentication: personal biometric data, kept only for the retention period. */
export class FaceCaptureRepo {
  constructor(private readonly db: StoreDb) {}

  insert(capture: FaceCapture): void {
    this.db
      .insert(faceCaptures)
      .values({
        captureId: capture.captureId,
        handoverId: capture.handoverId ?? null,
        personId: capture.personId ?? null,
        reader: capture.reader,
        // A view over the same memory: the JPEG is not copied before SQLite copies it into the row.
        jpeg: Buffer.from(capture.jpeg.buffer, capture.jpeg.byteOffset, capture.jpeg.byteLength),
        capturedAt: capture.capturedAt,
      })
      .run();
  }

  get(captureId: string): FaceCapture | null {
    const row = this.db.select().from(faceCaptures).where(eq(faceCaptures.captureId, captureId)).get();
    if (!row) return null;
    return {
      captureId: row.captureId,
      ...(row.handoverId === null ? {} : { handoverId: row.handoverId }),
      ...(row.personId === null ? {} : { personId: row.personId }),
      reader: row.reader,
      jpeg: row.jpeg,
      capturedAt: row.capturedAt,
    };
  }

  /**
   * Deletes every capture taken before `cutoffMs` and returns what it deleted, oldest first, so the
   * caller records the deletion as an event in the same `store.transaction` (DESIGN §9).
   */
  purgeOlderThan(cutoffMs: number): PurgedCapture[] {
    const deleted = this.db
      .delete(faceCaptures)
      .where(lt(faceCaptures.capturedAt, cutoffMs))
      .returning({
        captureId: faceCaptures.captureId,
        personId: faceCaptures.personId,
        capturedAt: faceCaptures.capturedAt,
      })
      .all();
    return deleted
      .sort((a, b) => a.capturedAt - b.capturedAt || (a.captureId < b.captureId ? -1 : 1))
      .map((row) => ({
        captureId: row.captureId,
        ...(row.personId === null ? {} : { personId: row.personId }),
        capturedAt: row.capturedAt,
      }));
  }

  /** How many captures are held (status and retention checks). */
  count(): number {
    return this.db.select({ n: count() }).from(faceCaptures).get()?.n ?? 0;
  }
}
