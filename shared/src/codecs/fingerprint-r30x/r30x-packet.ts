import { ChecksumError, FrameFormatError } from '../../errors.ts';

/** Protocol name used in codec errors and logs. */
export const R30X_PROTOCOL = 'fingerprint-r30x';

/** §2: every packet starts with `EF 01`. */
export const R30X_HEADER_0 = 0xef;
export const R30X_HEADER_1 = 0x01;
/** §1: factory module address `FF FF FF FF`. */
export const R30X_DEFAULT_ADDRESS = 0xffffffff;
/** §1: factory password `00 00 00 00`. */
export const R30X_DEFAULT_PASSWORD = 0;

/** §2 packet identifiers. */
export const R30xPid = {
  command: 0x01,
  data: 0x02,
  ack: 0x07,
  endData: 0x08,
} as const;
export type R30xPidValue = (typeof R30xPid)[keyof typeof R30xPid];

const KNOWN_PIDS: ReadonlySet<number> = new Set(Object.values(R30xPid));

export function isKnownPid(pid: number): pid is R30xPidValue {
  return KNOWN_PIDS.has(pid);
}

/** Header (2) + address (4) + PID (1) + length (2): the bytes before the payload. */
export const R30X_PREFIX_BYTES = 9;
/** The two checksum bytes that end every packet. */
export const R30X_CHECKSUM_BYTES = 2;
/**
 * §6: data packets carry up to 256 payload bytes (the largest ReadSysPara packet size); every other packet
 * is shorter. An empty payload never occurs (a command has its instruction, an ack its confirmation code).
 */
export const R30X_MAX_PAYLOAD = 256;
export const R30X_MIN_LENGTH_FIELD = 1 + R30X_CHECKSUM_BYTES;
export const R30X_MAX_LENGTH_FIELD = R30X_MAX_PAYLOAD + R30X_CHECKSUM_BYTES;

/** One packet as it travels on the wire, without header, length and checksum. */
export interface R30xPacket {
  address: number;
  pid: R30xPidValue;
  payload: Uint8Array;
}

/**
 * §2 checksum: unsigned sum of the PID, both length bytes and every payload byte, low 16 bits. The header
 * and the address are not included. `lengthField` is the value of the length field (payload + 2).
 */
export function r30xChecksum(pid: number, lengthField: number, payload: Uint8Array): number {
  let sum = pid + (lengthField >> 8) + (lengthField & 0xff);
  for (const byte of payload) sum += byte;
  return sum & 0xffff;
}

export function encodePacket(packet: R30xPacket): Uint8Array {
  const { address, pid, payload } = packet;
  if (payload.length < 1 || payload.length > R30X_MAX_PAYLOAD) {
    throw new RangeError(`R30x payload must be 1…${R30X_MAX_PAYLOAD} bytes, got ${payload.length}`);
  }
  const lengthField = payload.length + R30X_CHECKSUM_BYTES;
  const bytes = new Uint8Array(R30X_PREFIX_BYTES + lengthField);
  const view = new DataView(bytes.buffer);
  bytes[0] = R30X_HEADER_0;
  bytes[1] = R30X_HEADER_1;
  view.setUint32(2, address >>> 0);
  bytes[6] = pid;
  view.setUint16(7, lengthField);
  bytes.set(payload, R30X_PREFIX_BYTES);
  view.setUint16(R30X_PREFIX_BYTES + payload.length, r30xChecksum(pid, lengthField, payload));
  return bytes;
}

/**
 * Reads the fixed prefix of a candidate packet starting at `offset` (at least 9 bytes must be there).
 * Returns why it cannot start a packet, or its total size on the wire.
 */
export function inspectPrefix(
  bytes: Uint8Array,
  offset: number,
):
  | { ok: true; address: number; pid: R30xPidValue; lengthField: number; total: number }
  | { ok: false; reason: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, R30X_PREFIX_BYTES);
  if (view.getUint8(0) !== R30X_HEADER_0 || view.getUint8(1) !== R30X_HEADER_1) {
    return { ok: false, reason: 'packet does not start with EF 01' };
  }
  const pid = view.getUint8(6);
  if (!isKnownPid(pid)) return { ok: false, reason: `unknown packet identifier 0x${hex2(pid)}` };
  const lengthField = view.getUint16(7);
  if (lengthField < R30X_MIN_LENGTH_FIELD || lengthField > R30X_MAX_LENGTH_FIELD) {
    return {
      ok: false,
      reason: `length field ${lengthField} outside ${R30X_MIN_LENGTH_FIELD}…${R30X_MAX_LENGTH_FIELD}`,
    };
  }
  return { ok: true, address: view.getUint32(2), pid, lengthField, total: R30X_PREFIX_BYTES + lengthField };
}

/**
 * Decodes exactly one whole packet (the framer uses the same rules on a stream). Throws FrameFormatError
 * for a malformed packet and ChecksumError when the checksum does not match.
 */
export function decodePacket(bytes: Uint8Array): R30xPacket {
  if (bytes.length < R30X_PREFIX_BYTES + R30X_MIN_LENGTH_FIELD) {
    throw new FrameFormatError(
      R30X_PROTOCOL,
      `packet of ${bytes.length} bytes is shorter than the minimum 12`,
    );
  }
  const prefix = inspectPrefix(bytes, 0);
  if (!prefix.ok) throw new FrameFormatError(R30X_PROTOCOL, prefix.reason);
  if (prefix.total !== bytes.length) {
    throw new FrameFormatError(
      R30X_PROTOCOL,
      `length field says ${prefix.total} bytes in total, packet has ${bytes.length}`,
    );
  }
  const packet = readPacketBody(bytes, 0, prefix);
  if (packet instanceof ChecksumError) throw packet;
  return packet;
}

/**
 * Checks the checksum of the whole packet at `offset` whose prefix `inspectPrefix` accepted. Returns the
 * packet, or the ChecksumError to report (returned, not thrown, so the framer stays exception-free).
 */
export function readPacketBody(
  bytes: Uint8Array,
  offset: number,
  prefix: { address: number; pid: R30xPidValue; lengthField: number },
): R30xPacket | ChecksumError {
  const start = offset + R30X_PREFIX_BYTES;
  const end = start + prefix.lengthField;
  const payload = bytes.slice(start, end - R30X_CHECKSUM_BYTES);
  const expected = r30xChecksum(prefix.pid, prefix.lengthField, payload);
  const actual = ((bytes[end - 2] ?? 0) << 8) | (bytes[end - 1] ?? 0);
  if (expected !== actual) return new ChecksumError(R30X_PROTOCOL, expected, actual);
  return { address: prefix.address, pid: prefix.pid, payload };
}

function hex2(value: number): string {
  return value.toString(16).padStart(2, '0');
}
