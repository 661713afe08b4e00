import type { CodecError } from '@vaultline/shared';
import type { Vc0706Frame } from '@vaultline/shared/codecs/camera-vc0706/vc0706-codec';
import { Vc0706Framer } from '@vaultline/shared/codecs/camera-vc0706/vc0706-framer';
import type { Framer, FramerErrorHandler } from '@vaultline/shared/codecs/framer';

/** A reply, the boot banner, or the news that the framer dropped bytes. */
export type CameraEvent = Vc0706Frame | { type: 'framing-error'; error: CodecError };

/**
 * The VC0706 framer, plus its drops as events. With no checksum, a dropped READ_FBUF chunk (wrong
 * trailer) would otherwise only show as a timeout; as an event, the waiting request fails at once.
 * Drops are placed after the frames of the same chunk, so a reply that completed first still counts.
 */
export class CameraFramer implements Framer<CameraEvent> {
  private readonly inner: Vc0706Framer;
  private dropped: CodecError[] = [];

  constructor(onError: FramerErrorHandler) {
    this.inner = new Vc0706Framer({
      onError: (error, skipped) => {
        onError(error, skipped);
        this.dropped.push(error);
      },
    });
  }

  /** See `Vc0706Framer.expectImageData`: call before each READ_FBUF attempt. */
  expectImageData(length: number): void {
    this.inner.expectImageData(length);
  }

  push(chunk: Uint8Array): CameraEvent[] {
    const frames: CameraEvent[] = this.inner.push(chunk);
    const dropped = this.dropped;
    this.dropped = [];
    return [...frames, ...dropped.map((error) => ({ type: 'framing-error' as const, error }))];
  }

  reset(): void {
    this.inner.reset();
    this.dropped = [];
  }
}
