import { concatBytes } from '@vaultline/shared';
import { encodePacket, type R30xPacket, R30xPid } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { R30xFramer } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-framer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const packetArb: fc.Arbitrary<R30xPacket> = fc.record({
  address: fc.integer({ min: 0, max: 0xffffffff }),
  pid: fc.constantFrom(R30xPid.command, R30xPid.data, R30xPid.ack, R30xPid.endData),
  payload: fc.uint8Array({ minLength: 1, maxLength: 256 }),
});

/** Garbage without 0xEF cannot open a false header, so every valid packet must come out. */
const headerFreeGarbage = fc
  .uint8Array({ maxLength: 40 })
  .map((bytes) => bytes.map((b) => (b === 0xef ? 0 : b)));

/** Cuts a stream into chunks at the given (sorted, deduplicated) points. */
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

/**
 * The framer proves a packet's checksum only against the bytes it read, so a yielded packet is sound
 * exactly when its encoding (checksum included) occurs verbatim in the input stream.
 */
function occursIn(stream: Uint8Array, packet: R30xPacket): boolean {
  return Buffer.from(stream).indexOf(Buffer.from(encodePacket(packet))) >= 0;
}

function corrupted(packet: R30xPacket, at: number): Uint8Array {
  const wire = encodePacket(packet);
  // Flip bits of a checksum byte: header, PID and length stay plausible, only the sum is wrong.
  const index = wire.length - 1 - (at % 2);
  wire[index] = wire[index]! ^ 0x5a;
  return wire;
}

describe('R30xFramer properties', () => {
  it('never throws on random chunks, and yields only packets present verbatim in the input', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const framer = new R30xFramer();
        const stream = concatBytes(...chunks);
        for (const chunk of chunks) {
          for (const packet of framer.push(chunk)) expect(occursIn(stream, packet)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never yields a packet with a wrong checksum from valid, corrupted and garbage parts', () => {
    const part = fc.oneof(
      packetArb.map(encodePacket),
      fc.tuple(packetArb, fc.nat()).map(([packet, at]) => corrupted(packet, at)),
      fc.constant(Uint8Array.of(0xef, 0x01)),
      fc.uint8Array({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), (parts, cuts) => {
        const stream = concatBytes(...parts);
        const framer = new R30xFramer(() => {});
        for (const chunk of chunked(stream, cuts)) {
          for (const packet of framer.push(chunk)) expect(occursIn(stream, packet)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('recovers every valid packet interleaved with garbage, however the stream is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(headerFreeGarbage, packetArb), { minLength: 1, maxLength: 8 }),
        headerFreeGarbage,
        fc.array(fc.nat(), { maxLength: 30 }),
        (pairs, tail, cuts) => {
          const stream = concatBytes(
            ...pairs.flatMap(([garbage, packet]) => [garbage, encodePacket(packet)]),
            tail,
          );
          const errors: unknown[] = [];
          const framer = new R30xFramer((error) => errors.push(error));
          const received = chunked(stream, cuts).flatMap((chunk) => framer.push(chunk));
          expect(received).toEqual(pairs.map(([, packet]) => packet));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('recovers valid packets after a corrupted one', () => {
    fc.assert(
      fc.property(
        packetArb,
        fc.array(packetArb, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (bad, good, at) => {
          const errors: unknown[] = [];
          const framer = new R30xFramer((error) => errors.push(error));
          const received = framer.push(concatBytes(corrupted(bad, at), ...good.map(encodePacket)));
          expect(received).toEqual(good);
          expect(errors.length).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
