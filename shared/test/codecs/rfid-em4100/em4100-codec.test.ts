import { describe, expect, it } from 'vitest';
import {
  decodeEm4100Frame,
  encodeEm4100Frame,
  isEm4100TagId,
} from '../../../src/codecs/rfid-em4100/em4100-codec.ts';
import { ChecksumError, FrameFormatError } from '../../../src/errors.ts';
import { EM4100_GOLDEN, EM4100_GOLDEN_CARD } from '../../fixtures/em4100-golden-frames.ts';

describe('EM4100 codec (§9)', () => {
  it('encodes the worked card byte for byte', () => {
    expect(encodeEm4100Frame('010A2B3C4D')).toEqual(EM4100_GOLDEN.card);
    expect(encodeEm4100Frame('010a2b3c4d')).toEqual(EM4100_GOLDEN.card);
  });

  it('decodes the worked card: version, 32-bit card number, tag id', () => {
    expect(decodeEm4100Frame(EM4100_GOLDEN.card)).toEqual(EM4100_GOLDEN_CARD);
  });

  it('accepts lowercase hex from the reader and reports the tag id in uppercase', () => {
    const lower = Uint8Array.from(EM4100_GOLDEN.card);
    lower[4] = 0x61; // 'a' instead of 'A'
    expect(decodeEm4100Frame(lower).tagId).toBe('010A2B3C4D');
  });

  it('decodes card numbers with the top bit set as unsigned', () => {
    expect(decodeEm4100Frame(encodeEm4100Frame('FFFFFFFFFF'))).toEqual({
      version: 0xff,
      cardNumber: 0xffff_ffff,
      tagId: 'FFFFFFFFFF',
    });
  });

  it('rejects a wrong XOR checksum', () => {
    const corrupt = Uint8Array.from(EM4100_GOLDEN.card);
    corrupt[12] = 0x30; // checksum '50' instead of '51'
    expect(() => decodeEm4100Frame(corrupt)).toThrow(ChecksumError);
  });

  it('rejects a missing ETX, non-hex characters and a wrong length', () => {
    const noEtx = Uint8Array.from(EM4100_GOLDEN.card);
    noEtx[13] = 0x0d;
    expect(() => decodeEm4100Frame(noEtx)).toThrow(/ETX/);
    const notHex = Uint8Array.from(EM4100_GOLDEN.card);
    notHex[3] = 0x47; // 'G'
    expect(() => decodeEm4100Frame(notHex)).toThrow(/hex/);
    expect(() => decodeEm4100Frame(EM4100_GOLDEN.card.subarray(0, 13))).toThrow(FrameFormatError);
  });

  it('validates tag ids for the encoder', () => {
    expect(isEm4100TagId('010A2B3C4D')).toBe(true);
    expect(isEm4100TagId('010A2B3C4')).toBe(false);
    expect(() => encodeEm4100Frame('XYZ')).toThrow(/10 hex characters/);
  });
});
