import { FrameFormatError, toHex } from '@vaultline/shared';
import {
  decodePacket,
  encodeDataPackets,
  R30X_TEMPLATE_BYTES,
  R30xDataCollector,
  R30xPid,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { describe, expect, it } from 'vitest';

const template = Uint8Array.from({ length: R30X_TEMPLATE_BYTES }, (_, i) => (i * 7) & 0xff);

describe('data packets (§6)', () => {
  it.each([
    [32, 16],
    [64, 8],
    [128, 4],
    [256, 2],
  ])('a 512-byte template at %i bytes per packet is %i packets, the last one PID 0x08', (size, count) => {
    const packets = encodeDataPackets(template, size, 0xffffffff).map(decodePacket);
    expect(packets).toHaveLength(count);
    expect(packets.map((p) => p.pid)).toEqual([...Array(count - 1).fill(R30xPid.data), R30xPid.endData]);
    expect(packets.every((p) => p.payload.length === size)).toBe(true);
  });

  it('lays out one data packet with its own length and checksum', () => {
    const [first] = encodeDataPackets(Uint8Array.of(1, 2, 3), 2, 0xffffffff);
    // 02 + 00 + 04 + 01 + 02 = 0x09
    expect(toHex(first!)).toBe('EF 01 FF FF FF FF 02 00 04 01 02 00 09');
  });

  it('cuts the last packet short when the data is not a multiple of the size', () => {
    const packets = encodeDataPackets(new Uint8Array(300), 128, 1).map(decodePacket);
    expect(packets.map((p) => p.payload.length)).toEqual([128, 128, 44]);
  });

  it('refuses empty data and a size above 256', () => {
    expect(() => encodeDataPackets(new Uint8Array(0), 128, 1)).toThrow(RangeError);
    expect(() => encodeDataPackets(template, 512, 1)).toThrow(RangeError);
  });
});

describe('R30xDataCollector', () => {
  it('reassembles a transfer and ignores acks in between', () => {
    const collector = new R30xDataCollector();
    const packets = encodeDataPackets(template, 128, 0xffffffff).map(decodePacket);
    const results = packets.map((packet) => collector.push(packet));
    expect(collector.push({ address: 0, pid: R30xPid.ack, payload: Uint8Array.of(0) })).toBeUndefined();
    expect(results.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(results[3]).toEqual(template);
    expect(collector.received).toBe(0);
  });

  it('cuts off a transfer that never ends', () => {
    const collector = new R30xDataCollector(256);
    const packet = { address: 0, pid: R30xPid.data, payload: new Uint8Array(200) } as const;
    collector.push(packet);
    expect(() => collector.push(packet)).toThrow(FrameFormatError);
    expect(collector.received).toBe(0);
  });
});
