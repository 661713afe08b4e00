import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../../src/bytes.ts';
import {
  encodeStatusText,
  encodeSwitch,
  type LcusCommand,
} from '../../../src/codecs/relay-lcus/lcus-codec.ts';
import { LcusCommandFramer } from '../../../src/codecs/relay-lcus/lcus-command-framer.ts';
import { LcusStatusFramer } from '../../../src/codecs/relay-lcus/lcus-status-framer.ts';
import { ChecksumError, type CodecError, FrameFormatError } from '../../../src/errors.ts';
import { LCUS_GOLDEN_STATUS_REPLY, LCUS_GOLDEN_SWITCHES } from '../../fixtures/lcus-golden-frames.ts';

const ENERGISE_1 = fromHex('A0 01 01 A2');
const RELEASE_2 = fromHex('A0 02 00 A2');

function commandFramer() {
  const errors: CodecError[] = [];
  return { framer: new LcusCommandFramer((error) => errors.push(error)), errors };
}

describe('LcusCommandFramer (board side)', () => {
  it('reassembles a switch frame split at every point', () => {
    for (let cut = 1; cut < ENERGISE_1.length; cut++) {
      const { framer, errors } = commandFramer();
      expect(framer.push(ENERGISE_1.subarray(0, cut))).toEqual([]);
      expect(framer.push(ENERGISE_1.subarray(cut))).toEqual([LCUS_GOLDEN_SWITCHES[0]!.command]);
      expect(errors).toEqual([]);
    }
  });

  it('yields two switch frames and a status query from one chunk', () => {
    const { framer } = commandFramer();
    expect(framer.push(concatBytes(ENERGISE_1, fromHex('FF'), RELEASE_2))).toEqual([
      { type: 'switch', channel: 1, action: 'energise' },
      { type: 'status-query' },
      { type: 'switch', channel: 2, action: 'release' },
    ]);
  });

  it('skips garbage before a frame start and reports it once', () => {
    const { framer, errors } = commandFramer();
    expect(framer.push(concatBytes(fromHex('00 13 37'), ENERGISE_1))).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(FrameFormatError);
  });

  it('drops one byte on a bad check and finds the frame that started inside it', () => {
    const { framer, errors } = commandFramer();
    // A0 A0 01 01 has check 41 ≠ 01: only the first A0 goes, and A0 01 01 A2 follows.
    const frames = framer.push(concatBytes(fromHex('A0'), ENERGISE_1, RELEASE_2));
    expect(frames).toEqual([
      { type: 'switch', channel: 1, action: 'energise' },
      { type: 'switch', channel: 2, action: 'release' },
    ]);
    expect(errors[0]).toBeInstanceOf(ChecksumError);
  });

  it('continues after a frame with a bad check', () => {
    const { framer, errors } = commandFramer();
    expect(framer.push(concatBytes(fromHex('A0 01 01 A5'), RELEASE_2))).toEqual([
      { type: 'switch', channel: 2, action: 'release' },
    ]);
    expect(errors.some((e) => e instanceof ChecksumError)).toBe(true);
  });

  it('forgets a partial frame on reset', () => {
    const { framer } = commandFramer();
    framer.push(fromHex('A0 01'));
    framer.reset();
    expect(framer.push(RELEASE_2)).toEqual([{ type: 'switch', channel: 2, action: 'release' }]);
  });

  it('never throws on random bytes and yields only commands present in the input', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (chunks) => {
        const { framer } = commandFramer();
        const input = toHex(concatBytes(...chunks));
        for (const command of chunks.flatMap((chunk) => framer.push(chunk))) {
          expect(input).toContain(encodedHex(command));
        }
      }),
    );
  });

  it('recovers every valid frame interleaved with garbage that holds no frame start', () => {
    const garbage = fc
      .uint8Array({ maxLength: 12 })
      .map((bytes) => bytes.filter((b) => b !== 0xa0 && b !== 0xff));
    const switchFrame = fc.record({ channel: fc.integer({ min: 1, max: 8 }), on: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(garbage, switchFrame), { maxLength: 15 }),
        fc.integer({ min: 1, max: 7 }),
        (parts, size) => {
          const { framer } = commandFramer();
          const stream = concatBytes(
            ...parts.flatMap(([noise, f]) => [noise, encodeSwitch(f.channel, f.on ? 'energise' : 'release')]),
          );
          const out: LcusCommand[] = [];
          for (let i = 0; i < stream.length; i += size)
            out.push(...framer.push(stream.subarray(i, i + size)));
          expect(out).toEqual(
            parts.map(([, f]) => ({
              type: 'switch',
              channel: f.channel,
              action: f.on ? 'energise' : 'release',
            })),
          );
        },
      ),
    );
  });
});

function encodedHex(command: LcusCommand): string {
  return command.type === 'status-query' ? 'FF' : toHex(encodeSwitch(command.channel, command.action));
}

describe('LcusStatusFramer (host side)', () => {
  const reply = fromHex(LCUS_GOLDEN_STATUS_REPLY.hex);

  it('reassembles the golden status reply split at every point', () => {
    for (let cut = 1; cut < reply.length; cut++) {
      const framer = new LcusStatusFramer();
      const states = [...framer.push(reply.subarray(0, cut)), ...framer.push(reply.subarray(cut))];
      expect(states).toEqual(LCUS_GOLDEN_STATUS_REPLY.states);
    }
  });

  it('yields both lines of two replies in one chunk', () => {
    const framer = new LcusStatusFramer();
    expect(framer.push(concatBytes(reply, encodeStatusText([false, true])))).toHaveLength(4);
  });

  it('skips noise before CH on a line and a line that is no status', () => {
    const errors: CodecError[] = [];
    const framer = new LcusStatusFramer((error) => errors.push(error));
    const noisy = concatBytes(fromHex('00 7F'), reply, Buffer.from('HELLO\r\n'), encodeStatusText([true]));
    expect(framer.push(noisy)).toEqual([...LCUS_GOLDEN_STATUS_REPLY.states, { channel: 1, energised: true }]);
    expect(errors).toHaveLength(2);
  });

  it('drops an over-long line but keeps a status that starts near its end', () => {
    const errors: CodecError[] = [];
    const framer = new LcusStatusFramer((error) => errors.push(error));
    const noise = new Uint8Array(30).fill(0x55);
    expect(framer.push(concatBytes(noise, reply))).toEqual(LCUS_GOLDEN_STATUS_REPLY.states);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('never throws on random bytes and yields only well-formed channel states', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 20 }), (chunks) => {
        const framer = new LcusStatusFramer();
        for (const state of chunks.flatMap((chunk) => framer.push(chunk))) {
          expect(Number.isInteger(state.channel)).toBe(true);
          expect(typeof state.energised).toBe('boolean');
        }
      }),
    );
  });

  it('recovers every status line interleaved with noise lines', () => {
    const noise = fc
      .uint8Array({ maxLength: 20 })
      .map((bytes) => bytes.filter((b) => b !== 0x0a && b !== 0x43));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, fc.array(fc.boolean(), { minLength: 1, maxLength: 4 })), { maxLength: 10 }),
        (parts) => {
          const framer = new LcusStatusFramer();
          const stream = concatBytes(
            ...parts.flatMap(([junk, states]) => [junk, fromHex('0A'), encodeStatusText(states)]),
          );
          expect(framer.push(stream)).toEqual(
            parts.flatMap(([, states]) => states.map((energised, i) => ({ channel: i + 1, energised }))),
          );
        },
      ),
    );
  });
});
