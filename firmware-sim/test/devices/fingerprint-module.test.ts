import { concatBytes, fromHex, toHex } from '@vaultline/shared';
import {
  decodeAck,
  decodePacket,
  decodeSearchReply,
  encodeCommand,
  encodeDataPackets,
  type R30xCommand,
  R30xDataCollector,
  R30xPid,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import {
  identifyTemplate,
  matchScoreFor,
  templateBase64,
  templateForFinger,
} from '../../src/devices/fingerprint/finger-templates.ts';
import {
  FingerprintModule,
  type FingerprintModuleOptions,
} from '../../src/devices/fingerprint/fingerprint-module.ts';

/** protocols/fingerprint-r30x.md §8 worked frames (annotated in shared/test/fixtures/r30x-golden-frames.ts). */
const R30X_GOLDEN = {
  verifyPassword0: fromHex('EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B'),
  genImg: fromHex('EF 01 FF FF FF FF 01 00 03 01 00 05'),
  img2TzBuffer1: fromHex('EF 01 FF FF FF FF 01 00 04 02 01 00 08'),
  ackNoFinger: fromHex('EF 01 FF FF FF FF 07 00 03 02 00 0C'),
  searchBuffer1Count163: fromHex('EF 01 FF FF FF FF 01 00 08 04 01 00 00 00 A3 00 B1'),
  storeBuffer1Page7: fromHex('EF 01 FF FF FF FF 01 00 06 06 01 00 07 00 15'),
  readSysPara: fromHex('EF 01 FF FF FF FF 01 00 03 0F 00 13'),
};

/** Acks worked out from §2: checksum = 0x07 + 0x00 + 0x03 + code. */
const ACK_OK = 'EF 01 FF FF FF FF 07 00 03 00 00 0A';
const ACK_BAD_PACKET = 'EF 01 FF FF FF FF 07 00 03 01 00 0B';
/** Search ack "not found": code 09 with zeroed page and score; 07 + 07 + 09 = 0x17. */
const SEARCH_NOT_FOUND = 'EF 01 FF FF FF FF 07 00 07 09 00 00 00 00 00 17';

function setup(options: Partial<FingerprintModuleOptions> = {}, timing: 'fast' | 'realistic' = 'fast') {
  const clock = new FakeClock();
  const module = new FingerprintModule({ id: 'fp-1', ...options }, { clock, timing });
  const frames: Uint8Array[] = [];
  module.attach((frame) => frames.push(frame));
  /** Sends bytes and returns the frames the module answered with since the last call, as hex. */
  const exchange = (bytes: Uint8Array): string[] => {
    module.receive(bytes);
    return frames.splice(0).map(toHex);
  };
  const command = (cmd: R30xCommand) => exchange(encodeCommand(cmd, options.address));
  return { clock, module, frames, exchange, command };
}

function enrol(device: ReturnType<typeof setup>, fingerId: string, pageId: number): void {
  device.module.placeFinger(fingerId);
  device.command({ op: 'genImg' });
  device.command({ op: 'img2Tz', buffer: 1 });
  expect(device.command({ op: 'store', buffer: 1, pageId })).toEqual([ACK_OK]);
  device.module.placeFinger(null);
}

describe('FingerprintModule: golden commands', () => {
  it('VfyPwd with the default password → 00', () => {
    expect(setup().exchange(R30X_GOLDEN.verifyPassword0)).toEqual([ACK_OK]);
  });

  it('GenImg with no finger → the §8 "no finger" ack', () => {
    expect(setup().exchange(R30X_GOLDEN.genImg)).toEqual([toHex(R30X_GOLDEN.ackNoFinger)]);
  });

  it('identify flow: GenImg, Img2Tz, Store at page 7, Search finds page 7 with a per-finger score', () => {
    const device = setup();
    device.module.placeFinger('alice-right-index');
    expect(device.exchange(R30X_GOLDEN.genImg)).toEqual([ACK_OK]);
    expect(device.exchange(R30X_GOLDEN.img2TzBuffer1)).toEqual([ACK_OK]);
    expect(device.exchange(R30X_GOLDEN.searchBuffer1Count163)).toEqual([SEARCH_NOT_FOUND]);
    expect(device.exchange(R30X_GOLDEN.storeBuffer1Page7)).toEqual([ACK_OK]);
    const [reply] = device.exchange(R30X_GOLDEN.searchBuffer1Count163);
    const ack = decodeAck(decodePacket(fromHex(reply!)))!;
    const score = matchScoreFor(identifyTemplate(templateForFinger('alice-right-index'))!);
    expect(ack.status).toBe(0);
    expect(decodeSearchReply(ack)).toEqual({ pageId: 7, score });
    expect(score).toBeGreaterThanOrEqual(50);
    expect(score).toBeLessThanOrEqual(250);
    expect(device.module.snapshot()).toMatchObject({
      templateCount: 1,
      templates: [{ pageId: 7, fingerId: 'alice-right-index' }],
      finger: { id: 'alice-right-index', quality: 'good' },
    });
  });

  it('ReadSysPara → R307 defaults, byte for byte (§4)', () => {
    expect(setup().exchange(R30X_GOLDEN.readSysPara)).toEqual([
      'EF 01 FF FF FF FF 07 00 13 00 00 00 00 00 03 E8 00 03 FF FF FF FF 00 02 00 06 05 0C',
    ]);
  });
});

describe('FingerprintModule: matching', () => {
  it('an unknown finger → 09 with zeroed page and score', () => {
    const device = setup();
    enrol(device, 'alice', 0);
    device.module.placeFinger('mallory');
    device.command({ op: 'genImg' });
    device.command({ op: 'img2Tz', buffer: 1 });
    expect(device.command({ op: 'search', buffer: 1, startPage: 0, pageCount: 1000 })).toEqual([
      SEARCH_NOT_FOUND,
    ]);
    expect(device.command({ op: 'fastSearch', buffer: 1, startPage: 0, pageCount: 1000 })).toEqual([
      SEARCH_NOT_FOUND,
    ]);
  });

  it('a poor image fails feature extraction with 06; no image at all gives 15', () => {
    const device = setup();
    expect(device.command({ op: 'img2Tz', buffer: 1 })).toEqual(['EF 01 FF FF FF FF 07 00 03 15 00 1F']);
    device.module.placeFinger('alice', 'poor');
    expect(device.command({ op: 'genImg' })).toEqual([ACK_OK]);
    expect(device.command({ op: 'img2Tz', buffer: 1 })).toEqual(['EF 01 FF FF FF FF 07 00 03 06 00 10']);
  });

  it('searches only the requested page range', () => {
    const device = setup();
    enrol(device, 'alice', 10);
    device.module.placeFinger('alice');
    device.command({ op: 'genImg' });
    device.command({ op: 'img2Tz', buffer: 1 });
    expect(device.command({ op: 'search', buffer: 1, startPage: 0, pageCount: 10 })).toEqual([
      SEARCH_NOT_FOUND,
    ]);
    const [found] = device.command({ op: 'search', buffer: 1, startPage: 10, pageCount: 1 });
    expect(decodeSearchReply(decodeAck(decodePacket(fromHex(found!)))!).pageId).toBe(10);
  });

  it('enrols by RegModel from two captures of the same finger, refuses two fingers with 0A', () => {
    const device = setup();
    const capture = (finger: string, buffer: number) => {
      device.module.placeFinger(finger);
      device.command({ op: 'genImg' });
      device.command({ op: 'img2Tz', buffer });
    };
    capture('alice', 1);
    capture('alice', 2);
    expect(device.command({ op: 'regModel' })).toEqual([ACK_OK]);
    capture('bob', 2);
    expect(device.command({ op: 'regModel' })).toEqual(['EF 01 FF FF FF FF 07 00 03 0A 00 14']);
    expect(toHex(decodePacket(fromHex(device.command({ op: 'match' })[0]!)).payload)).toBe('08 00 00');
  });
});

describe('FingerprintModule: template library', () => {
  it('rejects pages outside the library with 0B and empty pages on LoadChar with 0C', () => {
    const device = setup({ capacity: 200 });
    expect(device.command({ op: 'store', buffer: 1, pageId: 200 })).toEqual([
      'EF 01 FF FF FF FF 07 00 03 0B 00 15',
    ]);
    expect(device.command({ op: 'loadChar', buffer: 1, pageId: 3 })).toEqual([
      'EF 01 FF FF FF FF 07 00 03 0C 00 16',
    ]);
    expect(device.command({ op: 'loadChar', buffer: 1, pageId: 900 })).toEqual([
      'EF 01 FF FF FF FF 07 00 03 0B 00 15',
    ]);
  });

  it('DownChar + data packets + Store writes a page; LoadChar + UpChar sends it back as data packets', () => {
    const device = setup();
    const template = templateForFinger('bob-left-thumb');
    expect(device.command({ op: 'downChar', buffer: 1 })).toEqual([ACK_OK]);
    expect(device.exchange(concatBytes(...encodeDataPackets(template, 128, 0xffffffff)))).toEqual([]);
    expect(device.command({ op: 'store', buffer: 1, pageId: 3 })).toEqual([ACK_OK]);
    expect(device.module.snapshot().templates).toEqual([{ pageId: 3, fingerId: 'bob-left-thumb' }]);

    expect(device.command({ op: 'loadChar', buffer: 2, pageId: 3 })).toEqual([ACK_OK]);
    const frames = device.command({ op: 'upChar', buffer: 2 }).map((hex) => decodePacket(fromHex(hex)));
    expect(frames.map((f) => f.pid)).toEqual([
      R30xPid.ack,
      R30xPid.data,
      R30xPid.data,
      R30xPid.data,
      R30xPid.endData,
    ]);
    const collector = new R30xDataCollector();
    const uploaded = frames.map((f) => collector.push(f)).at(-1);
    expect(uploaded).toEqual(template);
  });

  it('a broken transfer leaves the buffer empty, so the following Store fails instead of storing stale data', () => {
    const device = setup();
    enrol(device, 'alice', 0);
    device.command({ op: 'loadChar', buffer: 1, pageId: 0 });
    const packets = encodeDataPackets(templateForFinger('bob'), 128, 0xffffffff);
    const damaged = Uint8Array.from(packets[1]!);
    damaged[20] = damaged[20]! ^ 0x01;
    expect(device.command({ op: 'downChar', buffer: 1 })).toEqual([ACK_OK]);
    expect(device.exchange(concatBytes(packets[0]!, damaged, ...packets.slice(2)))).toEqual([ACK_BAD_PACKET]);
    expect(device.command({ op: 'store', buffer: 1, pageId: 1 })).toEqual([ACK_BAD_PACKET]);
    expect(device.module.snapshot().templateCount).toBe(1);
  });

  it('uses the configured data packet size', () => {
    const device = setup({ packetSize: 32 });
    enrol(device, 'carol', 0);
    device.command({ op: 'loadChar', buffer: 1, pageId: 0 });
    expect(device.command({ op: 'upChar', buffer: 1 })).toHaveLength(1 + 16);
  });

  it('UpChar of an empty buffer → 0D', () => {
    expect(setup().command({ op: 'upChar', buffer: 1 })).toEqual(['EF 01 FF FF FF FF 07 00 03 0D 00 17']);
  });

  it('TemplateNum, ReadIndexTable, DeletChar and Empty', () => {
    const device = setup();
    for (const [finger, page] of [
      ['a', 0],
      ['b', 1],
      ['c', 9],
      ['d', 300],
    ] as const) {
      enrol(device, finger, page);
    }
    // 07 + 05 + 00 + 04 = 0x10
    expect(device.command({ op: 'templateNum' })).toEqual(['EF 01 FF FF FF FF 07 00 05 00 00 04 00 10']);
    const index0 = decodePacket(fromHex(device.command({ op: 'readIndexTable', indexPage: 0 })[0]!)).payload;
    expect(toHex(index0.subarray(0, 3))).toBe('00 03 02');
    const index1 = decodePacket(fromHex(device.command({ op: 'readIndexTable', indexPage: 1 })[0]!)).payload;
    // Page 300 is slot 44 of index page 1: byte 5, bit 4 (payload byte 0 is the confirmation code).
    expect(index1[1 + 5]).toBe(1 << 4);
    expect(device.command({ op: 'deletChar', startPage: 0, count: 2 })).toEqual([ACK_OK]);
    expect(device.module.snapshot().templates).toEqual([
      { pageId: 9, fingerId: 'c' },
      { pageId: 300, fingerId: 'd' },
    ]);
    expect(device.command({ op: 'deletChar', startPage: 999, count: 2 })).toEqual([
      'EF 01 FF FF FF FF 07 00 03 10 00 1A',
    ]);
    expect(device.command({ op: 'empty' })).toEqual([ACK_OK]);
    expect(device.module.snapshot().templateCount).toBe(0);
  });
});

describe('FingerprintModule: link behaviour', () => {
  it('requires VfyPwd first when a password is set (21), refuses a wrong one (13)', () => {
    const device = setup({ password: 0x1234 });
    expect(device.command({ op: 'genImg' })).toEqual(['EF 01 FF FF FF FF 07 00 03 21 00 2B']);
    // Fixed reply length even for the refusal: the search layout with zeroes.
    expect(device.command({ op: 'search', buffer: 1, startPage: 0, pageCount: 5 })).toEqual([
      'EF 01 FF FF FF FF 07 00 07 21 00 00 00 00 00 2F',
    ]);
    expect(device.command({ op: 'verifyPassword', password: 0 })).toEqual([
      'EF 01 FF FF FF FF 07 00 03 13 00 1D',
    ]);
    expect(device.module.snapshot().passwordVerified).toBe(false);
    expect(device.command({ op: 'verifyPassword', password: 0x1234 })).toEqual([ACK_OK]);
    expect(device.command({ op: 'genImg' })).toEqual([toHex(R30X_GOLDEN.ackNoFinger)]);
    expect(device.module.snapshot().passwordVerified).toBe(true);
  });

  it('ignores packets for another address and answers with its own', () => {
    const device = setup({ address: 0x12345678 });
    expect(device.exchange(R30X_GOLDEN.genImg)).toEqual([]);
    expect(device.command({ op: 'genImg' })).toEqual(['EF 01 12 34 56 78 07 00 03 02 00 0C']);
  });

  it('answers a bad checksum with 01, or ignores it when configured', () => {
    const corrupt = Uint8Array.from(R30X_GOLDEN.genImg);
    corrupt[11] = 0x06;
    expect(setup().exchange(corrupt)).toEqual([ACK_BAD_PACKET]);
    expect(setup({ onBadChecksum: 'ignore' }).exchange(corrupt)).toEqual([]);
  });

  it('answers an instruction it does not simulate with 01', () => {
    expect(setup().exchange(fromHex('EF 01 FF FF FF FF 01 00 03 3A 00 3E'))).toEqual([ACK_BAD_PACKET]);
  });

  it('reassembles commands split into single bytes and answers two commands in one chunk in order', () => {
    const device = setup();
    const replies = Array.from(R30X_GOLDEN.verifyPassword0).flatMap((byte) =>
      device.exchange(Uint8Array.of(byte)),
    );
    expect(replies).toEqual([ACK_OK]);
    expect(device.exchange(concatBytes(R30X_GOLDEN.genImg, R30X_GOLDEN.readSysPara))).toEqual([
      toHex(R30X_GOLDEN.ackNoFinger),
      expect.stringMatching(/^EF 01 FF FF FF FF 07 00 13/),
    ]);
  });
});

describe('FingerprintModule: realistic timing', () => {
  it('takes 150–300 ms to capture, 100 ms to extract, 150–300 ms to search; commands queue meanwhile', async () => {
    const device = setup({}, 'realistic');
    const arrivals: number[] = [];
    const start = device.clock.now();
    device.module.attach((frame) => {
      device.frames.push(frame);
      arrivals.push(device.clock.now() - start);
    });
    device.module.placeFinger('alice');
    device.exchange(
      concatBytes(R30X_GOLDEN.genImg, R30X_GOLDEN.img2TzBuffer1, R30X_GOLDEN.searchBuffer1Count163),
    );
    expect(device.frames).toHaveLength(0);
    await device.clock.advance(1_000);
    expect(device.frames.map((f) => decodePacket(f).payload[0])).toEqual([0x00, 0x00, 0x09]);
    const [captured, extracted, searched] = arrivals as [number, number, number];
    expect(captured).toBeGreaterThanOrEqual(150);
    expect(captured).toBeLessThanOrEqual(300);
    expect(extracted - captured).toBe(100);
    expect(searched - extracted).toBeGreaterThanOrEqual(150);
    expect(searched - extracted).toBeLessThanOrEqual(300);
  });

  it('answers instantly with fast timing and stops answering after close', async () => {
    const device = setup({}, 'realistic');
    device.module.placeFinger('alice');
    device.exchange(R30X_GOLDEN.genImg);
    device.module.close();
    await device.clock.advance(1_000);
    expect(device.frames).toHaveLength(0);
    expect(device.clock.pending).toBe(0);
    expect(setup().exchange(R30X_GOLDEN.genImg)).toHaveLength(1);
  });
});

describe('finger templates', () => {
  it('are 512 deterministic bytes with a recognisable header, different per finger', () => {
    const a = templateForFinger('alice');
    expect(a).toHaveLength(512);
    expect(Buffer.from(a.subarray(0, 5)).toString('latin1')).toBe('VLFP\u0001');
    expect(templateForFinger('alice')).toEqual(a);
    expect(templateForFinger('bob')).not.toEqual(a);
    expect(Buffer.from(templateBase64('alice'), 'base64')).toEqual(Buffer.from(a));
  });

  it('name the finger they came from, and reject foreign bytes', () => {
    expect(identifyTemplate(templateForFinger('alice'))?.fingerId).toBe('alice');
    const long = 'x'.repeat(300);
    expect(identifyTemplate(templateForFinger(long))).toMatchObject({ fingerId: null });
    expect(identifyTemplate(new Uint8Array(512))).toBeNull();
    const forged = templateForFinger('alice');
    forged[38] = 'A'.charCodeAt(0);
    expect(identifyTemplate(forged)).toBeNull();
  });
});
