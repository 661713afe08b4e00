import { concatBytes } from '../../bytes.ts';
import { FrameFormatError } from '../../errors.ts';
import type { Framer, FramerErrorHandler } from '../framer.ts';
import { HOST_SIGN, VC0706_PROTOCOL, Vc0706Cmd } from './vc0706-codec.ts';

/** A host → camera command as framed on the line: `56 serial cmd n args…` (§2). */
export interface Vc0706Command {
  serial: number;
  cmd: number;
  args: Uint8Array;
}

/** The longest argument list of the protocol is READ_FBUF's 12 bytes (§4); allow some headroom. */
export const MAX_COMMAND_ARGS = 16;

const HEADER_LENGTH = 4;

/**
 * Reassembles host → camera commands, for the simulated camera. GEN_VERSION is always 4 bytes: the
 * Adafruit library sends `56 00 11 01` with a count of 1 and no argument after it (§3), and the camera
 * answers it all the same.
 */
export class Vc0706CommandFramer implements Framer<Vc0706Command> {
  private pending: Uint8Array = new Uint8Array(0);
  private readonly onError: FramerErrorHandler;

  constructor(options: { onError?: FramerErrorHandler } = {}) {
    this.onError = options.onError ?? (() => {});
  }

  reset(): void {
    this.pending = new Uint8Array(0);
  }

  push(chunk: Uint8Array): Vc0706Command[] {
    const commands: Vc0706Command[] = [];
    let buffer = this.pending.length > 0 ? concatBytes(this.pending, chunk) : chunk;
    for (;;) {
      const start = buffer.indexOf(HOST_SIGN);
      const noiseEnd = start < 0 ? buffer.length : start;
      if (noiseEnd > 0) this.skip(buffer.subarray(0, noiseEnd));
      if (start < 0) {
        buffer = new Uint8Array(0);
        break;
      }
      buffer = buffer.subarray(start);
      const count = buffer[3];
      if (count === undefined) break;
      if (count > MAX_COMMAND_ARGS) {
        this.skip(buffer.subarray(0, 1));
        buffer = buffer.subarray(1);
        continue;
      }
      const length = buffer[2] === Vc0706Cmd.genVersion ? HEADER_LENGTH : HEADER_LENGTH + count;
      if (buffer.length < length) break;
      const [, serial = 0, cmd = 0] = buffer;
      commands.push({ serial, cmd, args: Uint8Array.from(buffer.subarray(HEADER_LENGTH, length)) });
      buffer = buffer.subarray(length);
    }
    this.pending = Uint8Array.from(buffer);
    return commands;
  }

  private skip(bytes: Uint8Array): void {
    this.onError(
      new FrameFormatError(VC0706_PROTOCOL, `skipped ${bytes.length} bytes that do not start a command`),
      Uint8Array.from(bytes),
    );
  }
}
