import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nmeaChecksum, parseNmea } from '../../../src/codecs/nmea/nmea-codec.ts';
import { encodeGga, encodeRmc } from '../../../src/codecs/nmea/nmea-encoder.ts';
import { NmeaLineFramer } from '../../../src/codecs/nmea/nmea-line-framer.ts';
import { ChecksumError, type CodecError, FrameFormatError } from '../../../src/errors.ts';
import { NMEA_GOLDEN_SENTENCES } from '../../fixtures/nmea-golden-sentences.ts';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

function framer() {
  const errors: CodecError[] = [];
  return { framer: new NmeaLineFramer((error) => errors.push(error)), errors };
}

describe('NmeaLineFramer', () => {
  it.each(NMEA_GOLDEN_SENTENCES)('reassembles $sentence split at every point', ({ sentence }) => {
    const line = bytes(`${sentence}\r\n`);
    for (let cut = 1; cut < line.length; cut++) {
      const { framer: f, errors } = framer();
      expect([...f.push(line.subarray(0, cut)), ...f.push(line.subarray(cut))]).toEqual([sentence]);
      expect(errors).toEqual([]);
    }
  });

  it('yields every sentence of one chunk, accepting LF without CR', () => {
    const { framer: f } = framer();
    const [a, b] = [NMEA_GOLDEN_SENTENCES[0]!.sentence, NMEA_GOLDEN_SENTENCES[1]!.sentence];
    expect(f.push(bytes(`${a}\r\n${b}\n`))).toEqual([a, b]);
  });

  it('skips text before a $ and reports it', () => {
    const { framer: f, errors } = framer();
    const { sentence } = NMEA_GOLDEN_SENTENCES[2]!;
    expect(f.push(bytes(`\u0000garbage${sentence}\r\n`))).toEqual([sentence]);
    expect(errors).toHaveLength(1);
  });

  it('drops a sentence with a bad checksum and continues', () => {
    const { framer: f, errors } = framer();
    const [bad, good] = [
      NMEA_GOLDEN_SENTENCES[2]!.sentence.replace('*52', '*00'),
      NMEA_GOLDEN_SENTENCES[3]!.sentence,
    ];
    expect(f.push(bytes(`${bad}\r\n${good}\r\n`))).toEqual([good]);
    expect(errors[0]).toBeInstanceOf(ChecksumError);
  });

  it('drops a sentence cut short by the next $, one with a control byte, and an over-long line', () => {
    const { framer: f, errors } = framer();
    const { sentence } = NMEA_GOLDEN_SENTENCES[0]!;
    const noisy = `$GPRMC,0830${sentence}\r\n$GPGGA,1\u0001,2*00\r\n$${'X'.repeat(120)}\r\n${sentence}\r\n`;
    expect(f.push(bytes(noisy))).toEqual([sentence, sentence]);
    expect(errors.every((e) => e instanceof FrameFormatError)).toBe(true);
    expect(errors).toHaveLength(3);
  });

  it('forgets a partial sentence on reset', () => {
    const { framer: f } = framer();
    f.push(bytes('$GPGGA,12'));
    f.reset();
    const { sentence } = NMEA_GOLDEN_SENTENCES[4]!;
    expect(f.push(bytes(`${sentence}\r\n`))).toEqual([sentence]);
  });

  it('never throws on random bytes and yields only sentences whose checksum is right', () => {
    const byte = fc.oneof(fc.constantFrom(0x24, 0x2a, 0x0d, 0x0a, 0x2c), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.array(fc.array(byte, { maxLength: 60 }), { maxLength: 20 }), (chunks) => {
        const { framer: f } = framer();
        for (const sentence of chunks.flatMap((chunk) => f.push(Uint8Array.from(chunk)))) {
          const star = sentence.lastIndexOf('*');
          expect(Number.parseInt(sentence.slice(star + 1), 16)).toBe(nmeaChecksum(sentence.slice(1, star)));
        }
      }),
    );
  });

  it('recovers every sentence interleaved with noise that holds no $', () => {
    const noise = fc.uint8Array({ maxLength: 30 }).map((b) => b.filter((x) => x !== 0x24));
    const fix = fc.record({
      timestamp: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2079, 11, 31) }),
      latitude: fc.double({ min: -89.9, max: 89.9, noNaN: true }),
      longitude: fc.double({ min: -179.9, max: 179.9, noNaN: true }),
      gga: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, fix), { maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        (parts, size) => {
          const { framer: f } = framer();
          const sentences = parts.map(([, x]) => {
            const input = {
              timestamp: x.timestamp,
              position: { latitude: x.latitude, longitude: x.longitude },
            };
            return x.gga ? encodeGga(input) : encodeRmc(input);
          });
          const stream = Buffer.concat(parts.flatMap(([junk], i) => [junk, bytes(sentences[i]!)]));
          const out: string[] = [];
          for (let i = 0; i < stream.length; i += size) out.push(...f.push(stream.subarray(i, i + size)));
          expect(out).toEqual(sentences.map((s) => s.trimEnd()));
          for (const sentence of out) expect(parseNmea(sentence)).toBeDefined();
        },
      ),
    );
  });
});
