import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/bytes.ts';
import {
  decodeR2000Frame,
  encodeR2000Frame,
  type R2000Frame,
  r2000Checksum,
} from '../../../src/codecs/rfid-r2000/r2000-codec.ts';
import { R2000Framer } from '../../../src/codecs/rfid-r2000/r2000-framer.ts';
import { ChecksumError, type CodecError, FrameFormatError } from '../../../src/errors.ts';
import { R2000_GOLDEN as G } from '../../fixtures/r2000-golden-frames.ts';

function framerWithErrors() {
  const errors: Array<{ error: CodecError; skipped: Uint8Array }> = [];
  const framer = new R2000Framer((error, skipped) => errors.push({ error, skipped }));
  return { framer, errors };
}

function pushAll(framer: R2000Framer, chunks: Uint8Array[]): R2000Frame[] {
  return chunks.flatMap((chunk) => framer.push(chunk));
}

describe('R2000Framer', () => {
  it.each(Object.entries(G))('reassembles %s at every split point', (_name, frame) => {
    for (let cut = 1; cut < frame.length; cut++) {
      const { framer, errors } = framerWithErrors();
      expect(framer.push(frame.subarray(0, cut))).toEqual([]);
      expect(framer.push(frame.subarray(cut))).toEqual([decodeR2000Frame(frame)]);
      expect(errors).toEqual([]);
    }
  });

  it('reassembles a frame fed one byte at a time', () => {
    const { framer } = framerWithErrors();
    const frames = pushAll(
      framer,
      [...G.tagFrame].map((byte) => Uint8Array.of(byte)),
    );
    expect(frames).toEqual([decodeR2000Frame(G.tagFrame)]);
  });

  it('yields every frame of one chunk, in order', () => {
    const { framer, errors } = framerWithErrors();
    const frames = framer.push(concatBytes(G.tagFrame, G.tagFrame, G.roundEnd));
    expect(frames.map((f) => f.data.length)).toEqual([16, 16, 7]);
    expect(errors).toEqual([]);
  });

  it('skips garbage before a head and reports it once', () => {
    const { framer, errors } = framerWithErrors();
    expect(framer.push(concatBytes(Uint8Array.of(0x00, 0x13, 0x37), G.firmwareVersionReply))).toEqual([
      decodeR2000Frame(G.firmwareVersionReply),
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(FrameFormatError);
    expect(errors[0]?.skipped).toEqual(Uint8Array.of(0x00, 0x13, 0x37));
  });

  it('skips a frame with a bad checksum and continues with the next one', () => {
    const { framer, errors } = framerWithErrors();
    const corrupt = Uint8Array.from(G.tagFrame);
    corrupt[corrupt.length - 1] = (corrupt.at(-1) ?? 0) ^ 0xff;
    expect(framer.push(concatBytes(corrupt, G.roundEnd))).toEqual([decodeR2000Frame(G.roundEnd)]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(ChecksumError);
    expect(errors[0]?.skipped).toEqual(corrupt);
  });

  it('finds a real frame hidden behind a false head', () => {
    const { framer, errors } = framerWithErrors();
    // A0 20 claims 32 more bytes and swallows the real frame; dropping the false head recovers it.
    const stream = concatBytes(
      Uint8Array.of(0xa0, 0x20),
      G.roundEnd,
      G.setWorkAntennaReply,
      new Uint8Array(20),
    );
    expect(framer.push(stream)).toEqual([
      decodeR2000Frame(G.roundEnd),
      decodeR2000Frame(G.setWorkAntennaReply),
    ]);
    expect(errors.map((e) => e.error.code)).toContain('CHECKSUM');
  });

  it('drops an impossible Len and resynchronises', () => {
    const { framer, errors } = framerWithErrors();
    expect(framer.push(concatBytes(Uint8Array.of(0xa0, 0x02), G.getTemperature))).toEqual([
      decodeR2000Frame(G.getTemperature),
    ]);
    expect(errors[0]?.error.message).toMatch(/impossible Len/);
  });

  it('forgets a partial frame on reset', () => {
    const { framer } = framerWithErrors();
    framer.push(G.tagFrame.subarray(0, 8));
    framer.reset();
    expect(framer.push(G.roundEnd)).toEqual([decodeR2000Frame(G.roundEnd)]);
  });
});

const arbitraryFrame = fc
  .record({
    address: fc.integer({ min: 0, max: 255 }),
    cmd: fc.integer({ min: 0, max: 255 }),
    data: fc.uint8Array({ maxLength: 40 }),
  })
  .map((frame) => encodeR2000Frame(frame));
/** A valid frame with one byte flipped: a line error. */
const corruptedFrame = fc
  .tuple(arbitraryFrame, fc.nat(), fc.integer({ min: 1, max: 255 }))
  .map(([frame, at, flip]) => {
    const copy = Uint8Array.from(frame);
    const index = at % copy.length;
    copy[index] = (copy[index] ?? 0) ^ flip;
    return copy;
  });
/** Garbage without the head byte, so no byte of it can start a frame. */
const garbage = fc.uint8Array({ maxLength: 12 }).map((bytes) => bytes.map((b) => (b === 0xa0 ? 0x00 : b)));

function chunked(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const point of [...points, stream.length]) {
    chunks.push(stream.subarray(previous, point));
    previous = point;
  }
  return chunks;
}

describe('R2000Framer properties', () => {
  it('never throws on random bytes and yields only checksum-valid frames that were in the stream', () => {
    const piece = fc.oneof(fc.uint8Array({ maxLength: 64 }), arbitraryFrame, corruptedFrame);
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pieces, cuts) => {
          const stream = concatBytes(...pieces);
          const frames = pushAll(new R2000Framer(), chunked(stream, cuts));
          let from = 0;
          for (const frame of frames) {
            const bytes = encodeR2000Frame(frame);
            const at = Buffer.from(stream).indexOf(Buffer.from(bytes), from);
            expect(at).toBeGreaterThanOrEqual(from);
            expect(stream[at + bytes.length - 1]).toBe(r2000Checksum(bytes.subarray(0, bytes.length - 1)));
            from = at + bytes.length;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('recovers every valid frame interleaved with garbage, however the stream is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(garbage, arbitraryFrame), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pairs, cuts) => {
          const stream = concatBytes(...pairs.flat());
          const framer = new R2000Framer();
          const frames = pushAll(framer, chunked(stream, cuts));
          expect(frames.map((f) => encodeR2000Frame(f))).toEqual(pairs.map(([, frame]) => frame));
        },
      ),
      { numRuns: 300 },
    );
  });
});
