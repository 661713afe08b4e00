import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/bytes.ts';
import {
  decodeStatusReply,
  decodeSwitch,
  encodeStatusQuery,
  encodeStatusText,
  encodeSwitch,
  lcusCheck,
  parseStatusLine,
} from '../../../src/codecs/relay-lcus/lcus-codec.ts';
import { ChecksumError, FrameFormatError } from '../../../src/errors.ts';
import {
  LCUS_GOLDEN_STATUS_QUERY,
  LCUS_GOLDEN_STATUS_RAW,
  LCUS_GOLDEN_STATUS_REPLY,
  LCUS_GOLDEN_SWITCHES,
} from '../../fixtures/lcus-golden-frames.ts';

describe('LCUS switch frames (§2)', () => {
  it.each(LCUS_GOLDEN_SWITCHES)('encodes $name as $hex', ({ hex, command }) => {
    expect(toHex(encodeSwitch(command.channel, command.action))).toBe(hex);
  });

  it.each(LCUS_GOLDEN_SWITCHES)('decodes $hex as $name', ({ hex, command }) => {
    expect(decodeSwitch(fromHex(hex))).toEqual(command);
  });

  it('computes the check as (A0 + channel + operation) & FF, wrapping past FF', () => {
    expect(lcusCheck(1, 1)).toBe(0xa2);
    expect(lcusCheck(0x60, 0x01)).toBe(0x01);
  });

  it('rejects a wrong check with ChecksumError naming both values', () => {
    const error = captureError(() => decodeSwitch(fromHex('A0 01 01 A3')));
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error).toMatchObject({ expected: 0xa2, actual: 0xa3 });
  });

  it('rejects operations other than 00/01, channel 0, and wrong length or start', () => {
    expect(() => decodeSwitch(fromHex('A0 01 02 A3'))).toThrow(FrameFormatError);
    expect(() => decodeSwitch(fromHex('A0 00 01 A1'))).toThrow(FrameFormatError);
    expect(() => decodeSwitch(fromHex('A0 01 01'))).toThrow(FrameFormatError);
    expect(() => decodeSwitch(fromHex('A1 01 01 A3'))).toThrow(FrameFormatError);
  });

  it('refuses to encode channels outside 1…255', () => {
    expect(() => encodeSwitch(0, 'energise')).toThrow(RangeError);
    expect(() => encodeSwitch(256, 'release')).toThrow(RangeError);
  });
});

describe('LCUS status (§3)', () => {
  it('encodes the status query as the single byte FF', () => {
    expect(toHex(encodeStatusQuery())).toBe(LCUS_GOLDEN_STATUS_QUERY);
  });

  it('encodes the status text byte for byte, "ON" padded to three characters', () => {
    expect(toHex(encodeStatusText([true, false]))).toBe(LCUS_GOLDEN_STATUS_REPLY.hex);
  });

  it('decodes the text reply', () => {
    expect(decodeStatusReply(fromHex(LCUS_GOLDEN_STATUS_REPLY.hex), 2)).toEqual(
      LCUS_GOLDEN_STATUS_REPLY.states,
    );
  });

  it('decodes the raw one-byte-per-channel reply', () => {
    expect(decodeStatusReply(fromHex(LCUS_GOLDEN_STATUS_RAW.hex), 2)).toEqual(LCUS_GOLDEN_STATUS_RAW.states);
  });

  it('rejects a reply with the wrong channel count or neither form', () => {
    expect(() => decodeStatusReply(fromHex(LCUS_GOLDEN_STATUS_REPLY.hex), 4)).toThrow(FrameFormatError);
    expect(() => decodeStatusReply(fromHex('01 00 01'), 2)).toThrow(FrameFormatError);
    expect(() => decodeStatusReply(fromHex('07 00'), 2)).toThrow(FrameFormatError);
  });

  it('parses single lines with or without the padding space', () => {
    expect(parseStatusLine('CH3: ON ')).toEqual({ channel: 3, energised: true });
    expect(parseStatusLine('CH4:OFF')).toEqual({ channel: 4, energised: false });
    expect(() => parseStatusLine('CH1: MAYBE')).toThrow(FrameFormatError);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
