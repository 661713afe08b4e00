import { fromHex, toHex } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { templateForFinger } from '../../src/devices/fingerprint/finger-templates.ts';
import { FingerprintModule } from '../../src/devices/fingerprint/fingerprint-module.ts';

/**
 * Protocol §7 "Enroll" on the wire. GenImg and Img2Tz buffer 1 are §8 worked frames; the others are
 * worked out from §2 (checksum = PID + length bytes + payload, low 16 bits):
 * Img2Tz buffer 2: 01 + 00 04 + 02 02 = 0x09; RegModel: 01 + 00 03 + 05 = 0x09; UpChar buffer 1:
 * 01 + 00 04 + 08 01 = 0x0E, buffer 2: 0x0F.
 */
const FRAMES = {
  genImg: 'EF 01 FF FF FF FF 01 00 03 01 00 05',
  img2TzBuffer1: 'EF 01 FF FF FF FF 01 00 04 02 01 00 08',
  img2TzBuffer2: 'EF 01 FF FF FF FF 01 00 04 02 02 00 09',
  regModel: 'EF 01 FF FF FF FF 01 00 03 05 00 09',
  upCharBuffer1: 'EF 01 FF FF FF FF 01 00 04 08 01 00 0E',
  upCharBuffer2: 'EF 01 FF FF FF FF 01 00 04 08 02 00 0F',
};
/** Acks: 07 + 00 03 + code. */
const ACK = {
  ok: 'EF 01 FF FF FF FF 07 00 03 00 00 0A',
  noFinger: 'EF 01 FF FF FF FF 07 00 03 02 00 0C',
  combineFailed: 'EF 01 FF FF FF FF 07 00 03 0A 00 14',
};

function setup(packetSize?: 32 | 64 | 128 | 256) {
  const module = new FingerprintModule(
    { id: 'fp-enrol', ...(packetSize ? { packetSize } : {}) },
    { clock: new FakeClock(), timing: 'fast' },
  );
  const frames: Uint8Array[] = [];
  module.attach((frame) => frames.push(frame));
  const send = (hex: string): Uint8Array[] => {
    module.receive(fromHex(hex));
    return frames.splice(0);
  };
  const sendHex = (hex: string) => send(hex).map(toHex);
  /** GenImg + Img2Tz into `buffer` with `finger` on the sensor, each acknowledged 00. */
  const capture = (finger: string, buffer: 1 | 2) => {
    module.placeFinger(finger);
    expect(sendHex(FRAMES.genImg)).toEqual([ACK.ok]);
    expect(sendHex(buffer === 1 ? FRAMES.img2TzBuffer1 : FRAMES.img2TzBuffer2)).toEqual([ACK.ok]);
  };
  return { module, send, sendHex, capture };
}

/** Checks one data packet byte by byte against §2 and §6 and returns its payload. */
function readDataPacket(frame: Uint8Array, last: boolean, size: number): Uint8Array {
  const header = `EF 01 FF FF FF FF ${last ? '08' : '02'} ${toHex(Uint8Array.of((size + 2) >> 8, (size + 2) & 0xff))}`;
  expect(toHex(frame.subarray(0, 9))).toBe(header);
  expect(frame).toHaveLength(9 + size + 2);
  const payload = frame.subarray(9, 9 + size);
  let sum = frame[6]! + frame[7]! + frame[8]!;
  for (const byte of payload) sum += byte;
  expect((frame[9 + size]! << 8) | frame[10 + size]!).toBe(sum & 0xffff);
  return payload;
}

describe('FingerprintModule: enrolment (GenImg, Img2Tz ×2, RegModel, UpChar)', () => {
  it('combines two captures of one finger into buffer 1 and uploads it as 128-byte data packets', () => {
    const { capture, send, sendHex, module } = setup();
    capture('M3001-R1', 1);
    module.placeFinger(null);
    expect(sendHex(FRAMES.genImg)).toEqual([ACK.noFinger]);
    capture('M3001-R1', 2);
    expect(sendHex(FRAMES.regModel)).toEqual([ACK.ok]);

    const [ack, ...data] = send(FRAMES.upCharBuffer1);
    expect(toHex(ack!)).toBe(ACK.ok);
    // §6: a 512-byte template at the R503's 128 bytes per packet is 3 × PID 02 and 1 × PID 08.
    expect(data).toHaveLength(4);
    const template = Buffer.concat(data.map((frame, i) => readDataPacket(frame, i === 3, 128)));
    expect(new Uint8Array(template)).toEqual(templateForFinger('M3001-R1'));
    // The library is untouched: enrolment at a branch never stores into the module.
    expect(module.snapshot().templateCount).toBe(0);
  });

  it('leaves the combined template in buffer 2 as well, and follows the configured packet size', () => {
    const { capture, send } = setup(32);
    capture('E1001-R1', 1);
    capture('E1001-R1', 2);
    expect(toHex(send(FRAMES.regModel)[0]!)).toBe(ACK.ok);
    const [, ...data] = send(FRAMES.upCharBuffer2);
    expect(data).toHaveLength(512 / 32);
    const template = Buffer.concat(data.map((frame, i) => readDataPacket(frame, i === data.length - 1, 32)));
    expect(new Uint8Array(template)).toEqual(templateForFinger('E1001-R1'));
  });

  it('refuses two different fingers with 0A and keeps buffer 1 as captured', () => {
    const { capture, send, sendHex } = setup();
    capture('M3001-R1', 1);
    capture('M3001-L1', 2);
    expect(sendHex(FRAMES.regModel)).toEqual([ACK.combineFailed]);
    const [, ...data] = send(FRAMES.upCharBuffer1);
    const first = Buffer.concat(data.map((frame, i) => readDataPacket(frame, i === 3, 128)));
    expect(new Uint8Array(first)).toEqual(templateForFinger('M3001-R1'));
  });

  it('refuses RegModel with 0A while a buffer is empty', () => {
    const { capture, sendHex } = setup();
    expect(sendHex(FRAMES.regModel)).toEqual([ACK.combineFailed]);
    capture('M3001-R1', 1);
    expect(sendHex(FRAMES.regModel)).toEqual([ACK.combineFailed]);
  });
});
