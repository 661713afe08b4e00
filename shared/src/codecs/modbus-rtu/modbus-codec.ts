import { FrameFormatError } from '../../errors.ts';
import { MODBUS_PROTOCOL, verifyCrc, withCrc } from './modbus-crc.ts';

export { crc16Modbus, MODBUS_PROTOCOL, verifyCrc, withCrc } from './modbus-crc.ts';

/**
 * Modbus RTU, the subset a door-contact I/O module needs (protocols/relay-lcus.md §5): read coils (01),
 * read discrete inputs (02), write single coil (05) and exception replies. A frame is
 * `address · function · data · CRC-16 (low byte first)`; numbers in the data are big-endian.
 */
export const FC_READ_COILS = 0x01;
export const FC_READ_DISCRETE_INPUTS = 0x02;
export const FC_WRITE_SINGLE_COIL = 0x05;
/** §5: an exception reply carries the request's function code + 0x80. */
export const EXCEPTION_FLAG = 0x80;
/** §5: quantity 1–2000 for functions 01 and 02. */
export const MAX_READ_BITS = 2000;
/** §5: addresses 1–247; 0 is broadcast. */
export const MAX_SLAVE_ADDRESS = 247;
/** §5 write-single-coil values. */
const COIL_ON = 0xff00;
const COIL_OFF = 0x0000;

export const ModbusExceptionCode = {
  IllegalFunction: 0x01,
  IllegalDataAddress: 0x02,
  IllegalDataValue: 0x03,
  ServerDeviceFailure: 0x04,
} as const;

export function modbusExceptionMeaning(code: number): string {
  switch (code) {
    case ModbusExceptionCode.IllegalFunction:
      return 'illegal function: the module does not support this request';
    case ModbusExceptionCode.IllegalDataAddress:
      return 'illegal data address: the input or coil number is outside the module — check the configured input';
    case ModbusExceptionCode.IllegalDataValue:
      return 'illegal data value';
    case ModbusExceptionCode.ServerDeviceFailure:
      return 'server device failure';
    default:
      return `exception code ${code}`;
  }
}

export type ModbusBitTable = 'coils' | 'discrete-inputs';

export type ModbusRequest =
  | { kind: 'read-bits'; address: number; table: ModbusBitTable; start: number; quantity: number }
  /** `on` is null when the value is neither FF 00 nor 00 00 (the module answers exception 03). */
  | { kind: 'write-coil'; address: number; coil: number; on: boolean | null }
  /** A function this codec does not model; a module answers it with exception 01. */
  | { kind: 'unsupported'; address: number; functionCode: number; data: Uint8Array };

export type ModbusResponse =
  /** `bits` holds every bit of the data bytes (byte count × 8); the first `quantity` are the answer. */
  | { kind: 'bits'; address: number; table: ModbusBitTable; bits: boolean[] }
  | { kind: 'coil-written'; address: number; coil: number; on: boolean }
  | { kind: 'exception'; address: number; functionCode: number; exceptionCode: number };

export function encodeReadCoils(address: number, start: number, quantity: number): Uint8Array {
  return encodeRead(address, FC_READ_COILS, start, quantity);
}

export function encodeReadDiscreteInputs(address: number, start: number, quantity: number): Uint8Array {
  return encodeRead(address, FC_READ_DISCRETE_INPUTS, start, quantity);
}

export function encodeWriteSingleCoil(address: number, coil: number, on: boolean): Uint8Array {
  checkRange('slave address', address, 0, MAX_SLAVE_ADDRESS);
  checkRange('coil', coil, 0, 0xffff);
  return withCrc(Uint8Array.of(address, FC_WRITE_SINGLE_COIL, ...u16(coil), ...u16(on ? COIL_ON : COIL_OFF)));
}

/** Reply to 01/02; unused high bits of the last byte are 0 (§5). */
export function encodeBitsResponse(
  address: number,
  table: ModbusBitTable,
  bits: readonly boolean[],
): Uint8Array {
  const data = packBits(bits);
  return withCrc(Uint8Array.of(address, functionOf(table), data.length, ...data));
}

/** Reply to 05: the echo of the request. */
export function encodeCoilWrittenResponse(address: number, coil: number, on: boolean): Uint8Array {
  return encodeWriteSingleCoil(address, coil, on);
}

export function encodeException(address: number, functionCode: number, exceptionCode: number): Uint8Array {
  return withCrc(Uint8Array.of(address, (functionCode | EXCEPTION_FLAG) & 0xff, exceptionCode));
}

/** Decodes a whole request frame (device side); throws ChecksumError or FrameFormatError. */
export function decodeRequest(frame: Uint8Array): ModbusRequest {
  verifyCrc(frame);
  const address = frame[0]!;
  const functionCode = frame[1]!;
  if (functionCode === FC_READ_COILS || functionCode === FC_READ_DISCRETE_INPUTS) {
    expectLength(frame, 8, 'read request');
    const table = functionCode === FC_READ_COILS ? 'coils' : 'discrete-inputs';
    return { kind: 'read-bits', address, table, start: be16(frame, 2), quantity: be16(frame, 4) };
  }
  if (functionCode === FC_WRITE_SINGLE_COIL) {
    expectLength(frame, 8, 'write-coil request');
    const value = be16(frame, 4);
    const on = value === COIL_ON ? true : value === COIL_OFF ? false : null;
    return { kind: 'write-coil', address, coil: be16(frame, 2), on };
  }
  return { kind: 'unsupported', address, functionCode, data: frame.slice(2, frame.length - 2) };
}

/** Decodes a whole response frame (host side); throws ChecksumError or FrameFormatError. */
export function decodeResponse(frame: Uint8Array): ModbusResponse {
  verifyCrc(frame);
  const address = frame[0]!;
  const functionCode = frame[1]!;
  if (functionCode & EXCEPTION_FLAG) {
    expectLength(frame, 5, 'exception reply');
    return { kind: 'exception', address, functionCode: functionCode & 0x7f, exceptionCode: frame[2]! };
  }
  if (functionCode === FC_READ_COILS || functionCode === FC_READ_DISCRETE_INPUTS) {
    const byteCount = frame[2]!;
    expectLength(frame, 5 + byteCount, 'read reply');
    const table = functionCode === FC_READ_COILS ? 'coils' : 'discrete-inputs';
    return {
      kind: 'bits',
      address,
      table,
      bits: unpackBits(frame.subarray(3, 3 + byteCount), byteCount * 8),
    };
  }
  if (functionCode === FC_WRITE_SINGLE_COIL) {
    expectLength(frame, 8, 'write-coil reply');
    const value = be16(frame, 4);
    if (value !== COIL_ON && value !== COIL_OFF) {
      throw new FrameFormatError(
        MODBUS_PROTOCOL,
        `write-coil reply value 0x${value.toString(16)} is neither FF00 nor 0000`,
      );
    }
    return { kind: 'coil-written', address, coil: be16(frame, 2), on: value === COIL_ON };
  }
  throw new FrameFormatError(MODBUS_PROTOCOL, `function 0x${functionCode.toString(16)} is not supported`);
}

/** LSB first: bit 0 of the first byte is the first item (§5). */
export function packBits(bits: readonly boolean[]): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((on, i) => {
    if (on) bytes[i >> 3]! |= 1 << (i & 7);
  });
  return bytes;
}

export function unpackBits(bytes: Uint8Array, count: number): boolean[] {
  return Array.from({ length: count }, (_, i) => (((bytes[i >> 3] ?? 0) >> (i & 7)) & 1) === 1);
}

function encodeRead(address: number, functionCode: number, start: number, quantity: number): Uint8Array {
  checkRange('slave address', address, 0, MAX_SLAVE_ADDRESS);
  checkRange('start', start, 0, 0xffff);
  checkRange('quantity', quantity, 1, MAX_READ_BITS);
  return withCrc(Uint8Array.of(address, functionCode, ...u16(start), ...u16(quantity)));
}

function functionOf(table: ModbusBitTable): number {
  return table === 'coils' ? FC_READ_COILS : FC_READ_DISCRETE_INPUTS;
}

function u16(value: number): [number, number] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

function be16(frame: Uint8Array, offset: number): number {
  return (frame[offset]! << 8) | frame[offset + 1]!;
}

function expectLength(frame: Uint8Array, length: number, what: string): void {
  if (frame.length !== length) {
    throw new FrameFormatError(MODBUS_PROTOCOL, `${what} must be ${length} bytes, got ${frame.length}`);
  }
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Modbus ${name} must be an integer ${min}…${max}, got ${value}`);
  }
}
