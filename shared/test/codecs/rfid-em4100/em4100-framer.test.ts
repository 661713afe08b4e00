import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/bytes.ts';
import { type Em4100Card, encodeEm4100Frame } from '../../../src/codecs/rfid-em4100/em4100-codec.ts';
import { Em4100Framer } from '../../../src/codecs/rfid-em4100/em4100-framer.ts';
import { ChecksumError, type CodecError, FrameFormatError } from '../../../src/errors.ts';
import { EM4100_GOLDEN, EM4100_GOLDEN_CARD } from '../../fixtures/em4100-golden-frames.ts';

const OTHER = encodeEm4100Frame('7F00C0FFEE');

function framerWithErrors() {
  const errors: Array<{ error: CodecError; skipped: Uint8Array }> = [];
  const framer = new Em4100Framer((error, skipped) => errors.push({ error, skipped }));
  return { framer, errors };
}

function pushAll(framer: Em4100Framer, chunks: Uint8Array[]): Em4100Card[] {
  return chunks.flatMap((chunk) => framer.push(chunk));
}

describe('Em4100Framer', () => {
  it('reassembles the card frame at every split point', () => {
    for (let cut = 1; cut < EM4100_GOLDEN.card.length; cut++) {
      const { framer, errors } = framerWithErrors();
      expect(framer.push(EM4100_GOLDEN.card.subarray(0, cut))).toEqual([]);
      expect(framer.push(EM4100_GOLDEN.card.subarray(cut))).toEqual([EM4100_GOLDEN_CARD]);
      expect(errors).toEqual([]);
    }
  });

  it('yields two frames from one chunk', () => {
    const { framer } = framerWithErrors();
    expect(framer.push(concatBytes(EM4100_GOLDEN.card, OTHER)).map((c) => c.tagId)).toEqual([
      '010A2B3C4D',
      '7F00C0FFEE',
    ]);
  });

  it('skips garbage before STX and reports it once', () => {
    const { framer, errors } = framerWithErrors();
    expect(framer.push(concatBytes(Uint8Array.of(0x0d, 0x0a, 0xff), EM4100_GOLDEN.card))).toEqual([
      EM4100_GOLDEN_CARD,
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(FrameFormatError);
    expect(errors[0]?.skipped).toEqual(Uint8Array.of(0x0d, 0x0a, 0xff));
  });

  it('skips a frame with a bad checksum and continues', () => {
    const { framer, errors } = framerWithErrors();
    const corrupt = Uint8Array.from(EM4100_GOLDEN.card);
    corrupt[12] = 0x30;
    expect(framer.push(concatBytes(corrupt, OTHER)).map((c) => c.tagId)).toEqual(['7F00C0FFEE']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(ChecksumError);
  });

  it('recovers a frame after a truncated one', () => {
    const { framer, errors } = framerWithErrors();
    const stream = concatBytes(EM4100_GOLDEN.card.subarray(0, 6), OTHER);
    expect(framer.push(stream).map((c) => c.tagId)).toEqual(['7F00C0FFEE']);
    expect(errors).toHaveLength(1);
  });

  it('forgets a partial frame on reset', () => {
    const { framer } = framerWithErrors();
    framer.push(EM4100_GOLDEN.card.subarray(0, 5));
    framer.reset();
    expect(framer.push(OTHER).map((c) => c.tagId)).toEqual(['7F00C0FFEE']);
  });
});

const tagId = fc
  .uint8Array({ minLength: 5, maxLength: 5 })
  .map((b) => Buffer.from(b).toString('hex').toUpperCase());
/** Garbage without STX, so no byte of it can start a frame. */
const garbage = fc.uint8Array({ maxLength: 20 }).map((bytes) => bytes.map((b) => (b === 0x02 ? 0x00 : b)));

function chunked(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1))), stream.length].sort((a, b) => a - b);
  let previous = 0;
  return points.map((point) => {
    const chunk = stream.subarray(previous, point);
    previous = point;
    return chunk;
  });
}

describe('Em4100Framer properties', () => {
  it('never throws on random bytes and yields only frames that were in the stream', () => {
    const corrupted = fc.tuple(tagId, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([id, at, flip]) => {
      const frame = encodeEm4100Frame(id);
      const index = at % frame.length;
      frame[index] = (frame[index] ?? 0) ^ flip;
      return frame;
    });
    const piece = fc.oneof(fc.uint8Array({ maxLength: 40 }), tagId.map(encodeEm4100Frame), corrupted);
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pieces, cuts) => {
          const stream = Buffer.from(concatBytes(...pieces));
          // The reader may send lowercase hex; compare against the stream with a–f folded to A–F.
          const folded = Buffer.from(stream.map((b) => (b >= 0x61 && b <= 0x66 ? b - 0x20 : b)));
          let from = 0;
          for (const card of pushAll(new Em4100Framer(), chunked(stream, cuts))) {
            const at = folded.indexOf(Buffer.from(encodeEm4100Frame(card.tagId)), from);
            expect(at).toBeGreaterThanOrEqual(from);
            from = at + 14;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('recovers every valid frame interleaved with garbage, however the stream is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(garbage, tagId), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pairs, cuts) => {
          const stream = concatBytes(...pairs.flatMap(([junk, id]) => [junk, encodeEm4100Frame(id)]));
          const cards = pushAll(new Em4100Framer(), chunked(stream, cuts));
          expect(cards.map((c) => c.tagId)).toEqual(pairs.map(([, id]) => id));
        },
      ),
      { numRuns: 300 },
    );
  });
});
