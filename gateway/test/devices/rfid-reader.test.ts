import { Em4100CardReader } from '@vaultline/firmware-sim/devices/rfid/em4100-reader';
import { UhfRfidReader, type UhfRfidReaderOptions } from '@vaultline/firmware-sim/devices/rfid/uhf-reader';
import type { SimulatedDevice } from '@vaultline/firmware-sim/devices/simulated-device';
import { silentLogger } from '@vaultline/shared';
import { R2000_CMD } from '@vaultline/shared/codecs/rfid-r2000/r2000-codec';
import { R2000Framer } from '@vaultline/shared/codecs/rfid-r2000/r2000-framer';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../src/devices/driver/device-health.ts';
import { RfidReader, type RfidReaderOptions, type TagSeen } from '../../src/devices/rfid/rfid-reader.ts';
import { DeviceLink } from '../../src/devices/transport/device-link.ts';
import { MemoryTransport } from '../../src/devices/transport/memory-transport.ts';

const BOX_A = 'E28011606000020A1B2C3D4E';
const BOX_B = 'E2801160600002AABBCCDDEE';
const CARD = '010A2B3C4D';

type LineFault = 'none' | 'silent' | 'corrupt' | 'garbage';

/** Gateway driver ↔ MemoryTransport ↔ simulated firmware, with a line fault between them, on a fake clock. */
function wire(device: SimulatedDevice, clock: FakeClock) {
  const line = { fault: 'none' as LineFault };
  const written = new R2000Framer();
  const commands: Array<{ cmd: number; data: number[] }> = [];
  const transport = new MemoryTransport((bytes) => {
    for (const frame of written.push(bytes)) commands.push({ cmd: frame.cmd, data: [...frame.data] });
    if (line.fault !== 'silent') device.receive(bytes);
  });
  device.attach((frame) => {
    if (line.fault === 'silent') return;
    const bytes = Uint8Array.from(frame);
    if (line.fault === 'corrupt') bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 0xff;
    if (line.fault === 'garbage') bytes.fill(0x5a);
    transport.deliver(bytes);
  });
  const link = new DeviceLink(transport, clock, silentLogger);
  return { line, link, transport, commands };
}

let running: RfidReader[] = [];
afterEach(async () => {
  await Promise.all(running.map((reader) => reader.stop()));
  running = [];
});

async function startUhf(
  sim: Partial<UhfRfidReaderOptions> = {},
  driver: Partial<RfidReaderOptions> = {},
  timing: 'fast' | 'realistic' = 'fast',
) {
  const clock = new FakeClock();
  const device = new UhfRfidReader({ id: 'uhf-1', random: () => 0.5, ...sim }, { clock, timing });
  const wired = wire(device, clock);
  const reader = new RfidReader({ id: 'rfid-1', link: wired.link, clock, logger: silentLogger, ...driver });
  const tags: TagSeen[] = [];
  const statuses: DeviceStatus[] = [];
  reader.onTag((tag) => tags.push(tag));
  reader.onStatus((status) => statuses.push(status));
  running.push(reader);
  await reader.start();
  return { clock, device, reader, tags, statuses, ...wired };
}

describe('RfidReader (R2000)', () => {
  it('reports a tag once while it stays in the field, and again after it was gone for the window', async () => {
    const { clock, device, reader, tags } = await startUhf();
    device.setTags([BOX_A]);
    reader.startInventory();
    await clock.advance(100);
    expect(tags).toEqual([
      { device: 'rfid-1', epc: BOX_A, rssi: expect.any(Number), antenna: 1, at: expect.any(Number) },
    ]);
    expect(tags[0]?.rssi).toBeLessThan(-38);
    expect(tags[0]?.rssi).toBeGreaterThan(-64);
    await clock.advance(10_000);
    expect(tags).toHaveLength(1);
    device.setTags([]);
    await clock.advance(2_500);
    device.setTags([BOX_A]);
    await clock.advance(100);
    expect(tags).toHaveLength(1);
    device.setTags([]);
    await clock.advance(3_100);
    device.setTags([BOX_A, BOX_B]);
    await clock.advance(100);
    expect(tags.map((tag) => tag.epc)).toEqual([BOX_A, BOX_A, BOX_B]);
  });

  it('cycles the configured antennas and reports the antenna that saw each tag', async () => {
    const { clock, device, reader, tags, commands } = await startUhf({}, { antennas: [1, 3] });
    device.setTags([BOX_A], [1]);
    reader.startInventory();
    await clock.advance(100);
    device.setTags([BOX_B], [3]);
    await clock.advance(100);
    expect(tags.map((tag) => [tag.epc, tag.antenna])).toEqual([
      [BOX_A, 1],
      [BOX_B, 3],
    ]);
    const selected = commands.filter((c) => c.cmd === R2000_CMD.setWorkAntenna).map((c) => c.data[0]);
    expect(selected.slice(0, 4)).toEqual([0, 2, 0, 2]);
    expect(commands[1]).toEqual({ cmd: R2000_CMD.realTimeInventory, data: [0xff] });
  });

  it('handles a missing antenna inside the loop: keeps reading the others, backs off, stays online', async () => {
    const { clock, device, reader, tags, statuses, commands } = await startUhf(
      { disconnectedAntennas: [2] },
      { antennas: [1, 2] },
    );
    device.setTags([BOX_A]);
    reader.startInventory();
    await clock.advance(1_000);
    expect(tags.map((tag) => [tag.epc, tag.antenna])).toEqual([[BOX_A, 1]]);
    const rounds = commands.filter((c) => c.cmd === R2000_CMD.realTimeInventory).length;
    // Each pair of rounds costs a 20 ms gap and a 100 ms backoff: about 16 rounds a second, not thousands.
    expect(rounds).toBeGreaterThan(10);
    expect(rounds).toBeLessThan(25);
    expect(statuses.map((s) => s.online)).toEqual([true]);
    device.setDisconnectedAntennas([]);
    device.setTags([BOX_B], [2]);
    await clock.advance(500);
    expect(tags.map((tag) => [tag.epc, tag.antenna])).toEqual([
      [BOX_A, 1],
      [BOX_B, 2],
    ]);
  });

  it('goes offline when the reader falls silent and back online when it answers again', async () => {
    const { clock, device, reader, tags, statuses, line } = await startUhf();
    reader.startInventory();
    await clock.advance(100);
    expect(reader.health.isOnline).toBe(true);
    line.fault = 'silent';
    await clock.advance(3_000);
    expect(reader.health.isOnline).toBe(false);
    expect(statuses.at(-1)).toMatchObject({ device: 'rfid-1', kind: 'rfid', online: false });
    expect(statuses.at(-1)?.reason).toMatch(/no answer/);
    line.fault = 'none';
    device.setTags([BOX_A]);
    await clock.advance(6_000);
    expect(statuses.map((s) => s.online)).toEqual([true, false, true]);
    expect(tags.map((tag) => tag.epc)).toEqual([BOX_A]);
  });

  it('counts corrupt and garbage replies and recovers when the line is clean again', async () => {
    const { clock, device, reader, tags, line } = await startUhf();
    device.setTags([BOX_A]);
    line.fault = 'corrupt';
    reader.startInventory();
    await clock.advance(1_500);
    line.fault = 'garbage';
    await clock.advance(1_500);
    expect(tags).toEqual([]);
    const dropped = reader.badFrameCount;
    expect(dropped).toBeGreaterThan(2);
    line.fault = 'none';
    await clock.advance(6_000);
    expect(tags.map((tag) => tag.epc)).toEqual([BOX_A]);
    expect(reader.health.isOnline).toBe(true);
  });

  it('reads the firmware version through the codec', async () => {
    const { reader } = await startUhf({ firmware: { major: 2, minor: 7 } });
    await expect(reader.firmwareVersion()).resolves.toEqual({ major: 2, minor: 7 });
  });

  it('works against realistic timing, misses and all', async () => {
    const draws = [0.01];
    const { clock, device, reader, tags } = await startUhf(
      { random: () => draws.shift() ?? 0.5 },
      { antennas: [1] },
      'realistic',
    );
    device.setTags([BOX_A, BOX_B]);
    reader.startInventory();
    await clock.advance(500);
    expect(tags.map((tag) => tag.epc)).toEqual([BOX_B, BOX_A]);
    // The round in flight finishes on the reader's own time before the loop lets go.
    const stopping = reader.stopInventory();
    await clock.advance(100);
    await stopping;
  });

  it('stops cleanly: the loop ends and no timer is left behind', async () => {
    const { clock, reader } = await startUhf();
    reader.startInventory();
    await clock.advance(100);
    await reader.stop();
    running = [];
    expect(clock.pending).toBe(0);
  });

  it('refuses antennas the reader cannot address', () => {
    const clock = new FakeClock();
    const link = wire(new UhfRfidReader({ id: 'x' }, { clock, timing: 'fast' }), clock).link;
    expect(() => new RfidReader({ id: 'r', link, clock, logger: silentLogger, antennas: [5] })).toThrow(
      /antenna 5/,
    );
  });
});

describe('RfidReader (EM4100)', () => {
  async function startEm() {
    const clock = new FakeClock();
    const device = new Em4100CardReader({ id: 'em-1' }, { clock, timing: 'fast' });
    const wired = wire(device, clock);
    const reader = new RfidReader({
      id: 'card-1',
      link: wired.link,
      clock,
      logger: silentLogger,
      protocol: 'em4100',
    });
    const tags: TagSeen[] = [];
    const statuses: DeviceStatus[] = [];
    reader.onTag((tag) => tags.push(tag));
    reader.onStatus((status) => statuses.push(status));
    running.push(reader);
    await reader.start();
    return { clock, device, reader, tags, statuses, ...wired };
  }

  it('de-duplicates the frames a resting card repeats, and reports the card again after the window', async () => {
    const { clock, device, reader, tags, statuses } = await startEm();
    reader.startInventory();
    device.setTags([CARD]);
    await clock.advance(2_000);
    expect(tags).toEqual([
      { device: 'card-1', epc: CARD, rssi: Number.NaN, antenna: 1, at: expect.any(Number) },
    ]);
    expect(statuses.map((s) => s.online)).toEqual([true]);
    device.setTags([]);
    await clock.advance(3_000);
    device.setTags([CARD]);
    await clock.advance(100);
    expect(tags).toHaveLength(2);
  });

  it('counts corrupt frames and reads the card once the line is clean', async () => {
    const { clock, device, reader, tags, line } = await startEm();
    reader.startInventory();
    line.fault = 'corrupt';
    device.setTags([CARD]);
    await clock.advance(1_000);
    expect(tags).toEqual([]);
    expect(reader.badFrameCount).toBeGreaterThanOrEqual(9);
    line.fault = 'none';
    await clock.advance(200);
    expect(tags.map((tag) => tag.epc)).toEqual([CARD]);
  });

  it('reports nothing before inventory starts, and has no firmware query', async () => {
    const { clock, device, reader, tags } = await startEm();
    device.setTags([CARD]);
    await clock.advance(500);
    expect(tags).toEqual([]);
    await expect(reader.firmwareVersion()).rejects.toThrow(/no firmware query/);
  });

  it('is offline while its link is down', async () => {
    const { clock, reader, transport, statuses } = await startEm();
    await clock.advance(10);
    transport.drop();
    expect(reader.health.isOnline).toBe(false);
    await clock.advance(1_000);
    expect(statuses.map((s) => s.online)).toEqual([true, false, true]);
  });
});
