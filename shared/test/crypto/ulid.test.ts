import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUlidGenerator, ULID_PATTERN, ulidTime } from '../../src/crypto/ulid.ts';
import { FakeClock } from '../../src/time/fake-clock.ts';

const bytes = (fill: number) => (size: number) => new Uint8Array(size).fill(fill);

describe('ULID', () => {
  it('encodes the time as the spec example does (1469918176385 → 01ARYZ6S41)', () => {
    const ulid = createUlidGenerator({ clock: { now: () => 1469918176385 }, random: bytes(0) });
    expect(ulid()).toBe('01ARYZ6S410000000000000000');
  });

  it('encodes the 80 random bits as 16 Crockford base32 characters, most significant first', () => {
    const at = (random: (size: number) => Uint8Array) =>
      createUlidGenerator({ clock: { now: () => 0 }, random })().slice(10);
    expect(at(bytes(0xff))).toBe('ZZZZZZZZZZZZZZZZ');
    expect(at(() => Uint8Array.of(0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0))).toBe('G000000000000000');
    expect(at(() => Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0x21))).toBe('0000000000000011');
  });

  it('increments the random part within one millisecond, with carry', () => {
    const ulid = createUlidGenerator({
      clock: { now: () => 0 },
      random: () => Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe),
    });
    expect([ulid(), ulid(), ulid()].map((id) => id.slice(10))).toEqual([
      '000000000000007Y',
      '000000000000007Z',
      '0000000000000080',
    ]);
  });

  it('takes fresh randomness when the millisecond changes', async () => {
    const clock = new FakeClock(1_000);
    let fill = 1;
    const ulid = createUlidGenerator({ clock, random: (size) => new Uint8Array(size).fill(fill++) });
    const first = ulid();
    await clock.advance(1);
    const second = ulid();
    expect(ulidTime(first)).toBe(1_000);
    expect(ulidTime(second)).toBe(1_001);
    expect(second.slice(10)).not.toBe(first.slice(10));
  });

  it('fails rather than wrap when the random part overflows within one millisecond', () => {
    const ulid = createUlidGenerator({ clock: { now: () => 5 }, random: bytes(0xff) });
    ulid();
    expect(() => ulid()).toThrow('overflowed');
  });

  it('refuses times outside the 48-bit range', () => {
    expect(() => createUlidGenerator({ clock: { now: () => -1 } })()).toThrow('check the clock');
    expect(() => createUlidGenerator({ clock: { now: () => 2 ** 48 } })()).toThrow('check the clock');
    expect(ulidTime(createUlidGenerator({ clock: { now: () => 2 ** 48 - 1 } })())).toBe(2 ** 48 - 1);
  });

  it('produces strictly increasing ids whatever the clock does, each decoding to a time seen', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 50 }),
        (times) => {
          let i = 0;
          const ulid = createUlidGenerator({ clock: { now: () => times[i]! } });
          let previous = '';
          for (i = 0; i < times.length; i++) {
            const id = ulid();
            expect(id).toMatch(ULID_PATTERN);
            expect(id > previous).toBe(true);
            expect(ulidTime(id)).toBe(Math.max(...times.slice(0, i + 1)));
            previous = id;
          }
        },
      ),
    );
  });

  it('uses real randomness and the system clock by default', () => {
    const ulid = createUlidGenerator();
    const id = ulid();
    expect(Math.abs(ulidTime(id) - Date.now())).toBeLessThan(60_000);
    expect(() => ulidTime('not-a-ulid')).toThrow('is not a ULID');
  });
});
