import { concatBytes, toHex } from '../../bytes.ts';
import { FrameFormatError } from '../../errors.ts';
import { type Framer, type FramerErrorHandler, MAX_BUFFERED_BYTES } from '../framer.ts';
import {
  BOOT_BANNER_END,
  CAMERA_SIGN,
  DEFAULT_SERIAL,
  KNOWN_COMMANDS,
  READ_FBUF_MARKER_LENGTH,
  VC0706_PROTOCOL,
  Vc0706Cmd,
  type Vc0706Frame,
} from './vc0706-codec.ts';

/**
 * Longest data field accepted in an ordinary reply. The longest the sources show is the 11-byte version
 * string (§3); register reads return 1 byte (§5). Without a checksum (§2), this bound is what stops a
 * stray `76 00` in line noise from swallowing the replies after it.
 */
export const MAX_REPLY_DATA = 32;

/** Noise (or boot text) kept while looking for `Init end\r\n`, before it is reported and dropped. */
const MAX_NOISE_BYTES = 1024;

const HEADER_LENGTH = 5;
const BANNER_END = Buffer.from(BOOT_BANNER_END, 'latin1');

export interface Vc0706FramerOptions {
  /** Camera serial number the replies carry (§2, default `0x00`). */
  serial?: number;
  onError?: FramerErrorHandler;
}

interface ImageRead {
  header: Uint8Array;
  data: Uint8Array;
  filled: number;
}

/**
 * Reassembles camera → host replies (`76 serial cmd status m data…`, §2), the boot banner after a reset,
 * and READ_FBUF answers (header · n JPEG bytes · trailer, §4).
 *
 * A READ_FBUF answer does not say how many bytes it carries, so the framer must be told: call
 * `expectImageData(n)` before sending READ_FBUF. The next `76 serial 32 00 00` header then starts an
 * image read, and one reply `{ cmd: 0x32, status: 0, data }` is yielded once the n bytes and a valid
 * trailer have arrived. A wrong trailer is reported as a FrameFormatError and the chunk is dropped.
 */
export class Vc0706Framer implements Framer<Vc0706Frame> {
  private readonly serial: number;
  private readonly onError: FramerErrorHandler;
  private pending: Uint8Array = new Uint8Array(0);
  private noise: number[] = [];
  private expected: number | undefined;
  private image: ImageRead | undefined;

  constructor(options: Vc0706FramerOptions = {}) {
    this.serial = options.serial ?? DEFAULT_SERIAL;
    this.onError = options.onError ?? (() => {});
  }

  /** The next READ_FBUF header is followed by `length` image bytes and a trailer (§4). */
  expectImageData(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > MAX_BUFFERED_BYTES - 2 * HEADER_LENGTH)
      throw new RangeError(
        `READ_FBUF chunk length must be 0..${MAX_BUFFERED_BYTES - 2 * HEADER_LENGTH}, got ${length}`,
      );
    this.expected = length;
  }

  reset(): void {
    this.pending = new Uint8Array(0);
    this.noise = [];
    this.expected = undefined;
    this.image = undefined;
  }

  push(chunk: Uint8Array): Vc0706Frame[] {
    const frames: Vc0706Frame[] = [];
    let rest = this.pending.length > 0 ? concatBytes(this.pending, chunk) : chunk;
    this.pending = new Uint8Array(0);
    while (rest.length > 0) rest = this.image ? this.fillImage(rest, frames) : this.scan(rest, frames);
    return frames;
  }

  /** Consumes noise up to the next reply and that reply; returns the input left over. */
  private scan(input: Uint8Array, frames: Vc0706Frame[]): Uint8Array {
    const start = input.indexOf(CAMERA_SIGN);
    this.addNoise(start < 0 ? input : input.subarray(0, start), frames);
    if (start < 0) return new Uint8Array(0);
    const verdict = this.header(input, start);
    if (verdict === 'incomplete') {
      this.pending = Uint8Array.from(input.subarray(start));
      return new Uint8Array(0);
    }
    if (verdict === 'invalid') {
      this.addNoise(input.subarray(start, start + 1), frames);
      return input.subarray(start + 1);
    }
    this.flushNoise();
    this.accept(input.subarray(start, start + verdict), frames);
    return input.subarray(start + verdict);
  }

  /** Length of the whole reply starting at `start`, or why there is none (yet). */
  private header(buffer: Uint8Array, start: number): number | 'incomplete' | 'invalid' {
    const available = buffer.length - start;
    const serial = buffer[start + 1];
    const cmd = buffer[start + 2];
    const length = buffer[start + 4];
    if (serial !== undefined && serial !== this.serial) return 'invalid';
    if (cmd !== undefined && !KNOWN_COMMANDS.has(cmd)) return 'invalid';
    if (length === undefined) return 'incomplete';
    if (length > MAX_REPLY_DATA) return 'invalid';
    return available < HEADER_LENGTH + length ? 'incomplete' : HEADER_LENGTH + length;
  }

  private accept(bytes: Uint8Array, frames: Vc0706Frame[]): void {
    const [, serial = 0, cmd = 0, status = 0] = bytes;
    const data = Uint8Array.from(bytes.subarray(HEADER_LENGTH));
    const imageHeader = cmd === Vc0706Cmd.readFbuf && status === 0 && this.expected !== undefined;
    if (imageHeader && data.length > 0) {
      this.expected = undefined;
      this.onError(
        new FrameFormatError(
          VC0706_PROTOCOL,
          'READ_FBUF header carries a data length; expected 76 00 32 00 00 (§4)',
        ),
        Uint8Array.from(bytes),
      );
      return;
    }
    if (imageHeader) {
      this.image = { header: Uint8Array.from(bytes), data: new Uint8Array(this.expected ?? 0), filled: 0 };
      this.expected = undefined;
      return;
    }
    if (cmd === Vc0706Cmd.readFbuf) this.expected = undefined;
    frames.push({ type: 'reply', serial, cmd, status, data });
  }

  /**
   * Copies image bytes straight into the chunk buffer (a 1 kB chunk arriving in tiny pieces is not
   * re-concatenated), then checks the trailer. Returns the input left over.
   */
  private fillImage(input: Uint8Array, frames: Vc0706Frame[]): Uint8Array {
    const image = this.image as ImageRead;
    const take = Math.min(image.data.length - image.filled, input.length);
    image.data.set(input.subarray(0, take), image.filled);
    image.filled += take;
    const rest = input.subarray(take);
    if (image.filled < image.data.length) return rest;
    if (rest.length < READ_FBUF_MARKER_LENGTH) {
      this.pending = Uint8Array.from(rest);
      return new Uint8Array(0);
    }
    this.image = undefined;
    const marker = rest.subarray(0, READ_FBUF_MARKER_LENGTH);
    if (isTrailer(marker, image.header)) {
      frames.push({
        type: 'reply',
        serial: this.serial,
        cmd: Vc0706Cmd.readFbuf,
        status: 0,
        data: image.data,
      });
      return rest.subarray(READ_FBUF_MARKER_LENGTH);
    }
    // Resume at a `76` inside the bad trailer (a reply right after short data) or else after it.
    const resync = marker.indexOf(CAMERA_SIGN, 1);
    const skipTo = resync < 0 ? READ_FBUF_MARKER_LENGTH : resync;
    this.onError(
      new FrameFormatError(
        VC0706_PROTOCOL,
        `READ_FBUF trailer is ${toHex(marker)}, expected ${toHex(image.header)} (§4); the chunk was dropped`,
      ),
      concatBytes(image.header, image.data, marker.subarray(0, skipTo)),
    );
    return rest.subarray(skipTo);
  }

  /** Bytes that are not a reply: boot text after a reset (§3), or line noise. */
  private addNoise(bytes: Uint8Array, frames: Vc0706Frame[]): void {
    for (const byte of bytes) {
      this.noise.push(byte);
      if (byte === 0x0a && endsWithBanner(this.noise)) {
        frames.push({ type: 'banner', text: Buffer.from(this.noise).toString('latin1') });
        this.noise = [];
      } else if (this.noise.length > MAX_NOISE_BYTES) {
        this.flushNoise();
      }
    }
  }

  private flushNoise(): void {
    if (this.noise.length === 0) return;
    const skipped = Uint8Array.from(this.noise);
    this.noise = [];
    this.onError(
      new FrameFormatError(
        VC0706_PROTOCOL,
        `skipped ${skipped.length} bytes that are not a reply (line noise?)`,
      ),
      skipped,
    );
  }
}

function isTrailer(marker: Uint8Array, header: Uint8Array): boolean {
  return marker.every((byte, i) => byte === header[i]);
}

function endsWithBanner(noise: number[]): boolean {
  if (noise.length < BANNER_END.length) return false;
  const offset = noise.length - BANNER_END.length;
  return BANNER_END.every((byte, i) => noise[offset + i] === byte);
}
