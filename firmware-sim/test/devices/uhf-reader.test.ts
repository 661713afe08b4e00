import { fromHex } from '@vaultline/shared';
import {
  decodeInventoryFrame,
  decodeR2000Frame,
  decodeStatusReply,
  decodeWorkAntennaReply,
  encodeR2000Frame,
  getFirmwareVersionCommand,
  getTemperatureCommand,
  getWorkAntennaCommand,
  R2000_CMD,
  type R2000InventoryEvent,
  realTimeInventoryCommand,
  resetCommand,
  setUartBaudCommand,
  setWorkAntennaCommand,
} from '@vaultline/shared/codecs/rfid-r2000/r2000-codec';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { UhfRfidReader, type UhfRfidReaderOptions } from '../../src/devices/rfid/uhf-reader.ts';

const EPC_A = 'E28011606000020A1B2C3D4E';
const EPC_B = 'E2801160600002AABBCCDDEE';

function setup(timing: 'fast' | 'realistic', options: Partial<UhfRfidReaderOptions> = {}) {
  const clock = new FakeClock();
  const reader = new UhfRfidReader({ id: 'uhf-1', ...options }, { clock, timing });
  const frames: Uint8Array[] = [];
  reader.attach((frame) => frames.push(frame));
  const inventory = (): R2000InventoryEvent[] =>
    frames
      .map(decodeR2000Frame)
      .filter((f) => f.cmd === R2000_CMD.realTimeInventory)
      .map(decodeInventoryFrame);
  return { clock, reader, frames, inventory };
}

describe('UhfRfidReader commands (fast)', () => {
  it('answers the §7 worked commands with the §7 worked answers', () => {
    const { reader, frames } = setup('fast');
    reader.receive(fromHex('A0 03 01 72 EA'));
    reader.receive(fromHex('A0 04 01 74 00 E7'));
    reader.receive(fromHex('A0 03 01 7B E1'));
    expect(frames).toEqual([
      fromHex('A0 05 01 72 01 05 E2'),
      fromHex('A0 04 01 74 10 D7'),
      fromHex('A0 05 01 7B 01 23 BB'),
    ]);
  });

  it('reassembles a command that arrives one byte at a time', () => {
    const { reader, frames } = setup('fast');
    for (const byte of getFirmwareVersionCommand()) reader.receive(Uint8Array.of(byte));
    expect(frames).toHaveLength(1);
  });

  it('selects and reports the work antenna, refusing ports it does not have', () => {
    const { reader, frames } = setup('fast', { antennas: 2 });
    reader.receive(setWorkAntennaCommand(2));
    reader.receive(getWorkAntennaCommand());
    reader.receive(setWorkAntennaCommand(3));
    const [set, get, refused] = frames.map(decodeR2000Frame);
    expect(decodeStatusReply(set!, R2000_CMD.setWorkAntenna).ok).toBe(true);
    expect(decodeWorkAntennaReply(get!)).toEqual({ ok: true, value: 2 });
    expect(decodeStatusReply(refused!, R2000_CMD.setWorkAntenna).meaning).toBe('antenna id out of range');
    expect(reader.snapshot()).toMatchObject({ workAntenna: 2 });
  });

  it('answers its own address and the broadcast address only', () => {
    const { reader, frames } = setup('fast', { address: 0x05 });
    reader.receive(getTemperatureCommand(0x01));
    expect(frames).toEqual([]);
    reader.receive(getTemperatureCommand(0xff));
    reader.receive(getTemperatureCommand(0x05));
    expect(frames.map((f) => decodeR2000Frame(f).address)).toEqual([0x05, 0x05]);
  });

  it('reports a negative temperature with sign byte 0x00', () => {
    const { reader, frames } = setup('fast', { temperatureC: -7 });
    reader.receive(getTemperatureCommand());
    expect(frames[0]).toEqual(encodeR2000Frame({ address: 1, cmd: 0x7b, data: Uint8Array.of(0x00, 7) }));
  });

  it('stays silent on reset and on unknown commands, and resets the work antenna', () => {
    const { reader, frames } = setup('fast');
    reader.receive(setWorkAntennaCommand(3));
    frames.length = 0;
    reader.receive(resetCommand());
    reader.receive(encodeR2000Frame({ address: 1, cmd: 0x60, data: new Uint8Array() }));
    expect(frames).toEqual([]);
    expect(reader.snapshot()).toMatchObject({ workAntenna: 1 });
  });

  it('accepts the documented baud codes and refuses others', () => {
    const { reader, frames } = setup('fast');
    reader.receive(setUartBaudCommand(38_400));
    reader.receive(encodeR2000Frame({ address: 1, cmd: 0x71, data: Uint8Array.of(0x09) }));
    const [ok, refused] = frames.map((f) => decodeStatusReply(decodeR2000Frame(f), R2000_CMD.setUartBaud));
    expect(ok?.ok).toBe(true);
    expect(refused?.meaning).toBe('baud rate out of range');
    expect(reader.snapshot()).toMatchObject({ baud: 38_400 });
  });
});

describe('UhfRfidReader inventory (fast)', () => {
  it('emits one tag frame per tag, then the summary with the current antenna', () => {
    const { reader, inventory } = setup('fast');
    reader.setTags([EPC_A, EPC_B.toLowerCase()]);
    reader.receive(setWorkAntennaCommand(3));
    reader.receive(realTimeInventoryCommand());
    const events = inventory();
    expect(events.map((e) => e.type)).toEqual(['tag', 'tag', 'end']);
    const [a, b, end] = events;
    expect(a).toMatchObject({ type: 'tag', antenna: 3, epc: EPC_A, pc: 0x3000 });
    expect(b).toMatchObject({ type: 'tag', antenna: 3, epc: EPC_B });
    expect(end).toMatchObject({ type: 'end', antenna: 3, totalReads: 2 });
    for (const tag of [a, b]) {
      if (tag?.type !== 'tag') throw new Error('expected a tag frame');
      expect(tag.frequencyMhz).toBeGreaterThanOrEqual(902);
      expect(tag.frequencyMhz).toBeLessThanOrEqual(928);
      expect(tag.rssiDbm).toBeGreaterThanOrEqual(-63);
      expect(tag.rssiDbm).toBeLessThanOrEqual(-38);
    }
    expect(a?.type === 'tag' && b?.type === 'tag' && a.frequencyIndex !== b.frequencyIndex).toBe(true);
  });

  it('ends with error 0x22 when the selected antenna is disconnected', () => {
    const { reader, frames } = setup('fast', { disconnectedAntennas: [2] });
    reader.setTags([EPC_A]);
    reader.receive(setWorkAntennaCommand(2));
    reader.receive(realTimeInventoryCommand());
    expect(frames[1]).toEqual(fromHex('A0 04 01 89 22 B0'));
    reader.setDisconnectedAntennas([]);
    frames.length = 0;
    reader.receive(realTimeInventoryCommand());
    expect(frames).toHaveLength(2);
  });

  it('lets a tag be reached by chosen antennas only', () => {
    const { reader, inventory, frames } = setup('fast');
    reader.setTags([EPC_A], [2]);
    reader.receive(realTimeInventoryCommand());
    expect(inventory().map((e) => e.type)).toEqual(['end']);
    frames.length = 0;
    reader.receive(setWorkAntennaCommand(2));
    reader.receive(realTimeInventoryCommand());
    expect(inventory()[0]).toMatchObject({ type: 'tag', antenna: 2, epc: EPC_A });
  });

  it('reports an empty field after setTags([])', () => {
    const { reader, inventory } = setup('fast');
    reader.setTags([EPC_A]);
    reader.setTags([]);
    reader.receive(realTimeInventoryCommand());
    expect(inventory()).toEqual([{ type: 'end', antenna: 1, readRate: 0, totalReads: 0 }]);
    expect(reader.snapshot()).toMatchObject({ tags: [], firmware: { major: 1, minor: 5 }, temperatureC: 35 });
  });

  it('refuses EPCs the protocol cannot carry, with a clear error', () => {
    const { reader } = setup('fast');
    expect(() => reader.setTags(['E28'])).toThrow(/even number of hex digits/);
    expect(() => reader.setTags(['E2801'])).toThrow(/E2801/);
    expect(() => reader.setTags(['ZZ11223344'])).toThrow(/not valid/);
    expect(() => reader.setTags(['E280'])).toThrow(/4–62 bytes/);
    expect(() => reader.setTags([EPC_A], [5])).toThrow(/antenna 5/);
  });

  it('never misses a tag in fast mode', () => {
    const { reader, inventory } = setup('fast', { random: () => 0, missProbability: 0.5 });
    reader.setTags([EPC_A, EPC_B]);
    reader.receive(realTimeInventoryCommand());
    expect(inventory().filter((e) => e.type === 'tag')).toHaveLength(2);
  });
});

describe('UhfRfidReader realistic timing', () => {
  it('takes ~30 ms + ~3 ms per tag for a round', async () => {
    const { reader, frames, clock, inventory } = setup('realistic', { random: () => 0.5 });
    reader.setTags([EPC_A, EPC_B]);
    reader.receive(realTimeInventoryCommand());
    await clock.advance(27);
    expect(frames).toEqual([]);
    await clock.advance(8);
    expect(inventory().map((e) => e.type)).toEqual(['tag', 'tag']);
    await clock.advance(1);
    expect(inventory().map((e) => e.type)).toEqual(['tag', 'tag', 'end']);
    expect(inventory()[2]).toMatchObject({ readRate: 56, totalReads: 2 });
  });

  it('misses a tag when the random source says so', async () => {
    const draws = [0.01, 0.5, 0.5];
    const { reader, clock, inventory } = setup('realistic', { random: () => draws.shift() ?? 0.5 });
    reader.setTags([EPC_A, EPC_B]);
    reader.receive(realTimeInventoryCommand());
    await clock.advance(100);
    expect(inventory().filter((e) => e.type === 'tag')).toEqual([expect.objectContaining({ epc: EPC_B })]);
  });

  it('answers commands that arrive during a round after the round', async () => {
    const { reader, frames, clock } = setup('realistic', { random: () => 0.5 });
    reader.setTags([EPC_A]);
    reader.receive(realTimeInventoryCommand());
    await clock.advance(5);
    reader.receive(getFirmwareVersionCommand());
    await clock.advance(100);
    expect(frames.map((f) => decodeR2000Frame(f).cmd)).toEqual([0x89, 0x89, 0x72]);
  });

  it('hears nothing while it reboots after a reset', async () => {
    const { reader, frames, clock } = setup('realistic');
    reader.receive(resetCommand());
    await clock.advance(50);
    reader.receive(getFirmwareVersionCommand());
    await clock.advance(300);
    expect(frames).toEqual([]);
    reader.receive(getFirmwareVersionCommand());
    await clock.advance(10);
    expect(frames).toHaveLength(1);
  });

  it('stops its timers on close', async () => {
    const { reader, frames, clock } = setup('realistic');
    reader.setTags([EPC_A]);
    reader.receive(realTimeInventoryCommand());
    reader.close();
    expect(clock.pending).toBe(0);
    await clock.advance(100);
    reader.receive(getFirmwareVersionCommand());
    expect(frames).toEqual([]);
  });
});
