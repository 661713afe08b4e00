import type { CodecError } from '../errors.ts';

/**
 * A framer turns an arbitrary stream of chunks into whole frames: it reassembles frames split over
 * several chunks, yields several frames from one chunk, and resynchronises after garbage.
 *
 * Framers are pure and synchronous: `push` returns the frames completed by this chunk. A bad frame
 * (wrong checksum, impossible length) is reported to `onError` and skipped; parsing continues with the
 * next possible start byte. A framer never throws on input.
 */
export interface Framer<F> {
  push(chunk: Uint8Array): F[];
  /** Forget any partial frame (after a reconnect, or when a request times out). */
  reset(): void;
}

export type FramerErrorHandler = (error: CodecError, skipped: Uint8Array) => void;

/** Upper bound on bytes a framer keeps while waiting for the rest of a frame. */
export const MAX_BUFFERED_BYTES = 64 * 1024;
