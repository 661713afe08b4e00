import { FrameFormatError, fromHex, toHex } from '@vaultline/shared';
import {
  decodeAck,
  decodeIndexTable,
  decodePacket,
  decodeSysParams,
  decodeTemplateCount,
  encodeAck,
  encodeCommand,
  encodeIndexTableData,
  encodeSysParamsData,
  encodeUint16Data,
  type R30xAck,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { describe, expect, it } from 'vitest';

function ack(hex: string): R30xAck {
  return decodeAck(decodePacket(fromHex(hex)))!;
}

describe('ReadSysPara reply (§4)', () => {
  // R307 defaults: status 0, system id 0, library 1000 (0x03E8), security 3, address FF FF FF FF,
  // packet size code 2 (128 bytes), baud N = 6 (57600).
  // Checksum: 07 + 00 + 13 + 03 + E8 + 03 + 4×FF + 02 + 06 = 7 + 19 + 3 + 232 + 3 + 1020 + 2 + 6 = 1292 = 0x050C.
  const REPLY = 'EF 01 FF FF FF FF 07 00 13 00 00 00 00 00 03 E8 00 03 FF FF FF FF 00 02 00 06 05 0C';
  const PARAMS = {
    statusRegister: 0,
    systemId: 0,
    capacity: 1000,
    securityLevel: 3,
    address: 0xffffffff,
    packetSize: 128,
    baudMultiplier: 6,
  } as const;

  it('decodes field by field', () => {
    expect(decodeSysParams(ack(REPLY))).toEqual(PARAMS);
  });

  it('encodes the same bytes', () => {
    expect(toHex(encodeAck(0xffffffff, 0, encodeSysParamsData(PARAMS)))).toBe(REPLY);
  });

  it('rejects a packet size code outside 0…3 and a short reply', () => {
    const data = encodeSysParamsData(PARAMS);
    data[13] = 4;
    expect(() => decodeSysParams({ address: 0, status: 0, data })).toThrow(/packet size code 4/);
    expect(() => decodeSysParams({ address: 0, status: 0, data: data.subarray(0, 15) })).toThrow(
      FrameFormatError,
    );
  });
});

describe('ReadIndexTable (§3)', () => {
  it('builds the command for index page 1', () => {
    expect(toHex(encodeCommand({ op: 'readIndexTable', indexPage: 1 }))).toBe(
      'EF 01 FF FF FF FF 01 00 04 1F 01 00 25',
    );
  });

  it('LSB of byte 0 is the first slot of the index page', () => {
    const data = encodeIndexTableData(1, [256, 263, 264, 511, 5, 512]);
    expect(toHex(data.subarray(0, 2))).toBe('81 01');
    expect(data[31]).toBe(0x80);
    expect(decodeIndexTable({ address: 0, status: 0, data }, 1)).toEqual([256, 263, 264, 511]);
  });
});

describe('TemplateNum (0x1D)', () => {
  it('decodes the count', () => {
    // 07 + 05 + 00 + 00 + 0x2A = 0x36
    expect(decodeTemplateCount(ack('EF 01 FF FF FF FF 07 00 05 00 00 2A 00 36'))).toBe(42);
    expect(toHex(encodeUint16Data(42))).toBe('00 2A');
  });
});
