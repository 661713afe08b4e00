import { ChecksumError } from '../../errors.ts';

export const MODBUS_PROTOCOL = 'modbus-rtu';

/**
 * CRC-16/MODBUS (protocols/relay-lcus.md §5): init 0xFFFF, reflected polynomial 0xA001, no final XOR.
 * Check value for ASCII "123456789" is 0x4B37.
 */
export function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** Appends the CRC, low byte first (§5). */
export function withCrc(body: Uint8Array): Uint8Array {
  const crc = crc16Modbus(body);
  const frame = new Uint8Array(body.length + 2);
  frame.set(body);
  frame[body.length] = crc & 0xff;
  frame[body.length + 1] = crc >>> 8;
  return frame;
}

/** Throws ChecksumError unless the last two bytes are the CRC of the rest. */
export function verifyCrc(frame: Uint8Array): void {
  const body = frame.subarray(0, frame.length - 2);
  const expected = crc16Modbus(body);
  const actual = (frame[frame.length - 2] ?? 0) | ((frame[frame.length - 1] ?? 0) << 8);
  if (frame.length < 4 || actual !== expected) throw new ChecksumError(MODBUS_PROTOCOL, expected, actual);
}
