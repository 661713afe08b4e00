import { createDoorHardware } from '@vaultline/firmware-sim/devices/relay/door-hardware';
import type { SimTiming } from '@vaultline/firmware-sim/devices/simulated-device';
import type { FaultKind } from '@vaultline/firmware-sim/line/fault';
import { applyFault } from '@vaultline/firmware-sim/line/faulty-output';
import { DeviceOfflineError, silentLogger } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { afterEach, describe, expect, it } from 'vitest';
import { DoorController, type DoorState, InterlockError } from '../../src/devices/door/door-controller.ts';
import type { DeviceStatus } from '../../src/devices/driver/device-health.ts';
import { DeviceLink } from '../../src/devices/transport/device-link.ts';
import { MemoryTransport } from '../../src/devices/transport/memory-transport.ts';

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});

/** Gateway ⇄ two memory transports ⇄ the simulated relay board and contact module, on one fake clock. */
function rig(options: { timing?: SimTiming; energiseToUnlock?: boolean } = {}) {
  const clock = new FakeClock();
  const hardware = createDoorHardware({ id: 'mantrap-1' }, { clock, timing: options.timing ?? 'fast' });
  const relayTransport = new MemoryTransport((bytes) => hardware.relayBoard.receive(bytes), 'memory:relay');
  hardware.relayBoard.attach((frame) => relayTransport.deliver(frame));
  const contactTransport = new MemoryTransport(
    (bytes) => hardware.contactModule.receive(bytes),
    'memory:contact',
  );
  const line = { fault: 'none' as FaultKind };
  hardware.contactModule.attach((frame) => {
    for (const write of applyFault(frame, line.fault)) contactTransport.deliver(write.bytes);
  });
  const controller = new DoorController({
    id: 'mantrap-1',
    relayLink: new DeviceLink(relayTransport, clock, silentLogger),
    contactLink: new DeviceLink(contactTransport, clock, silentLogger),
    clock,
    logger: silentLogger,
    energiseToUnlock: options.energiseToUnlock,
  });
  const states: DoorState[] = [];
  const statuses: DeviceStatus[] = [];
  controller.onDoorState((state) => states.push(state));
  controller.onStatus((status) => statuses.push(status));
  running.push(async () => {
    const stopped = controller.stop();
    await clock.advance(500);
    await stopped;
    hardware.relayBoard.close();
    hardware.contactModule.close();
  });
  const started = async () => {
    await controller.start();
    await clock.advance(200);
  };
  return { clock, hardware, controller, states, statuses, line, relayTransport, started };
}

const openDoors = (states: DoorState[]) => states.map(({ door, open }) => ({ door, open }));

describe('DoorController', () => {
  it('sends the locked state for every channel on start, then reports both doors closed and comes online', async () => {
    const { hardware, controller, states, statuses, started } = rig();
    await started();
    expect(hardware.snapshot()).toMatchObject({ relays: [false, false], switchCount: 2 });
    expect(openDoors(states)).toEqual([
      { door: 1, open: false },
      { door: 2, open: false },
    ]);
    expect(controller.doorStates().map((s) => s.open)).toEqual([false, false]);
    expect(statuses.at(-1)).toMatchObject({ device: 'mantrap-1', kind: 'door', online: true });
    expect(controller.health.isOnline).toBe(true);
  });

  it('open energises the relay, resolving when the frame is written, and relocks after holdMs', async () => {
    const { clock, hardware, controller, started } = rig();
    await started();
    await controller.open(1, 3_000);
    expect(hardware.snapshot().relays).toEqual([true, false]);
    await clock.advance(2_999);
    expect(hardware.snapshot().relays).toEqual([true, false]);
    await clock.advance(1);
    expect(hardware.snapshot().relays).toEqual([false, false]);
  });

  it('reports contact changes made by a person pushing the door', async () => {
    const { clock, hardware, controller, states, started } = rig();
    await started();
    await controller.open(2, 5_000);
    hardware.setDoorContact(2, true);
    await clock.advance(150);
    expect(states.at(-1)).toMatchObject({ device: 'mantrap-1', door: 2, open: true });
    expect(states.at(-1)?.at).toBeGreaterThan(clock.now() - 150);
    hardware.setDoorContact(2, false);
    await clock.advance(150);
    expect(openDoors(states.slice(2))).toEqual([
      { door: 2, open: true },
      { door: 2, open: false },
    ]);
  });

  it('refuses to unlock while the other door is open, naming it, and unlocks once it is closed', async () => {
    const { clock, hardware, controller, started } = rig();
    await started();
    hardware.setDoorContact(2, true);
    await clock.advance(150);
    const refusal = controller.open(1, 3_000);
    await expect(refusal).rejects.toBeInstanceOf(InterlockError);
    await expect(refusal).rejects.toThrow(/door 2 is open/);
    expect(hardware.snapshot().relays).toEqual([false, false]);
    hardware.setDoorContact(2, false);
    await clock.advance(150);
    await controller.open(1, 3_000);
    expect(hardware.snapshot().relays).toEqual([true, false]);
  });

  it('keeps at most one door unlocked: opening door 2 relocks door 1 first', async () => {
    const { clock, hardware, controller, started } = rig();
    await started();
    await controller.open(1, 60_000);
    const opening = controller.open(2, 1_000);
    await clock.advance(200);
    await opening;
    expect(hardware.snapshot().relays).toEqual([false, true]);
    await clock.advance(1_000);
    expect(hardware.snapshot().relays).toEqual([false, false]);
  });

  it('contact module silent: doors unknown, open refused (fail closed), health offline, then recovery', async () => {
    const { clock, hardware, controller, states, statuses, line, started } = rig();
    await started();
    line.fault = 'silent';
    await clock.advance(300);
    expect(controller.doorStates().map((s) => s.open)).toEqual([null, null]);
    expect(openDoors(states.slice(-2))).toEqual([
      { door: 1, open: null },
      { door: 2, open: null },
    ]);
    await expect(controller.open(1, 1_000)).rejects.toThrow(/state of door 2 is unknown/);
    await clock.advance(600);
    expect(controller.health.isOnline).toBe(false);
    expect(statuses.at(-1)).toMatchObject({ online: false, reason: expect.stringMatching(/no answer/) });
    expect(hardware.snapshot().relays).toEqual([false, false]);

    line.fault = 'none';
    await clock.advance(300);
    expect(controller.health.isOnline).toBe(true);
    expect(controller.doorStates().map((s) => s.open)).toEqual([false, false]);
    await controller.open(1, 1_000);
    expect(hardware.snapshot().relays).toEqual([true, false]);
  });

  it('treats corrupted contact replies as unknown and recovers when they are clean again', async () => {
    const { clock, controller, line, started } = rig();
    await started();
    line.fault = 'corrupt';
    await clock.advance(300);
    expect(controller.doorStates().map((s) => s.open)).toEqual([null, null]);
    line.fault = 'none';
    await clock.advance(300);
    expect(controller.doorStates().map((s) => s.open)).toEqual([false, false]);
  });

  it('reverse polarity: locked = energised, open releases the relay', async () => {
    const { clock, hardware, controller, started } = rig({ energiseToUnlock: false });
    await started();
    expect(hardware.snapshot().relays).toEqual([true, true]);
    await controller.open(2, 2_000);
    expect(hardware.snapshot().relays).toEqual([true, false]);
    await clock.advance(2_000);
    expect(hardware.snapshot().relays).toEqual([true, true]);
  });

  it('leaves ≥ 100 ms between relay frames, so a board with realistic timing loses none', async () => {
    const { clock, hardware, controller } = rig({ timing: 'realistic' });
    const startedAt = clock.now();
    await controller.start();
    // The first poll's answer (after the module's few ms) makes both doors known.
    await clock.advance(10);
    const opened = controller.open(1, 500).then(() => clock.now());
    await clock.advance(300);
    // Two lock frames at 0 and 100 ms, then the unlock frame at 200 ms.
    expect((await opened) - startedAt).toBe(200);
    expect(hardware.snapshot().relays).toEqual([true, false]);
    await clock.advance(500);
    expect(hardware.snapshot()).toMatchObject({ relays: [false, false], switchCount: 4 });
    expect(hardware.relayBoard.snapshot()).toMatchObject({ ignoredFrames: 0 });
  });

  it('relocks every door after the relay link comes back, and reports the relay link in health', async () => {
    const { clock, hardware, controller, relayTransport, statuses, started } = rig();
    await started();
    await controller.open(1, 60_000);
    relayTransport.drop();
    await expect(controller.open(2, 1_000)).rejects.toBeInstanceOf(DeviceOfflineError);
    await clock.advance(150);
    expect(statuses.at(-1)).toMatchObject({
      online: false,
      reason: expect.stringMatching(/mantrap-1\.relay/),
    });
    // DeviceLink retries after its first backoff step (250 ms); the lock frames follow at once.
    await clock.advance(400);
    expect(hardware.snapshot().relays).toEqual([false, false]);
    expect(controller.health.isOnline).toBe(true);
  });

  it('relocks an unlocked door on stop', async () => {
    const { clock, hardware, controller, started } = rig();
    await started();
    await controller.open(1, 60_000);
    const stopped = controller.stop();
    await clock.advance(100);
    await stopped;
    expect(hardware.snapshot().relays).toEqual([false, false]);
  });

  it('rejects unknown doors and bad configuration', async () => {
    const { controller, started } = rig();
    await started();
    await expect(controller.open(3, 1_000)).rejects.toThrow(RangeError);
    await expect(controller.open(1, Number.NaN)).rejects.toThrow(/holdMs/);
    await expect(controller.lock(0)).rejects.toThrow(/configured doors: 1, 2/);
    expect(
      () =>
        new DoorController({
          ...({} as { relayLink: DeviceLink; contactLink: DeviceLink }),
          id: 'x',
          clock: new FakeClock(),
          logger: silentLogger,
          doors: [
            { door: 1, relayChannel: 1, contactInput: 0 },
            { door: 2, relayChannel: 1, contactInput: 1 },
          ],
        }),
    ).toThrow(/relayChannel 1 is configured twice/);
  });
});
