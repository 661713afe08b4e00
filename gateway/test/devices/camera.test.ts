import { SerialCamera } from '@vaultline/firmware-sim/devices/camera/camera-sim';
import { decodeJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import type { SimTiming } from '@vaultline/firmware-sim/devices/simulated-device';
import type { FaultKind } from '@vaultline/firmware-sim/line/fault';
import { applyFault, LineWriter } from '@vaultline/firmware-sim/line/faulty-output';
import { DeviceOfflineError, DeviceTimeoutError, silentLogger, toHex } from '@vaultline/shared';
import type { ImageSize } from '@vaultline/shared/codecs/camera-vc0706/vc0706-codec';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { afterEach, describe, expect, it } from 'vitest';
import { Camera } from '../../src/devices/camera/camera.ts';
import { ImageIntegrityError } from '../../src/devices/camera/camera-errors.ts';
import type { DeviceStatus } from '../../src/devices/driver/device-health.ts';
import { DeviceLink } from '../../src/devices/transport/device-link.ts';
import { MemoryTransport } from '../../src/devices/transport/memory-transport.ts';

const READ_FBUF_MARKER = '76 00 32 00 00';

/** Deterministic random source for the fault layer (split sizes). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface RigOptions {
  timing?: SimTiming;
  imageSize?: ImageSize;
  chunkBytes?: number;
  baud?: number;
}

const rigs: Array<{ camera: Camera; sim: SerialCamera }> = [];

/** Driver ↔ MemoryTransport ↔ fault layer ↔ simulated camera, all on one fake clock. */
function rig(options: RigOptions = {}) {
  const clock = new FakeClock();
  const sim = new SerialCamera({ id: 'cam-1' }, { clock, timing: options.timing ?? 'fast' });
  const transport = new MemoryTransport((bytes) => sim.receive(bytes), 'memory:cam-1');
  const line = { fault: 'none' as FaultKind, corruptTrailers: false, writes: 0 };
  const writer = new LineWriter(
    clock,
    (bytes) => {
      line.writes++;
      transport.deliver(bytes);
    },
    undefined,
  );
  const random = seeded(7);
  let markers = 0;
  sim.attach((frame) => {
    // Header and trailer of a READ_FBUF answer are the same 5 bytes; every second one is a trailer.
    const trailer = toHex(frame) === READ_FBUF_MARKER && ++markers % 2 === 0;
    const bytes = trailer && line.corruptTrailers ? applyFault(frame, 'corrupt')[0]!.bytes : frame;
    void writer.enqueue(applyFault(bytes, line.fault, random));
  });
  const link = new DeviceLink(transport, clock, silentLogger);
  const { imageSize, chunkBytes, baud } = options;
  const camera = new Camera({ id: 'cam-1', link, clock, logger: silentLogger, imageSize, chunkBytes, baud });
  const statuses: DeviceStatus[] = [];
  camera.onStatus((status) => statuses.push(status));
  rigs.push({ camera, sim });
  return { clock, sim, transport, line, camera, statuses };
}

/** Settles a promise while the fake clock runs, so timeouts inside it can fire. */
function settle<T>(clock: FakeClock, promise: Promise<T>, stepMs = 50, maxMs = 60_000) {
  const outcome: Promise<{ value?: T; error?: unknown; done: boolean }> = promise.then(
    (value) => ({ value, done: true }),
    (error: unknown) => ({ error, done: true }),
  );
  return clock.runUntilSettled(outcome, { stepMs, maxMs });
}

afterEach(async () => {
  for (const { camera, sim } of rigs.splice(0)) {
    await camera.stop();
    sim.close();
  }
});

describe('Camera driver (VC0706) against the simulated camera', () => {
  it('captures a decodable JPEG of the configured size', async () => {
    const { camera, sim, clock } = rig();
    sim.setScene('Guard Alice');
    await camera.start();
    const snapshot = await camera.capture();
    expect(decodeJpeg(snapshot.jpeg)).toMatchObject({ width: 320, height: 240 });
    expect(snapshot).toMatchObject({ device: 'cam-1', width: 320, height: 240, bytes: snapshot.jpeg.length });
    expect(snapshot.bytes).toBe(sim.snapshot().frameBytes || snapshot.jpeg.length);
    expect(snapshot.at).toBe(clock.now());
    expect(camera.lastBytesPerSecond).toBe(snapshot.bytesPerSecond);
    expect(sim.snapshot()).toMatchObject({ frozen: false, captures: 1 });
    expect(camera.health.isOnline).toBe(true);
  });

  it('sets the image size given in the options (§5)', async () => {
    const { camera, sim } = rig({ imageSize: '160x120', chunkBytes: 256 });
    await camera.start();
    const snapshot = await camera.capture();
    expect(decodeJpeg(snapshot.jpeg)).toMatchObject({ width: 160, height: 120 });
    expect(sim.snapshot().imageSize).toBe('160x120');
  });

  it('gives a new image when the scene label changes', async () => {
    const { camera, sim } = rig();
    await camera.start();
    sim.setScene('Alice');
    const first = await camera.capture();
    sim.setScene('Bob');
    const second = await camera.capture();
    expect(toHex(second.jpeg)).not.toBe(toHex(first.jpeg));
    expect(sim.snapshot().captures).toBe(2);
  });

  it('queues a second capture behind the first', async () => {
    const { camera, sim } = rig();
    await camera.start();
    const [a, b] = await Promise.all([camera.capture(), camera.capture()]);
    expect(a.bytes).toBeGreaterThan(0);
    expect(b.bytes).toBeGreaterThan(0);
    expect(sim.snapshot().captures).toBe(2);
  });

  it('works with realistic timing: waits for the boot banner, then captures', async () => {
    const { camera, clock } = rig({ timing: 'realistic', baud: 115200 });
    await camera.start();
    const { value, error } = await settle(clock, camera.capture(), 10);
    expect(error).toBeUndefined();
    expect(value?.durationMs).toBeGreaterThan(0);
    expect(clock.now() - (value?.at ?? 0)).toBeLessThan(1000);
    expect(decodeJpeg(value!.jpeg)).toMatchObject({ width: 320, height: 240 });
  });

  it('still works when replies arrive in 1–5 byte pieces', async () => {
    const { camera, line, clock } = rig({ imageSize: '160x120', chunkBytes: 512 });
    line.fault = 'split';
    await camera.start();
    const { value, error } = await settle(clock, camera.capture(), 200, 600_000);
    expect(error).toBeUndefined();
    expect(decodeJpeg(value!.jpeg)).toMatchObject({ width: 160, height: 120 });
    expect(line.writes).toBeGreaterThan(value!.bytes / 5);
  });

  it('a silent camera → DeviceTimeoutError, offline, then back online when it answers again', async () => {
    const { camera, line, clock, statuses } = rig();
    await camera.start();
    await camera.capture();
    expect(statuses.map((s) => s.online)).toEqual([true]);
    line.fault = 'silent';
    const failed = await settle(clock, camera.capture());
    expect(failed.error).toBeInstanceOf(DeviceTimeoutError);
    await clock.advance(20_000);
    expect(camera.health.isOnline).toBe(false);
    expect(statuses.at(-1)).toMatchObject({ device: 'cam-1', kind: 'camera', online: false });
    line.fault = 'none';
    await clock.advance(5_000);
    expect(camera.health.isOnline).toBe(true);
    expect(statuses.map((s) => s.online)).toEqual([true, false, true]);
    const again = await camera.capture();
    expect(decodeJpeg(again.jpeg).width).toBe(320);
  });

  it('a corrupted READ_FBUF trailer → ImageIntegrityError; the next capture succeeds once it clears', async () => {
    const { camera, line, sim } = rig();
    await camera.start();
    line.corruptTrailers = true;
    await expect(camera.capture()).rejects.toBeInstanceOf(ImageIntegrityError);
    expect(camera.health.isOnline).toBe(true);
    line.corruptTrailers = false;
    sim.setScene('After the fault');
    const snapshot = await camera.capture();
    expect(decodeJpeg(snapshot.jpeg)).toMatchObject({ width: 320, height: 240 });
    expect(sim.snapshot()).toMatchObject({ frozen: false, captures: 2 });
  });

  it('refuses to capture while the link is down', async () => {
    const { camera, transport } = rig();
    transport.available = false;
    await camera.start();
    await expect(camera.capture()).rejects.toBeInstanceOf(DeviceOfflineError);
  });

  it('reconfigures after the link comes back', async () => {
    const { camera, transport, clock, sim } = rig({ imageSize: '160x120' });
    await camera.start();
    await camera.capture();
    transport.drop();
    await clock.advance(1_000);
    const { value } = await settle(clock, camera.capture());
    expect(value?.width).toBe(160);
    expect(sim.snapshot().imageSize).toBe('160x120');
  });

  it('rejects a chunk size that is not a multiple of 8 (§4)', () => {
    expect(() => rig({ chunkBytes: 1020 })).toThrow(/multiple of 8/);
  });
});
