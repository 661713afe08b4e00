import { ChecksumError, FrameFormatError } from '../../errors.ts';

/**
 * Frame layout of the R2000 "0xA0" serial protocol (protocols/rfid-uhf-r2000.md §3), the same in both
 * directions: Head `A0` · Len · Address · Cmd · Data · Check, where Len counts the bytes after itself
 * (Address + Cmd + Data + Check) and Check makes the sum of all bytes 0 mod 256.
 */
export const R2000_PROTOCOL = 'R2000';
export const R2000_HEAD = 0xa0;
/** Address + Cmd + Check: the smallest legal Len (a frame without data). */
export const R2000_MIN_LEN = 3;
/** Head + Len come before the Len counted bytes. */
export const R2000_PREFIX_BYTES = 2;
/** Len is one byte, so a frame carries at most 255 − 3 data bytes. */
export const R2000_MAX_DATA_BYTES = 0xff - R2000_MIN_LEN;

export interface R2000Frame {
  /** Reader address 0…254; 0xFF is the broadcast address (§3). */
  address: number;
  /** Command code; every response echoes the command it answers. */
  cmd: number;
  data: Uint8Array;
}

/** Two's complement of the byte sum (§3): `[01 02 03 04]` → 0xF6, `[A0 03 01 72]` → 0xEA. */
export function r2000Checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xff;
  return (0x100 - sum) & 0xff;
}

export function encodeR2000Frame(frame: R2000Frame): Uint8Array {
  if (frame.data.length > R2000_MAX_DATA_BYTES) {
    throw new FrameFormatError(
      R2000_PROTOCOL,
      `data of ${frame.data.length} bytes does not fit one frame (at most ${R2000_MAX_DATA_BYTES})`,
    );
  }
  const bytes = new Uint8Array(R2000_PREFIX_BYTES + R2000_MIN_LEN + frame.data.length);
  bytes[0] = R2000_HEAD;
  bytes[1] = R2000_MIN_LEN + frame.data.length;
  bytes[2] = frame.address & 0xff;
  bytes[3] = frame.cmd & 0xff;
  bytes.set(frame.data, 4);
  bytes[bytes.length - 1] = r2000Checksum(bytes.subarray(0, bytes.length - 1));
  return bytes;
}

/** Decodes exactly one whole frame; throws FrameFormatError or ChecksumError. */
export function decodeR2000Frame(bytes: Uint8Array): R2000Frame {
  if (bytes.length < R2000_PREFIX_BYTES + R2000_MIN_LEN) {
    throw new FrameFormatError(R2000_PROTOCOL, `frame of ${bytes.length} bytes is shorter than 5`);
  }
  if (bytes[0] !== R2000_HEAD) {
    throw new FrameFormatError(R2000_PROTOCOL, `frame starts with 0x${hex(bytes[0])}, not the head 0xa0`);
  }
  const len = bytes[1] ?? 0;
  if (len < R2000_MIN_LEN || len + R2000_PREFIX_BYTES !== bytes.length) {
    throw new FrameFormatError(
      R2000_PROTOCOL,
      `Len 0x${hex(len)} does not match a frame of ${bytes.length} bytes`,
    );
  }
  const check = bytes[bytes.length - 1] ?? 0;
  const expected = r2000Checksum(bytes.subarray(0, bytes.length - 1));
  if (check !== expected) throw new ChecksumError(R2000_PROTOCOL, expected, check);
  return { address: bytes[2] ?? 0, cmd: bytes[3] ?? 0, data: bytes.slice(4, bytes.length - 1) };
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0');
}
