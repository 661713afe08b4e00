import { CodecError, FrameFormatError } from '../../errors.ts';
import type { Framer, FramerErrorHandler } from '../framer.ts';
import {
  decodeEm4100Frame,
  EM4100_FRAME_BYTES,
  EM4100_PROTOCOL,
  EM4100_STX,
  type Em4100Card,
} from './em4100-codec.ts';

/**
 * Stream parser for EM4100 ASCII readers (protocols/rfid-uhf-r2000.md §9): scan for STX, take 14 bytes,
 * check ETX, hex and XOR; on a bad frame drop the STX and resync at the next one. Each bad stretch is
 * reported once to `onError` with the bytes it skipped.
 */
export class Em4100Framer implements Framer<Em4100Card> {
  private buffer: Uint8Array = new Uint8Array(0);

  constructor(private readonly onError: FramerErrorHandler = () => {}) {}

  push(chunk: Uint8Array): Em4100Card[] {
    const buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const cards: Em4100Card[] = [];
    let start = 0;
    while (start < buffer.length) {
      const stx = buffer.indexOf(EM4100_STX, start);
      if (stx !== start) {
        const end = stx === -1 ? buffer.length : stx;
        this.report(
          new FrameFormatError(EM4100_PROTOCOL, 'bytes before STX were skipped'),
          buffer,
          start,
          end,
        );
        start = end;
        continue;
      }
      if (buffer.length - start < EM4100_FRAME_BYTES) break;
      try {
        cards.push(decodeEm4100Frame(buffer.subarray(start, start + EM4100_FRAME_BYTES)));
        start += EM4100_FRAME_BYTES;
      } catch (error) {
        if (!(error instanceof CodecError)) throw error;
        const next = buffer.indexOf(EM4100_STX, start + 1);
        const end = next === -1 ? buffer.length : next;
        this.report(error, buffer, start, end);
        start = end;
      }
    }
    this.buffer = Uint8Array.from(buffer.subarray(start));
    return cards;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  private report(error: CodecError, buffer: Uint8Array, start: number, end: number): void {
    this.onError(error, Uint8Array.from(buffer.subarray(start, end)));
  }
}
