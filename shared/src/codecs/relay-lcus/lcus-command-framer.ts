import { type CodecError, FrameFormatError } from '../../errors.ts';
import type { Framer, FramerErrorHandler } from '../framer.ts';
import {
  decodeSwitch,
  LCUS_PROTOCOL,
  LCUS_START,
  LCUS_STATUS_QUERY,
  LCUS_SWITCH_LENGTH,
  type LcusCommand,
} from './lcus-codec.ts';

/**
 * Board side of an LCUS line: yields switch commands (`A0 ch op check`) and status queries (`FF`).
 * A frame with a bad check is reported and only its first byte dropped, so a real frame that began
 * inside it is still found; bytes that cannot start a frame are skipped up to the next A0 or FF.
 */
export class LcusCommandFramer implements Framer<LcusCommand> {
  private buffer: Uint8Array = new Uint8Array(0);

  constructor(private readonly onError: FramerErrorHandler = () => {}) {}

  push(chunk: Uint8Array): LcusCommand[] {
    this.buffer = concat(this.buffer, chunk);
    const commands: LcusCommand[] = [];
    let offset = 0;
    while (offset < this.buffer.length) {
      const first = this.buffer[offset];
      if (first === LCUS_STATUS_QUERY) {
        commands.push({ type: 'status-query' });
        offset += 1;
      } else if (first === LCUS_START) {
        if (this.buffer.length - offset < LCUS_SWITCH_LENGTH) break;
        try {
          commands.push(decodeSwitch(this.buffer.subarray(offset, offset + LCUS_SWITCH_LENGTH)));
          offset += LCUS_SWITCH_LENGTH;
        } catch (error) {
          this.onError(error as CodecError, this.buffer.slice(offset, offset + 1));
          offset += 1;
        }
      } else {
        const end = nextStart(this.buffer, offset);
        this.onError(
          new FrameFormatError(
            LCUS_PROTOCOL,
            `${end - offset} byte(s) before a frame start (A0 or FF) skipped`,
          ),
          this.buffer.slice(offset, end),
        );
        offset = end;
      }
    }
    this.buffer = this.buffer.slice(offset);
    return commands;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}

function nextStart(buffer: Uint8Array, from: number): number {
  for (let i = from; i < buffer.length; i++) {
    if (buffer[i] === LCUS_START || buffer[i] === LCUS_STATUS_QUERY) return i;
  }
  return buffer.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return Uint8Array.from(b);
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
