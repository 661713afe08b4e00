import { fromHex, toHex } from '@vaultline/shared';
import { encodeSwitch } from '@vaultline/shared/codecs/relay-lcus/lcus-codec';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { createDoorHardware } from '../../src/devices/relay/door-hardware.ts';
import type { SimTiming } from '../../src/devices/simulated-device.ts';

function setup(timing: SimTiming, options: { channels?: number; modbusAddress?: number } = {}) {
  const clock = new FakeClock();
  const hardware = createDoorHardware({ id: 'mantrap-1', ...options }, { clock, timing });
  const relayOut: string[] = [];
  const contactOut: string[] = [];
  hardware.relayBoard.attach((frame) => relayOut.push(toHex(frame)));
  hardware.contactModule.attach((frame) => contactOut.push(toHex(frame)));
  return { clock, hardware, relayOut, contactOut };
}

describe('door hardware: LCUS relay board', () => {
  it('switches channels on switch frames and never answers them', () => {
    const { hardware, relayOut } = setup('fast');
    hardware.relayBoard.receive(fromHex('A0 01 01 A2'));
    expect(hardware.snapshot().relays).toEqual([true, false]);
    hardware.relayBoard.receive(fromHex('A0 02 01 A3 A0 01 00 A1'));
    expect(hardware.snapshot()).toMatchObject({ relays: [false, true], switchCount: 3 });
    expect(relayOut).toEqual([]);
  });

  it('answers FF with the status text, one whole frame', () => {
    const { hardware, relayOut } = setup('fast');
    hardware.relayBoard.receive(fromHex('A0 01 01 A2'));
    hardware.relayBoard.receive(fromHex('FF'));
    expect(relayOut).toEqual(['43 48 31 3A 20 4F 4E 20 0D 0A 43 48 32 3A 20 4F 46 46 0D 0A']);
  });

  it('ignores frames with a bad check and channels it does not have', () => {
    const { hardware } = setup('fast', { channels: 1 });
    hardware.relayBoard.receive(fromHex('A0 01 01 A5'));
    hardware.relayBoard.receive(encodeSwitch(2, 'energise'));
    expect(hardware.snapshot()).toMatchObject({ relays: [false], switchCount: 0 });
    expect(hardware.relayBoard.snapshot()).toMatchObject({ badFrames: 1, ignoredFrames: 1 });
  });

  it('realistic: switches after a short processing time and loses frames closer than 100 ms', async () => {
    const { clock, hardware } = setup('realistic');
    hardware.relayBoard.receive(encodeSwitch(1, 'energise'));
    expect(hardware.snapshot().relays).toEqual([false, false]);
    await clock.advance(20);
    expect(hardware.snapshot().relays).toEqual([true, false]);
    await clock.advance(79);
    hardware.relayBoard.receive(encodeSwitch(2, 'energise'));
    await clock.advance(1);
    hardware.relayBoard.receive(encodeSwitch(1, 'release'));
    await clock.advance(20);
    expect(hardware.snapshot()).toMatchObject({ relays: [false, false], switchCount: 2 });
    expect(hardware.relayBoard.snapshot()).toMatchObject({ ignoredFrames: 1 });
  });

  it('realistic: answers the status query after the processing time', async () => {
    const { clock, hardware, relayOut } = setup('realistic');
    hardware.relayBoard.receive(fromHex('FF'));
    expect(relayOut).toEqual([]);
    await clock.advance(20);
    expect(relayOut).toHaveLength(1);
  });
});

describe('door hardware: Modbus RTU contact module', () => {
  it('reads the door contacts as discrete inputs (golden: inputs 0 and 2 active)', () => {
    const { hardware, contactOut } = setup('fast', { channels: 4 });
    hardware.setDoorContact(1, true);
    hardware.setDoorContact(3, true);
    hardware.contactModule.receive(fromHex('01 02 00 00 00 08 79 CC'));
    expect(contactOut).toEqual(['01 02 01 05 61 8B']);
  });

  it('reports door contacts only when a person moves a door', () => {
    const { hardware } = setup('fast');
    expect(hardware.snapshot().doors).toEqual([
      { door: 1, open: false },
      { door: 2, open: false },
    ]);
    hardware.setDoorContact(2, true);
    hardware.relayBoard.receive(encodeSwitch(2, 'energise'));
    expect(hardware.snapshot().doors[1]).toEqual({ door: 2, open: true });
    hardware.setDoorContact(2, false);
    expect(hardware.snapshot().doors[1]).toEqual({ door: 2, open: false });
    expect(() => hardware.setDoorContact(3, true)).toThrow(RangeError);
  });

  it('keeps coils as memory: write echoes (golden), read returns the value', () => {
    const { hardware, contactOut } = setup('fast');
    hardware.contactModule.receive(fromHex('01 05 00 00 FF 00 8C 3A'));
    hardware.contactModule.receive(fromHex('01 01 00 00 00 01 FD CA'));
    hardware.contactModule.receive(fromHex('01 05 00 00 00 00 CD CA'));
    expect(contactOut[0]).toBe('01 05 00 00 FF 00 8C 3A');
    expect(contactOut[1]?.slice(0, 11)).toBe('01 01 01 01');
    expect(contactOut[2]).toBe('01 05 00 00 00 00 CD CA');
    expect(hardware.snapshot().relays).toEqual([false, false]);
  });

  it('answers a range beyond its inputs with exception 02 (golden)', () => {
    const { hardware, contactOut } = setup('fast');
    hardware.contactModule.receive(fromHex('01 02 00 00 00 09 B8 0C'));
    expect(contactOut).toEqual(['01 82 02 C1 61']);
  });

  it('answers an unsupported function with exception 01 and a bad quantity with 03', () => {
    const { hardware, contactOut } = setup('fast');
    // 01 slave · 03 read holding registers · 00 00 start · 00 01 quantity · 84 0A CRC
    hardware.contactModule.receive(fromHex('01 03 00 00 00 01 84 0A'));
    // 01 slave · 02 read discrete inputs · 00 00 start · 00 00 quantity 0 · 78 0A CRC
    hardware.contactModule.receive(fromHex('01 02 00 00 00 00 78 0A'));
    expect(contactOut.map((hex) => hex.slice(0, 8))).toEqual(['01 83 01', '01 82 03']);
  });

  it('stays silent for other slaves, bad CRCs and broadcasts, but acts on a broadcast write', () => {
    const { hardware, contactOut } = setup('fast', { modbusAddress: 7 });
    hardware.contactModule.receive(fromHex('01 02 00 00 00 08 79 CC'));
    hardware.contactModule.receive(fromHex('07 02 00 00 00 08 79 CD'));
    // 00 broadcast · 05 write single coil · 00 03 coil 3 · FF 00 ON · CRC
    hardware.contactModule.receive(fromHex('00 05 00 03 FF 00 7D EB'));
    expect(contactOut).toEqual([]);
    expect(hardware.contactModule.snapshot().badFrames).toBeGreaterThan(0);
    expect((hardware.contactModule.snapshot().coils as boolean[])[3]).toBe(true);
  });

  it('realistic: answers after a few ms, reassembling a request split over chunks', async () => {
    const { clock, hardware, contactOut } = setup('realistic');
    hardware.contactModule.receive(fromHex('01 02 00'));
    hardware.contactModule.receive(fromHex('00 00 08 79 CC'));
    expect(contactOut).toEqual([]);
    await clock.advance(5);
    expect(contactOut).toEqual(['01 02 01 00 A1 88']);
  });

  it('close() cancels pending answers', async () => {
    const { clock, hardware, contactOut, relayOut } = setup('realistic');
    hardware.contactModule.receive(fromHex('01 02 00 00 00 08 79 CC'));
    hardware.relayBoard.receive(fromHex('FF'));
    hardware.contactModule.close();
    hardware.relayBoard.close();
    await clock.advance(100);
    expect(contactOut).toEqual([]);
    expect(relayOut).toEqual([]);
  });

  it('refuses impossible options', () => {
    const context = { clock: new FakeClock(), timing: 'fast' as const };
    expect(() => createDoorHardware({ id: 'x', channels: 0 }, context)).toThrow(RangeError);
    expect(() => createDoorHardware({ id: 'x', modbusAddress: 248 }, context)).toThrow(RangeError);
  });
});
