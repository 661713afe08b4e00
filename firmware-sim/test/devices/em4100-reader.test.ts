import { fromHex } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { Em4100CardReader } from '../../src/devices/rfid/em4100-reader.ts';

/** §9 worked frame: data 01 0A 2B 3C 4D, checksum 0x51. */
const GOLDEN = fromHex('02 30 31 30 41 32 42 33 43 34 44 35 31 03');

function setup(timing: 'fast' | 'realistic') {
  const clock = new FakeClock();
  const reader = new Em4100CardReader({ id: 'em-1' }, { clock, timing });
  const frames: Uint8Array[] = [];
  reader.attach((frame) => frames.push(frame));
  return { clock, reader, frames };
}

describe('Em4100CardReader', () => {
  it('sends the card frame at once (fast) and every ~100 ms while the card stays', async () => {
    const { reader, frames, clock } = setup('fast');
    reader.setTags(['010a2b3c4d']);
    expect(frames).toEqual([GOLDEN]);
    await clock.advance(350);
    expect(frames).toHaveLength(4);
    expect(reader.snapshot()).toEqual({
      tags: ['010A2B3C4D'],
      card: { version: 1, cardNumber: 170_605_645, tagId: '010A2B3C4D' },
      framesSent: 4,
    });
  });

  it('reads the card after ~50 ms with realistic timing', async () => {
    const { reader, frames, clock } = setup('realistic');
    reader.setTags(['010A2B3C4D']);
    await clock.advance(49);
    expect(frames).toEqual([]);
    await clock.advance(1);
    expect(frames).toEqual([GOLDEN]);
  });

  it('falls silent when the card is taken away, and switches cards', async () => {
    const { reader, frames, clock } = setup('fast');
    reader.setTags(['010A2B3C4D']);
    reader.setTags([]);
    await clock.advance(500);
    expect(frames).toHaveLength(1);
    reader.setTags(['7F00C0FFEE']);
    reader.setTags(['7F00C0FFEE']);
    await clock.advance(150);
    expect(frames).toHaveLength(3);
    expect(clock.pending).toBe(1);
  });

  it('ignores anything written to it', () => {
    const { reader, frames } = setup('fast');
    reader.receive(fromHex('A0 03 01 72 EA'));
    expect(frames).toEqual([]);
  });

  it('refuses invalid ids and more than one card, with a clear error', () => {
    const { reader } = setup('fast');
    expect(() => reader.setTags(['12345'])).toThrow(/10 hex digits/);
    expect(() => reader.setTags(['010A2B3C4D', '7F00C0FFEE'])).toThrow(/one card at a time/);
  });

  it('stops repeating on close', async () => {
    const { reader, frames, clock } = setup('fast');
    reader.setTags(['010A2B3C4D']);
    reader.close();
    await clock.advance(500);
    expect(frames).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });
});
