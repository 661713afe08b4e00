import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitForMtu } from '../../../src/codecs/ble-nus/mtu-chunks.ts';
import { DEFAULT_NUS_CHUNK_BYTES } from '../../../src/codecs/ble-nus/nus-service.ts';

describe('splitForMtu', () => {
  it('cuts 45 bytes into 20 + 20 + 5 at the default MTU of 23 (ble-nus-and-bluez.md Part A)', () => {
    const bytes = Uint8Array.from({ length: 45 }, (_, i) => i);
    const pieces = splitForMtu(bytes, DEFAULT_NUS_CHUNK_BYTES);
    expect(pieces.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(pieces[2]).toEqual(Uint8Array.of(40, 41, 42, 43, 44));
  });

  it('gives no pieces for no bytes, and one piece for a short frame', () => {
    expect(splitForMtu(new Uint8Array(0), 20)).toEqual([]);
    expect(splitForMtu(Uint8Array.of(1, 2), 20)).toEqual([Uint8Array.of(1, 2)]);
  });

  it('rejects a size that cannot make progress', () => {
    expect(() => splitForMtu(Uint8Array.of(1), 0)).toThrow(RangeError);
    expect(() => splitForMtu(Uint8Array.of(1), 2.5)).toThrow(RangeError);
  });

  it('keeps every byte in order and never exceeds the size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 514 }), (bytes, size) => {
        const pieces = splitForMtu(bytes, size);
        expect(pieces.every((p) => p.length >= 1 && p.length <= size)).toBe(true);
        expect(pieces.slice(0, -1).every((p) => p.length === size)).toBe(true);
        expect(Buffer.concat(pieces)).toEqual(Buffer.from(bytes));
      }),
    );
  });
});
