import { ChecksumError, FrameFormatError } from '../../errors.ts';

/**
 * EM4100 125 kHz readers of the RDM6300 kind (protocols/rfid-uhf-r2000.md §9): output-only, 9600 8N1,
 * one 14-byte ASCII frame per read: STX `02` · 10 hex characters (5 data bytes: version, then the 32-bit
 * card number) · 2 hex characters (XOR of the data bytes) · ETX `03`. Pure: no I/O.
 */
export const EM4100_PROTOCOL = 'EM4100';
export const EM4100_STX = 0x02;
export const EM4100_ETX = 0x03;
export const EM4100_FRAME_BYTES = 14;
export const EM4100_BAUD = 9600;
/** Version byte + 4 card number bytes, written as 10 hex characters. */
const DATA_BYTES = 5;
const TAG_ID = /^[0-9A-Fa-f]{10}$/;

export interface Em4100Card {
  /** Version / customer byte. */
  version: number;
  /** 32-bit card number (the four bytes rdm6300 exposes as `tag_id`). */
  cardNumber: number;
  /** The 5 data bytes as 10 uppercase hex characters, e.g. `010A2B3C4D`. */
  tagId: string;
}

export function isEm4100TagId(tagId: string): boolean {
  return TAG_ID.test(tagId);
}

/** `tagId` is 10 hex characters (version byte + card number). */
export function encodeEm4100Frame(tagId: string): Uint8Array {
  if (!isEm4100TagId(tagId)) {
    throw new FrameFormatError(EM4100_PROTOCOL, `tag id "${tagId}" must be 10 hex characters`);
  }
  const data = Buffer.from(tagId, 'hex');
  const ascii = `${tagId.toUpperCase()}${hexByte(xor(data))}`;
  return Uint8Array.from([EM4100_STX, ...Buffer.from(ascii, 'latin1'), EM4100_ETX]);
}

/** Decodes exactly one 14-byte frame; throws FrameFormatError or ChecksumError. */
export function decodeEm4100Frame(bytes: Uint8Array): Em4100Card {
  if (bytes.length !== EM4100_FRAME_BYTES) {
    throw new FrameFormatError(
      EM4100_PROTOCOL,
      `frame of ${bytes.length} bytes, expected ${EM4100_FRAME_BYTES}`,
    );
  }
  if (bytes[0] !== EM4100_STX || bytes[EM4100_FRAME_BYTES - 1] !== EM4100_ETX) {
    throw new FrameFormatError(EM4100_PROTOCOL, 'frame is not enclosed by STX 0x02 … ETX 0x03');
  }
  const ascii = Buffer.from(bytes.subarray(1, EM4100_FRAME_BYTES - 1)).toString('latin1');
  if (!/^[0-9A-Fa-f]{12}$/.test(ascii)) {
    throw new FrameFormatError(EM4100_PROTOCOL, 'frame payload is not 12 ASCII hex characters');
  }
  const data = Buffer.from(ascii.slice(0, 2 * DATA_BYTES), 'hex');
  const check = Number.parseInt(ascii.slice(2 * DATA_BYTES), 16);
  const expected = xor(data);
  if (check !== expected) throw new ChecksumError(EM4100_PROTOCOL, expected, check);
  return {
    version: data.readUInt8(0),
    cardNumber: data.readUInt32BE(1),
    tagId: ascii.slice(0, 2 * DATA_BYTES).toUpperCase(),
  };
}

function xor(data: Uint8Array): number {
  let result = 0;
  for (const byte of data) result ^= byte;
  return result;
}

function hexByte(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}
