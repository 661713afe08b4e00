import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/bytes.ts';
import {
  crc16Modbus,
  decodeRequest,
  decodeResponse,
  encodeBitsResponse,
  encodeCoilWrittenResponse,
  encodeException,
  encodeReadCoils,
  encodeReadDiscreteInputs,
  encodeWriteSingleCoil,
  type ModbusRequest,
  type ModbusResponse,
  modbusExceptionMeaning,
  packBits,
  unpackBits,
} from '../../../src/codecs/modbus-rtu/modbus-codec.ts';
import { ChecksumError, FrameFormatError } from '../../../src/errors.ts';
import {
  MODBUS_CRC_CHECK,
  MODBUS_GOLDEN_REQUESTS,
  MODBUS_GOLDEN_RESPONSES,
} from '../../fixtures/modbus-golden-frames.ts';

function encodeRequest(request: ModbusRequest): Uint8Array {
  if (request.kind === 'read-bits') {
    const encode = request.table === 'coils' ? encodeReadCoils : encodeReadDiscreteInputs;
    return encode(request.address, request.start, request.quantity);
  }
  if (request.kind === 'write-coil')
    return encodeWriteSingleCoil(request.address, request.coil, request.on === true);
  throw new Error('no encoder for unsupported requests');
}

function encodeResponse(response: ModbusResponse): Uint8Array {
  if (response.kind === 'bits') return encodeBitsResponse(response.address, response.table, response.bits);
  if (response.kind === 'coil-written')
    return encodeCoilWrittenResponse(response.address, response.coil, response.on);
  return encodeException(response.address, response.functionCode, response.exceptionCode);
}

describe('CRC-16/MODBUS (§5)', () => {
  it('has the crc-catalog check value 0x4B37 for "123456789"', () => {
    expect(crc16Modbus(Buffer.from(MODBUS_CRC_CHECK.input, 'ascii'))).toBe(MODBUS_CRC_CHECK.crc);
  });
});

describe('Modbus RTU requests', () => {
  it.each(MODBUS_GOLDEN_REQUESTS)('encodes "$name" as $hex', ({ hex, request }) => {
    expect(toHex(encodeRequest(request))).toBe(hex);
  });

  it.each(MODBUS_GOLDEN_REQUESTS)('decodes $hex as "$name"', ({ hex, request }) => {
    expect(decodeRequest(fromHex(hex))).toEqual(request);
  });

  it('decodes a write-coil value other than FF00/0000 as on: null (the module answers exception 03)', () => {
    const frame = encodeWriteSingleCoil(1, 0, true);
    frame[4] = 0x12;
    const patched = fromHex(toHex(frame.subarray(0, 6)) + crcHex(frame.subarray(0, 6)));
    expect(decodeRequest(patched)).toMatchObject({ kind: 'write-coil', on: null });
  });

  it('decodes functions it does not model as unsupported, keeping the data', () => {
    const body = fromHex('01 03 00 00 00 02');
    const frame = fromHex(toHex(body) + crcHex(body));
    expect(decodeRequest(frame)).toEqual({
      kind: 'unsupported',
      address: 1,
      functionCode: 3,
      data: fromHex('00 00 00 02'),
    });
  });

  it('rejects a bad CRC with ChecksumError', () => {
    expect(() => decodeRequest(fromHex('01 02 00 00 00 08 79 CD'))).toThrow(ChecksumError);
  });

  it('refuses out-of-range values when encoding', () => {
    expect(() => encodeReadDiscreteInputs(248, 0, 1)).toThrow(RangeError);
    expect(() => encodeReadDiscreteInputs(1, 0, 0)).toThrow(RangeError);
    expect(() => encodeReadCoils(1, 0, 2001)).toThrow(RangeError);
    expect(() => encodeWriteSingleCoil(1, 0x10000, true)).toThrow(RangeError);
  });
});

describe('Modbus RTU responses', () => {
  it.each(MODBUS_GOLDEN_RESPONSES)('encodes "$name" as $hex', ({ hex, response }) => {
    expect(toHex(encodeResponse(response))).toBe(hex);
  });

  it.each(MODBUS_GOLDEN_RESPONSES)('decodes $hex as "$name"', ({ hex, response }) => {
    expect(decodeResponse(fromHex(hex))).toEqual(response);
  });

  it('rejects a bad CRC, a length that does not match, and an unsupported function', () => {
    expect(() => decodeResponse(fromHex('01 02 01 05 61 8C'))).toThrow(ChecksumError);
    const short = fromHex('01 02 02 05');
    expect(() => decodeResponse(fromHex(toHex(short) + crcHex(short)))).toThrow(FrameFormatError);
    const holding = fromHex('01 03 02 00 01');
    expect(() => decodeResponse(fromHex(toHex(holding) + crcHex(holding)))).toThrow(FrameFormatError);
  });

  it('explains exception codes', () => {
    expect(modbusExceptionMeaning(1)).toMatch(/illegal function/);
    expect(modbusExceptionMeaning(2)).toMatch(/illegal data address/);
    expect(modbusExceptionMeaning(3)).toMatch(/illegal data value/);
    expect(modbusExceptionMeaning(4)).toMatch(/server device failure/);
    expect(modbusExceptionMeaning(9)).toMatch(/9/);
  });
});

describe('bit packing (§5: LSB first, unused high bits 0)', () => {
  it('packs the first item into bit 0 of the first byte', () => {
    expect(toHex(packBits([true, false, true]))).toBe('05');
    expect(toHex(packBits([false, false, false, false, false, false, false, false, true]))).toBe('00 01');
  });

  it('unpacks the requested count', () => {
    expect(unpackBits(fromHex('05'), 3)).toEqual([true, false, true]);
    expect(unpackBits(fromHex('00 01'), 9)[8]).toBe(true);
  });
});

function crcHex(body: Uint8Array): string {
  const crc = crc16Modbus(body);
  return ` ${toHex(Uint8Array.of(crc & 0xff, crc >>> 8))}`;
}
