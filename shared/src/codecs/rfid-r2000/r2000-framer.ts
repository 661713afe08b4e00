import { ChecksumError, type CodecError, FrameFormatError } from '../../errors.ts';
import type { Framer, FramerErrorHandler } from '../framer.ts';
import {
  R2000_HEAD,
  R2000_MIN_LEN,
  R2000_PREFIX_BYTES,
  R2000_PROTOCOL,
  type R2000Frame,
  r2000Checksum,
} from './r2000-frame.ts';

/**
 * Stream parser for the R2000 "0xA0" protocol (protocols/rfid-uhf-r2000.md §8): scan for the head `A0`,
 * read Len, wait for Len more bytes, verify the checksum; on a bad frame drop the head byte and resync at
 * the next `A0`, so a real frame hidden behind a false head is still found. Each bad stretch is reported
 * once to `onError` with the bytes it skipped.
 */
export class R2000Framer implements Framer<R2000Frame> {
  private buffer: Uint8Array = new Uint8Array(0);

  constructor(private readonly onError: FramerErrorHandler = () => {}) {}

  push(chunk: Uint8Array): R2000Frame[] {
    const buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: R2000Frame[] = [];
    let start = 0;
    while (start < buffer.length) {
      const head = buffer.indexOf(R2000_HEAD, start);
      if (head !== start) {
        const end = head === -1 ? buffer.length : head;
        this.report(
          new FrameFormatError(R2000_PROTOCOL, 'bytes before a frame head were skipped'),
          buffer,
          start,
          end,
        );
        start = end;
        continue;
      }
      if (buffer.length - start < R2000_PREFIX_BYTES) break;
      const len = buffer[start + 1] ?? 0;
      if (len < R2000_MIN_LEN) {
        start = this.resync(
          new FrameFormatError(R2000_PROTOCOL, `impossible Len 0x${len.toString(16)}`),
          buffer,
          start,
        );
        continue;
      }
      const total = R2000_PREFIX_BYTES + len;
      if (buffer.length - start < total) break;
      const check = buffer[start + total - 1] ?? 0;
      const expected = r2000Checksum(buffer.subarray(start, start + total - 1));
      if (check !== expected) {
        start = this.resync(new ChecksumError(R2000_PROTOCOL, expected, check), buffer, start);
        continue;
      }
      frames.push({
        address: buffer[start + 2] ?? 0,
        cmd: buffer[start + 3] ?? 0,
        data: Uint8Array.from(buffer.subarray(start + 4, start + total - 1)),
      });
      start += total;
    }
    this.buffer = Uint8Array.from(buffer.subarray(start));
    return frames;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  /** Drops the false head and everything up to the next candidate head; returns where to resume. */
  private resync(error: CodecError, buffer: Uint8Array, start: number): number {
    const next = buffer.indexOf(R2000_HEAD, start + 1);
    const end = next === -1 ? buffer.length : next;
    this.report(error, buffer, start, end);
    return end;
  }

  private report(error: CodecError, buffer: Uint8Array, start: number, end: number): void {
    this.onError(error, Uint8Array.from(buffer.subarray(start, end)));
  }
}
