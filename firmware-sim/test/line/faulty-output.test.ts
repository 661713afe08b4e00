import { fromHex } from '@vaultline/shared';
import { describe, expect, it } from 'vitest';
import { applyFault } from '../../src/line/faulty-output.ts';

const frame = fromHex('EF 01 FF FF FF FF 07 00 03 02 00 0C');
const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe('applyFault', () => {
  it('passes the frame unchanged with no fault', () => {
    expect(applyFault(frame, 'none')).toEqual([{ bytes: frame, delayMs: 0 }]);
  });

  it('sends nothing when silent or disconnected', () => {
    expect(applyFault(frame, 'silent')).toEqual([]);
    expect(applyFault(frame, 'disconnect')).toEqual([]);
  });

  it('flips only the last (checksum) byte when corrupt', () => {
    const [write] = applyFault(frame, 'corrupt');
    expect([...(write?.bytes ?? [])]).toEqual([...frame.subarray(0, -1), 0x0c ^ 0xff]);
    expect([...frame].at(-1)).toBe(0x0c);
  });

  it('replaces the frame by random bytes of the same length when garbage', () => {
    const [write] = applyFault(frame, 'garbage', seeded(7));
    expect(write?.bytes).toHaveLength(frame.length);
    expect(write?.bytes).not.toEqual(frame);
  });

  it('splits into 1–5 byte pieces that rejoin to the frame, with gaps after the first', () => {
    const writes = applyFault(frame, 'split', seeded(3));
    expect(writes.length).toBeGreaterThan(2);
    expect(writes.every((w) => w.bytes.length >= 1 && w.bytes.length <= 5)).toBe(true);
    expect(Buffer.concat(writes.map((w) => w.bytes))).toEqual(Buffer.from(frame));
    expect(writes.slice(1).every((w) => w.delayMs > 0)).toBe(true);
  });
});
