import { FrameFormatError } from '../../errors.ts';
import type { Framer, FramerErrorHandler } from '../framer.ts';
import { LCUS_PROTOCOL, LCUS_STATUS_LINE, type LcusChannelState } from './lcus-codec.ts';

/** A status line is `CHn: ON ` + CR LF (§3); anything much longer without a line break is noise. */
const MAX_LINE_BYTES = 32;
const LF = 0x0a;
const C = 0x43;

/**
 * Host side of an LCUS line: the board only ever sends the §3 status text, one line per channel.
 * Yields one channel state per line; noise before `CH` on a line is skipped and reported, and a line
 * that holds no status is reported and dropped. (The raw-byte reply form has no delimiter: collect it
 * and use `decodeStatusReply`.)
 */
export class LcusStatusFramer implements Framer<LcusChannelState> {
  private line: number[] = [];

  constructor(private readonly onError: FramerErrorHandler = () => {}) {}

  push(chunk: Uint8Array): LcusChannelState[] {
    const states: LcusChannelState[] = [];
    for (const byte of chunk) {
      if (byte !== LF) {
        this.line.push(byte);
        if (this.line.length > MAX_LINE_BYTES) this.overflow();
        continue;
      }
      const state = this.complete();
      if (state) states.push(state);
    }
    return states;
  }

  reset(): void {
    this.line = [];
  }

  private complete(): LcusChannelState | undefined {
    const bytes = Uint8Array.from(this.line);
    this.line = [];
    const text = Buffer.from(bytes).toString('latin1').replace(/\r$/, '');
    if (text.length === 0) return undefined;
    const match = LCUS_STATUS_LINE.exec(text);
    if (!match) {
      this.onError(new FrameFormatError(LCUS_PROTOCOL, `not a status line: ${JSON.stringify(text)}`), bytes);
      return undefined;
    }
    if (match.index > 0) {
      this.onError(
        new FrameFormatError(LCUS_PROTOCOL, `${match.index} byte(s) of noise before a status line skipped`),
        bytes.slice(0, match.index),
      );
    }
    return { channel: Number(match[1]), energised: match[2] === 'ON' };
  }

  /** Drops the noise but keeps a `C` near the end that may start the next status line. */
  private overflow(): void {
    const restart = this.line.lastIndexOf(C);
    const cut = restart > 0 ? restart : this.line.length;
    const skipped = Uint8Array.from(this.line.slice(0, cut));
    this.line = this.line.slice(cut);
    this.onError(
      new FrameFormatError(LCUS_PROTOCOL, 'no line break within 32 bytes: noise skipped'),
      skipped,
    );
  }
}
