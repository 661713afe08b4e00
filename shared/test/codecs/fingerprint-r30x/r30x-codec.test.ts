import { ChecksumError, FrameFormatError, fromHex, toHex } from '@vaultline/shared';
import {
  decodeAck,
  decodeCommandPayload,
  decodePacket,
  decodeSearchReply,
  describeR30xStatus,
  encodeAck,
  encodeCommand,
  encodeErrorAck,
  encodeSearchData,
  R30xPid,
  R30xStatus,
  r30xChecksum,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { describe, expect, it } from 'vitest';
import { R30X_GOLDEN, R30X_GOLDEN_HEX } from '../../fixtures/r30x-golden-frames.ts';

describe('golden fixture', () => {
  it.each(Object.keys(R30X_GOLDEN) as Array<keyof typeof R30X_GOLDEN>)('%s matches §8 verbatim', (name) => {
    expect(toHex(R30X_GOLDEN[name])).toBe(R30X_GOLDEN_HEX[name]);
  });
});

describe('checksum (§2, §8 worked examples)', () => {
  it('sums PID, length and payload of the Search command to 0x00B1', () => {
    expect(r30xChecksum(0x01, 0x0008, fromHex('04 01 00 00 00 A3'))).toBe(0x00b1);
  });

  it('sums the Search ack to 0x0077', () => {
    expect(r30xChecksum(0x07, 0x0007, fromHex('00 00 05 00 64'))).toBe(0x0077);
  });

  it('keeps the low 16 bits of a sum that overflows', () => {
    const payload = new Uint8Array(256).fill(0xff);
    expect(r30xChecksum(0x02, 258, payload)).toBe((0x02 + 0x01 + 0x02 + 256 * 0xff) & 0xffff);
  });
});

describe('encode commands (golden)', () => {
  it.each([
    ['verifyPassword0', { op: 'verifyPassword', password: 0 }],
    ['genImg', { op: 'genImg' }],
    ['img2TzBuffer1', { op: 'img2Tz', buffer: 1 }],
    ['searchBuffer1Count163', { op: 'search', buffer: 1, startPage: 0, pageCount: 0xa3 }],
    ['storeBuffer1Page7', { op: 'store', buffer: 1, pageId: 7 }],
    ['readSysPara', { op: 'readSysPara' }],
  ] as const)('%s', (name, command) => {
    expect(toHex(encodeCommand(command))).toBe(toHex(R30X_GOLDEN[name]));
  });

  it('rejects a parameter that does not fit its field', () => {
    expect(() => encodeCommand({ op: 'store', buffer: 1, pageId: 0x10000 })).toThrow(RangeError);
  });

  it('encodes the address given', () => {
    expect(toHex(encodeCommand({ op: 'genImg' }, 0x12345678))).toBe('EF 01 12 34 56 78 01 00 03 01 00 05');
  });
});

describe('encode acknowledgements (golden)', () => {
  it('no finger', () => {
    expect(encodeAck(0xffffffff, R30xStatus.noFinger)).toEqual(R30X_GOLDEN.ackNoFinger);
  });

  it('search found page 5 with score 100', () => {
    const ack = encodeAck(0xffffffff, R30xStatus.ok, encodeSearchData({ pageId: 5, score: 100 }));
    expect(ack).toEqual(R30X_GOLDEN.searchAckPage5Score100);
  });

  it('search not found keeps the 16-byte layout with zeroed fields (§3)', () => {
    expect(toHex(encodeErrorAck(0xffffffff, 'search', R30xStatus.notFound))).toBe(
      'EF 01 FF FF FF FF 07 00 07 09 00 00 00 00 00 17',
    );
  });
});

describe('decode (golden)', () => {
  it.each([
    ['verifyPassword0', { op: 'verifyPassword', password: 0 }],
    ['genImg', { op: 'genImg' }],
    ['img2TzBuffer1', { op: 'img2Tz', buffer: 1 }],
    ['searchBuffer1Count163', { op: 'search', buffer: 1, startPage: 0, pageCount: 163 }],
    ['storeBuffer1Page7', { op: 'store', buffer: 1, pageId: 7 }],
    ['readSysPara', { op: 'readSysPara' }],
  ] as const)('command %s', (name, command) => {
    const packet = decodePacket(R30X_GOLDEN[name]);
    expect(packet.address).toBe(0xffffffff);
    expect(packet.pid).toBe(R30xPid.command);
    expect(decodeCommandPayload(packet.payload)).toEqual(command);
  });

  it('search ack: page 5, score 100', () => {
    const ack = decodeAck(decodePacket(R30X_GOLDEN.searchAckPage5Score100));
    expect(ack?.status).toBe(0);
    expect(decodeSearchReply(ack!)).toEqual({ pageId: 5, score: 100 });
  });

  it('no-finger ack', () => {
    const ack = decodeAck(decodePacket(R30X_GOLDEN.ackNoFinger));
    expect(ack).toEqual({ address: 0xffffffff, status: 0x02, data: new Uint8Array(0) });
    expect(describeR30xStatus(ack!.status)).toBe('no finger on the sensor');
  });

  it('a command packet is not an ack', () => {
    expect(decodeAck(decodePacket(R30X_GOLDEN.genImg))).toBeUndefined();
  });

  it('an unknown instruction decodes to undefined; a short known one throws', () => {
    expect(decodeCommandPayload(fromHex('3A'))).toBeUndefined();
    expect(() => decodeCommandPayload(fromHex('06 01 00'))).toThrow(FrameFormatError);
  });
});

describe('decodePacket rejects', () => {
  it('a wrong checksum, naming both values', () => {
    const bytes = Uint8Array.from(R30X_GOLDEN.genImg);
    bytes[11] = 0x06;
    const error = catchError(() => decodePacket(bytes));
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error).toMatchObject({ expected: 0x05, actual: 0x06 });
  });

  it('a wrong header, an unknown PID, a length that disagrees with the packet', () => {
    expect(() => decodePacket(fromHex('EF 02 FF FF FF FF 01 00 03 01 00 05'))).toThrow(FrameFormatError);
    expect(() => decodePacket(fromHex('EF 01 FF FF FF FF 05 00 03 01 00 09'))).toThrow(/packet identifier/);
    expect(() => decodePacket(fromHex('EF 01 FF FF FF FF 01 00 04 01 00 05'))).toThrow(FrameFormatError);
  });
});

describe('confirmation codes (§5)', () => {
  it('names wire codes and keeps the Adafruit local 0xFF out', () => {
    expect(R30xStatus.passwordNotVerified).toBe(0x21);
    expect(describeR30xStatus(0x0b)).toBe('page id outside the library');
    expect(describeR30xStatus(0xff)).toBe('unknown confirmation code 0xff');
    expect(Object.values(R30xStatus)).not.toContain(0xff);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
