import { concatBytes, fromHex, toHex } from '@vaultline/shared';
import {
  encodeFbufCtrl,
  encodeGetCompression,
  encodeGetFbufLen,
  encodeGetImageSize,
  encodeGetVersion,
  encodeReadFbuf,
  encodeReset,
  encodeSetCompression,
  encodeSetImageSize,
  encodeSetPort,
  type ImageSize,
} from '@vaultline/shared/codecs/camera-vc0706/vc0706-codec';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { glyphRows, hasGlyph } from '../../src/devices/camera/bitmap-font.ts';
import { BOOT_BANNER, SerialCamera } from '../../src/devices/camera/camera-sim.ts';
import { decodeJpeg } from '../../src/devices/camera/scene-image.ts';
import type { SimTiming } from '../../src/devices/simulated-device.ts';

function setup(timing: SimTiming = 'fast') {
  const clock = new FakeClock();
  const camera = new SerialCamera({ id: 'cam-1' }, { clock, timing });
  const out: Uint8Array[] = [];
  camera.attach((frame) => out.push(frame));
  /** Sends a command and returns every output call it caused, as hex. */
  const ask = (command: Uint8Array) => {
    out.length = 0;
    camera.receive(command);
    return out.map(toHex);
  };
  return { clock, camera, out, ask };
}

/** Freezes, reads the whole frame buffer in 1 kB chunks (§7 steps 2–4) and returns the JPEG. */
function capture(camera: SerialCamera, out: Uint8Array[]): Uint8Array {
  out.length = 0;
  camera.receive(encodeFbufCtrl('stopCurrent'));
  camera.receive(encodeGetFbufLen());
  const length = Buffer.from(out[1]!).readUInt32BE(5);
  const parts: Uint8Array[] = [];
  for (let start = 0; start < length; start += 1024) {
    out.length = 0;
    camera.receive(encodeReadFbuf({ start, length: Math.min(1024, length - start) }));
    expect(out).toHaveLength(3);
    parts.push(out[1]!);
  }
  return concatBytes(...parts);
}

describe('SerialCamera (VC0706 firmware)', () => {
  it('answers a reset, then prints the boot banner ending in Init end', () => {
    const { ask } = setup();
    const [reply, banner] = ask(encodeReset());
    expect(reply).toBe('76 00 26 00 00');
    expect(Buffer.from(fromHex(banner!)).toString('latin1')).toBe(BOOT_BANNER);
    expect(BOOT_BANNER.endsWith('Init end\r\n')).toBe(true);
  });

  it('answers both forms of get version (§3)', () => {
    const { ask } = setup();
    const version = '76 00 11 00 0B 56 43 30 37 30 36 20 31 2E 30 30';
    expect(ask(encodeGetVersion())).toEqual([version]);
    expect(ask(fromHex('56 00 11 01'))).toEqual([version]);
  });

  it('serves a decodable 320×240 JPEG by default, header/data/trailer as separate writes', () => {
    const { camera, out } = setup();
    camera.setScene('Guard Alice');
    const jpeg = capture(camera, out);
    expect(toHex(out[0]!)).toBe('76 00 32 00 00');
    expect(toHex(out[2]!)).toBe('76 00 32 00 00');
    expect(toHex(jpeg.subarray(0, 2))).toBe('FF D8');
    expect(toHex(jpeg.subarray(-2))).toBe('FF D9');
    expect(jpeg.length).toBeGreaterThan(8_000);
    expect(jpeg.length).toBeLessThan(25_000);
    expect(decodeJpeg(jpeg)).toMatchObject({ width: 320, height: 240 });
    expect(camera.snapshot()).toEqual({
      scene: 'Guard Alice',
      imageSize: '320x240',
      frozen: true,
      frameBytes: jpeg.length,
      captures: 1,
      compression: 0x35,
      baud: 38400,
    });
  });

  it.each<[ImageSize, number, number]>([
    ['640x480', 640, 480],
    ['160x120', 160, 120],
  ])('renders at the configured size %s', (size, width, height) => {
    const { camera, out, ask } = setup();
    expect(ask(encodeSetImageSize(size))).toEqual(['76 00 31 00 00']);
    expect(ask(encodeGetImageSize())).toEqual([`76 00 30 00 01 ${size === '640x480' ? '00' : '22'}`]);
    expect(decodeJpeg(capture(camera, out))).toMatchObject({ width, height });
  });

  it('gives different images for different labels', () => {
    const { camera, out, ask } = setup();
    camera.setScene('Alice');
    const first = decodeJpeg(capture(camera, out));
    ask(encodeFbufCtrl('resume'));
    camera.setScene('Bob');
    const second = decodeJpeg(capture(camera, out));
    // Compare the label band only (rows 20–60 at 320×240), so the difference is the text, not the grain.
    const band = (image: { data: Uint8Array }) => image.data.subarray(320 * 4 * 20, 320 * 4 * 60);
    let differing = 0;
    const a = band(first);
    const b = band(second);
    for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i]! - b[i]!) > 100) differing++;
    expect(differing).toBeGreaterThan(500);
  });

  it('keeps the frozen frame until resume, like the chip (§7 step 5)', () => {
    const { camera, out, ask } = setup();
    camera.setScene('Alice');
    const first = capture(camera, out);
    camera.setScene('Bob');
    expect(toHex(capture(camera, out))).toBe(toHex(first));
    expect(camera.snapshot().captures).toBe(1);
    expect(ask(encodeFbufCtrl('resume'))).toEqual(['76 00 36 00 00']);
    expect(camera.snapshot()).toMatchObject({ frozen: false, frameBytes: 0 });
    expect(toHex(capture(camera, out))).not.toBe(toHex(first));
    expect(camera.snapshot().captures).toBe(2);
  });

  it('reads by start address and pads a read past the end', () => {
    const { camera, out, ask } = setup();
    const jpeg = capture(camera, out);
    const [, data] = ask(encodeReadFbuf({ start: 8, length: 16 }));
    expect(data).toBe(toHex(jpeg.subarray(8, 24)));
    const [, tail] = ask(encodeReadFbuf({ start: jpeg.length - 2, length: 8 }));
    expect(tail).toBe('FF D9 00 00 00 00 00 00');
  });

  it('refuses reads without a frozen frame and unknown commands with a non-zero status', () => {
    const { ask } = setup();
    expect(ask(encodeReadFbuf({ start: 0, length: 32 }))).toEqual(['76 00 32 04 00']);
    expect(ask(encodeGetFbufLen())).toEqual(['76 00 34 00 04 00 00 00 00']);
    expect(ask(fromHex('56 00 44 00'))).toEqual(['76 00 44 01 00']);
    expect(ask(fromHex('56 00 31 05 04 01 00 19 77'))).toEqual(['76 00 31 01 00']);
  });

  it('stores compression and baud rate', () => {
    const { camera, ask } = setup();
    expect(ask(encodeSetCompression(0x20))).toEqual(['76 00 31 00 00']);
    expect(ask(encodeGetCompression())).toEqual(['76 00 30 00 01 20']);
    expect(ask(encodeSetPort(115200))).toEqual(['76 00 24 00 00']);
    expect(ask(fromHex('56 00 24 03 01 1C 1C'))).toEqual(['76 00 24 00 00']);
    expect(camera.snapshot()).toMatchObject({ compression: 0x20, baud: 57600 });
  });

  it('accepts commands split into single bytes and ignores another serial number', () => {
    const { camera, out } = setup();
    for (const byte of encodeGetFbufLen()) camera.receive(Uint8Array.of(byte));
    expect(out.map(toHex)).toEqual(['76 00 34 00 04 00 00 00 00']);
    camera.receive(fromHex('56 01 11 00'));
    expect(out).toHaveLength(1);
  });

  it('with realistic timing, answers later and ignores commands while booting', async () => {
    const { clock, camera, out } = setup('realistic');
    camera.receive(encodeReset());
    expect(out).toHaveLength(0);
    await clock.advance(10);
    expect(out.map(toHex)).toEqual(['76 00 26 00 00']);
    camera.receive(encodeGetVersion());
    await clock.advance(2000);
    expect(out).toHaveLength(2);
    expect(Buffer.from(out[1]!).toString('latin1')).toBe(BOOT_BANNER);
    camera.receive(encodeGetVersion());
    await clock.advance(10);
    expect(out).toHaveLength(3);
  });

  it('sends nothing after close()', async () => {
    const { clock, camera, out } = setup('realistic');
    camera.receive(encodeGetVersion());
    camera.close();
    await clock.advance(100);
    expect(out).toHaveLength(0);
  });
});

describe('camera bitmap font', () => {
  const draw = (char: string) => glyphRows(char).map((row) => row.toString(2).padStart(5, '0'));

  it('draws ASCII glyphs', () => {
    expect(draw('A')).toEqual(['01110', '10001', '10001', '11111', '10001', '10001', '10001']);
    expect(draw(' ').every((row) => row === '00000')).toBe(true);
    for (let code = 0x20; code < 0x7f; code++) expect(hasGlyph(String.fromCharCode(code))).toBe(true);
  });

  it('draws a visible box for characters outside ASCII', () => {
    const box = ['11111', '10001', '10001', '10001', '10001', '10001', '11111'];
    for (const char of ['é', '工', '😀', '\t']) {
      expect(hasGlyph(char)).toBe(false);
      expect(draw(char)).toEqual(box);
    }
  });
});
