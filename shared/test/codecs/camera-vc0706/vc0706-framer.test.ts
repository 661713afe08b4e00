import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/bytes.ts';
import type { Vc0706Frame } from '../../../src/codecs/camera-vc0706/vc0706-codec.ts';
import { Vc0706CommandFramer } from '../../../src/codecs/camera-vc0706/vc0706-command-framer.ts';
import { Vc0706Framer } from '../../../src/codecs/camera-vc0706/vc0706-framer.ts';
import type { CodecError } from '../../../src/errors.ts';
import { commands, readFirst32Answer, replies } from '../../fixtures/vc0706-golden-frames.ts';

function framerWithErrors() {
  const errors: Array<{ error: CodecError; skipped: Uint8Array }> = [];
  const framer = new Vc0706Framer({ onError: (error, skipped) => errors.push({ error, skipped }) });
  return { framer, errors };
}

const answer32 = concatBytes(readFirst32Answer.header, readFirst32Answer.data, readFirst32Answer.trailer);
const imageReply = { type: 'reply', serial: 0, cmd: 0x32, status: 0, data: readFirst32Answer.data };

describe('Vc0706Framer: ordinary replies', () => {
  it.each(Object.entries(replies).filter(([name]) => name !== 'bootBanner'))(
    'reassembles %s split at every point',
    (_name, bytes) => {
      const whole = new Vc0706Framer().push(bytes);
      expect(whole).toHaveLength(1);
      for (let cut = 1; cut < bytes.length; cut++) {
        const framer = new Vc0706Framer();
        const frames = [...framer.push(bytes.subarray(0, cut)), ...framer.push(bytes.subarray(cut))];
        expect(frames, `cut at ${cut}`).toEqual(whole);
      }
    },
  );

  it('yields two replies from one chunk', () => {
    const frames = new Vc0706Framer().push(concatBytes(replies.fbufCtrl, replies.frameLength));
    expect(frames.map((f) => f.type === 'reply' && f.cmd)).toEqual([0x36, 0x34]);
  });

  it('skips garbage before a header and reports it', () => {
    const { framer, errors } = framerWithErrors();
    const frames = framer.push(concatBytes(Uint8Array.from([0x13, 0x76, 0x42, 0x99]), replies.version));
    expect(frames).toMatchObject([{ type: 'reply', cmd: 0x11 }]);
    expect(errors).toHaveLength(1);
    expect(Array.from(errors[0]!.skipped)).toEqual([0x13, 0x76, 0x42, 0x99]);
  });

  it('does not take a header with an unknown command or an absurd length', () => {
    const { framer, errors } = framerWithErrors();
    const fake = Uint8Array.from([0x76, 0x00, 0x99, 0x00, 0x00, 0x76, 0x00, 0x11, 0x00, 0xf0]);
    expect(framer.push(concatBytes(fake, replies.fbufCtrl))).toMatchObject([{ cmd: 0x36 }]);
    expect(errors[0]?.skipped).toHaveLength(fake.length);
  });

  it('ignores replies of another serial number', () => {
    const framer = new Vc0706Framer({ serial: 1 });
    expect(framer.push(replies.fbufCtrl)).toEqual([]);
    expect(framer.push(Uint8Array.from([0x76, 0x01, 0x36, 0x00, 0x00]))).toMatchObject([{ serial: 1 }]);
  });

  it('reset() forgets a partial reply', () => {
    const framer = new Vc0706Framer();
    framer.push(replies.frameLength.subarray(0, 6));
    framer.reset();
    expect(framer.push(replies.fbufCtrl)).toMatchObject([{ cmd: 0x36 }]);
  });
});

describe('Vc0706Framer: boot banner after a reset', () => {
  it('yields the banner as text, not as an error, even byte by byte', () => {
    const { framer, errors } = framerWithErrors();
    const stream = concatBytes(replies.reset, replies.bootBanner, replies.fbufCtrl);
    const frames: Vc0706Frame[] = [];
    for (const byte of stream) frames.push(...framer.push(Uint8Array.of(byte)));
    expect(frames).toEqual([
      { type: 'reply', serial: 0, cmd: 0x26, status: 0, data: new Uint8Array(0) },
      { type: 'banner', text: Buffer.from(replies.bootBanner).toString('latin1') },
      { type: 'reply', serial: 0, cmd: 0x36, status: 0, data: new Uint8Array(0) },
    ]);
    expect(errors).toEqual([]);
  });
});

describe('Vc0706Framer: READ_FBUF answers', () => {
  it('yields the 32 image bytes of the §8 example as one reply', () => {
    const framer = new Vc0706Framer();
    framer.expectImageData(32);
    expect(framer.push(answer32)).toEqual([imageReply]);
  });

  it('reassembles the answer split at every point', () => {
    for (let cut = 1; cut < answer32.length; cut++) {
      const { framer, errors } = framerWithErrors();
      framer.expectImageData(32);
      const frames = [...framer.push(answer32.subarray(0, cut)), ...framer.push(answer32.subarray(cut))];
      expect(frames, `cut at ${cut}`).toEqual([imageReply]);
      expect(errors).toEqual([]);
    }
  });

  it('accepts header, data and trailer in separate chunks, and a reply after them', () => {
    const framer = new Vc0706Framer();
    framer.expectImageData(32);
    expect(framer.push(readFirst32Answer.header)).toEqual([]);
    expect(framer.push(readFirst32Answer.data)).toEqual([]);
    expect(framer.push(concatBytes(readFirst32Answer.trailer, replies.fbufCtrl))).toEqual([
      imageReply,
      { type: 'reply', serial: 0, cmd: 0x36, status: 0, data: new Uint8Array(0) },
    ]);
  });

  it('takes `76 00 32 00 00` inside the image data as data', () => {
    const data = concatBytes(Uint8Array.of(0xff, 0xd8), replies.readFbufMarker, Uint8Array.of(0xff, 0xd9));
    const framer = new Vc0706Framer();
    framer.expectImageData(data.length);
    const stream = concatBytes(replies.readFbufMarker, data, replies.readFbufMarker);
    expect(framer.push(stream)).toMatchObject([{ cmd: 0x32, data }]);
  });

  it('reports a wrong trailer, drops the chunk and parses on', () => {
    const { framer, errors } = framerWithErrors();
    framer.expectImageData(32);
    const badTrailer = Uint8Array.of(0x76, 0x00, 0x32, 0x00, 0xff);
    const frames = framer.push(concatBytes(readFirst32Answer.header, readFirst32Answer.data, badTrailer));
    expect(frames).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error.code).toBe('FRAME_FORMAT');
    expect(errors[0]?.error.message).toMatch(/trailer/);
    expect(errors[0]?.skipped).toHaveLength(42);
    expect(framer.push(replies.fbufCtrl)).toMatchObject([{ cmd: 0x36 }]);
    expect(errors).toHaveLength(1);
  });

  it('resyncs on a reply that starts inside a wrong trailer (short data)', () => {
    const { framer, errors } = framerWithErrors();
    framer.expectImageData(4);
    const frames = framer.push(
      concatBytes(replies.readFbufMarker, Uint8Array.of(1, 2, 3, 4, 9), replies.fbufCtrl),
    );
    expect(frames).toMatchObject([{ cmd: 0x36 }]);
    expect(errors).toHaveLength(1);
  });

  it('without an expectation, a READ_FBUF header is an ordinary empty reply', () => {
    expect(new Vc0706Framer().push(replies.readFbufMarker)).toMatchObject([
      { cmd: 0x32, data: new Uint8Array(0) },
    ]);
  });

  it('a failed READ_FBUF (non-zero status) ends the expectation', () => {
    const framer = new Vc0706Framer();
    framer.expectImageData(32);
    expect(framer.push(Uint8Array.of(0x76, 0x00, 0x32, 0x03, 0x00))).toMatchObject([
      { cmd: 0x32, status: 3 },
    ]);
    expect(framer.push(replies.readFbufMarker)).toMatchObject([{ cmd: 0x32, data: new Uint8Array(0) }]);
  });

  it('reset() drops a half-read chunk and the expectation', () => {
    const framer = new Vc0706Framer();
    framer.expectImageData(32);
    framer.push(concatBytes(readFirst32Answer.header, readFirst32Answer.data.subarray(0, 10)));
    framer.reset();
    expect(framer.push(replies.readFbufMarker)).toMatchObject([{ cmd: 0x32, data: new Uint8Array(0) }]);
  });

  it('refuses an expectation larger than the framer may buffer', () => {
    expect(() => new Vc0706Framer().expectImageData(1 << 20)).toThrow(RangeError);
  });
});

describe('Vc0706CommandFramer', () => {
  const golden = Object.values(commands).filter((value): value is Uint8Array => value instanceof Uint8Array);

  it('reassembles every golden command split at every point', () => {
    for (const bytes of golden) {
      for (let cut = 1; cut < bytes.length; cut++) {
        const framer = new Vc0706CommandFramer();
        const framed = [...framer.push(bytes.subarray(0, cut)), ...framer.push(bytes.subarray(cut))];
        expect(framed).toHaveLength(1);
        expect(framed[0]?.cmd).toBe(bytes[2]);
      }
    }
  });

  it('frames the Adafruit `56 00 11 01` as 4 bytes and the command after it', () => {
    const framed = new Vc0706CommandFramer().push(concatBytes(commands.getVersionAdafruit, commands.freeze));
    expect(framed.map((c) => c.cmd)).toEqual([0x11, 0x36]);
  });

  it('skips garbage before a command and reports it', () => {
    const skipped: number[] = [];
    const framer = new Vc0706CommandFramer({ onError: (_e, bytes) => skipped.push(...bytes) });
    const framed = framer.push(concatBytes(Uint8Array.of(0x00, 0x56, 0x00, 0x36, 0xff), commands.resume));
    expect(framed).toMatchObject([{ cmd: 0x36, args: Uint8Array.of(3) }]);
    expect(skipped).toEqual([0x00, 0x56, 0x00, 0x36, 0xff]);
  });
});
