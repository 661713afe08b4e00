import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/bytes.ts';
import {
  encodeReadFbufMarker,
  encodeReply,
  KNOWN_COMMANDS,
  type Vc0706Reply,
} from '../../../src/codecs/camera-vc0706/vc0706-codec.ts';
import { Vc0706CommandFramer } from '../../../src/codecs/camera-vc0706/vc0706-command-framer.ts';
import { MAX_REPLY_DATA, Vc0706Framer } from '../../../src/codecs/camera-vc0706/vc0706-framer.ts';

const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });

/** Splits `stream` at the given (sorted, deduplicated) cut points. */
function split(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, stream.length]) {
    pieces.push(stream.subarray(from, point));
    from = point;
  }
  return pieces;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;
}

const reply = fc.record({
  cmd: fc.constantFrom(...KNOWN_COMMANDS),
  status: fc.integer({ min: 0, max: 255 }),
  data: bytes(MAX_REPLY_DATA),
});

/**
 * Without a checksum (§2) a `76` in noise can open a plausible header that swallows the next reply, so
 * the recovery property uses noise free of `76`; the no-crash property uses unrestricted bytes.
 */
const noise = fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 0x76 ? 0x75 : x)));

describe('Vc0706Framer properties', () => {
  it('never throws on random streams and every reply it yields is present in the input', () => {
    fc.assert(
      fc.property(
        bytes(600),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.nat({ max: 64 }),
        (stream, cuts, n) => {
          const framer = new Vc0706Framer({ onError: () => {} });
          framer.expectImageData(n);
          const frames = split(stream, cuts).flatMap((piece) => framer.push(piece));
          for (const frame of frames) {
            if (frame.type === 'banner') {
              expect(frame.text.endsWith('Init end\r\n')).toBe(true);
            } else if (frame.cmd === 0x32 && frame.status === 0 && frame.data.length > 0) {
              const marker = encodeReadFbufMarker(frame.serial);
              expect(contains(stream, concatBytes(marker, frame.data, marker))).toBe(true);
            } else {
              expect(contains(stream, encodeReply(frame.cmd, frame.status, frame.data, frame.serial))).toBe(
                true,
              );
            }
          }
        },
      ),
    );
  });

  it('recovers every reply and image chunk interleaved with noise, however the stream is cut', () => {
    const item = fc.oneof(
      reply.map((r) => ({ kind: 'reply' as const, ...r })),
      bytes(80).map((data) => ({ kind: 'image' as const, data })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, item), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (items, cuts) => {
          const errors: number[] = [];
          const framer = new Vc0706Framer({ onError: (_e, skipped) => errors.push(skipped.length) });
          // An image chunk's expectation is set before its bytes are pushed, as the driver does.
          const got: Vc0706Reply[] = [];
          for (const [junk, it] of items) {
            const wire =
              it.kind === 'image'
                ? concatBytes(junk, encodeReadFbufMarker(), it.data, encodeReadFbufMarker())
                : concatBytes(junk, encodeReply(it.cmd, it.status, it.data));
            if (it.kind === 'image') framer.expectImageData(it.data.length);
            for (const piece of split(wire, cuts)) got.push(...(framer.push(piece) as Vc0706Reply[]));
          }
          const want = items.map(([, it]) =>
            it.kind === 'image'
              ? { type: 'reply', serial: 0, cmd: 0x32, status: 0, data: it.data }
              : { type: 'reply', serial: 0, cmd: it.cmd, status: it.status, data: it.data },
          );
          expect(got).toEqual(want);
        },
      ),
    );
  });
});

describe('Vc0706CommandFramer properties', () => {
  it('never throws on random streams', () => {
    fc.assert(
      fc.property(bytes(400), fc.array(fc.nat(), { maxLength: 20 }), (stream, cuts) => {
        const framer = new Vc0706CommandFramer({ onError: () => {} });
        for (const piece of split(stream, cuts)) {
          for (const command of framer.push(piece)) expect(command.args.length).toBeLessThanOrEqual(16);
        }
      }),
    );
  });
});
