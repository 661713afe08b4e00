import type { Framer, FramerErrorHandler } from '@vaultline/shared/codecs/framer';

/** What a serial port delivers in one `data` event at the bench's read size. */
export interface Read<T> {
  bytes: Uint8Array;
  /** Runs before the read is pushed: a driver arming its framer for the answer it asked for. */
  before?: (framer: T) => void;
}

/** A recorded-style session of one protocol, as one framer sees it, cut into reads. */
export interface FramerStream<T extends Framer<unknown>> {
  /** Protocol and the side whose framer reads the stream, e.g. `R30x, module → gateway`. */
  name: string;
  /** The frames of one session, in words. */
  mix: string;
  create: (onError: FramerErrorHandler) => T;
  reads: Read<T>[];
  /** Frames the framer must yield for the whole stream. */
  frames: number;
}

/** A stream with its framer type erased, ready to be timed. */
export interface FramerBench {
  name: string;
  mix: string;
  frames: number;
  bytes: number;
  reads: number;
  /** Pushes the whole stream through a fresh framer; returns frames yielded and bytes reported bad. */
  pass(): { frames: number; errors: number };
}

export function framerBench<T extends Framer<unknown>>(stream: FramerStream<T>): FramerBench {
  const { reads, create } = stream;
  return {
    name: stream.name,
    mix: stream.mix,
    frames: stream.frames,
    bytes: reads.reduce((sum, read) => sum + read.bytes.length, 0),
    reads: reads.length,
    pass() {
      let errors = 0;
      const framer = create(() => {
        errors++;
      });
      let frames = 0;
      for (const read of reads) {
        read.before?.(framer);
        frames += framer.push(read.bytes).length;
      }
      return { frames, errors };
    },
  };
}

/**
 * Bytes of a session that arrive back to back (an inventory burst, a GPS feed, or replies on a busy
 * line): concatenated and cut into `readBytes` reads, so frames are split across reads and several
 * share one read.
 */
export function continuousReads<T>(frames: readonly Uint8Array[], readBytes: number): Read<T>[] {
  const whole = Buffer.concat(frames);
  const reads: Read<T>[] = [];
  for (let offset = 0; offset < whole.length; offset += readBytes) {
    reads.push({ bytes: Uint8Array.from(whole.subarray(offset, offset + readBytes)) });
  }
  return reads;
}

/** One answer to one request: it starts a new read, since nothing arrives before the request is sent. */
export interface Reply<T> {
  bytes: Uint8Array;
  before?: (framer: T) => void;
}

/** Answers of a half-duplex conversation: each reply cut into `readBytes` reads of its own. */
export function replyReads<T>(replies: readonly Reply<T>[], readBytes: number): Read<T>[] {
  const reads: Read<T>[] = [];
  for (const reply of replies) {
    for (let offset = 0; offset < reply.bytes.length; offset += readBytes) {
      const bytes = reply.bytes.subarray(offset, offset + readBytes);
      reads.push(offset === 0 && reply.before ? { bytes, before: reply.before } : { bytes });
    }
  }
  return reads;
}

/** Total bytes each stream is repeated up to: large enough that one pass takes milliseconds. */
export const STREAM_BYTES = 256 * 1024;

/** How many times a session of `sessionBytes` is repeated to fill a stream. */
export function repetitions(sessionBytes: number): number {
  return Math.max(1, Math.ceil(STREAM_BYTES / sessionBytes));
}

/** `items` repeated `times` times, in order. */
export function repeat<I>(items: readonly I[], times: number): I[] {
  const out: I[] = [];
  for (let i = 0; i < times; i++) out.push(...items);
  return out;
}

export function byteLength(frames: readonly { length: number }[]): number {
  return frames.reduce((sum, frame) => sum + frame.length, 0);
}
