import { decodeJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import { Camera, type Snapshot } from '@vaultline/gateway/devices/camera/camera';
import { ImageIntegrityError } from '@vaultline/gateway/devices/camera/camera-errors';
import { DeviceTimeoutError, silentLogger, systemClock } from '@vaultline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo, recordStatuses } from '../../src/harness/gateway-links.ts';
import { type SimHarness, startSimulators } from '../../src/harness/sim-harness.ts';
import { waitFor } from '../../src/harness/wait-for.ts';

/** Not the camera's power-on size (320x240), so a picture of this size proves the driver set it up. */
const SIZE = { name: '160x120', width: 160, height: 120 } as const;
/** The top and bottom caption bands (CAM id, capture time) are 11 rows high at 160x120. */
const CAPTION_ROWS = 12;
/**
 * The split fault sends 1–5 bytes every 2 ms, about 1.5 kB/s: far below 115200 bd. Chunks of 256 bytes
 * then arrive within the driver's chunk timeout (request timeout + twice the line time at the baud).
 */
const CHUNK_BYTES = 256;

let sim: SimHarness;
let camera: Camera;
let statuses: ReturnType<typeof recordStatuses>;

beforeAll(async () => {
  sim = await startSimulators([
    { id: 'cam', kind: 'camera', transport: 'serial', link: 'cam', baud: 115_200 },
  ]);
  camera = new Camera({
    id: 'cam',
    link: linkTo(sim, 'cam', 115_200),
    clock: systemClock,
    logger: silentLogger,
    imageSize: SIZE.name,
    chunkBytes: CHUNK_BYTES,
    requestTimeoutMs: 500,
    baud: 115_200,
  });
  statuses = recordStatuses(camera);
  await camera.start();
  await waitFor(() => camera.health.isOnline, 'camera online');
});
afterAll(async () => {
  await camera?.stop();
  await sim?.stop();
});

/** Pixels whose red channel differs by more than the sensor grain could explain, outside the captions. */
function differingPixels(a: Snapshot, b: Snapshot): number {
  const first = decodeJpeg(a.jpeg).data;
  const second = decodeJpeg(b.jpeg).data;
  const rowBytes = SIZE.width * 4;
  let differing = 0;
  for (let i = CAPTION_ROWS * rowBytes; i < (SIZE.height - CAPTION_ROWS) * rowBytes; i += 4) {
    if (Math.abs((first[i] ?? 0) - (second[i] ?? 0)) > 100) differing++;
  }
  return differing;
}

async function expectGoodCapture(): Promise<Snapshot> {
  const snapshot = await camera.capture();
  expect(decodeJpeg(snapshot.jpeg)).toMatchObject({ width: SIZE.width, height: SIZE.height });
  return snapshot;
}

describe('Camera ↔ simulated VC0706 over serial at 115200 bd', () => {
  it('captures a whole JPEG of the configured size', async () => {
    await sim.control.setScene('cam', 'ZHANG WEI');
    const snapshot = await expectGoodCapture();
    expect(snapshot).toMatchObject({ device: 'cam', width: SIZE.width, height: SIZE.height });
    expect(snapshot.bytes).toBe(snapshot.jpeg.length);
    const { state } = await sim.control.device('cam');
    expect(state).toMatchObject({ imageSize: SIZE.name, frozen: false, captures: 1 });
  });

  it('shows a scene change in the picture', async () => {
    await sim.control.setScene('cam', 'ZHANG WEI');
    const first = await expectGoodCapture();
    const same = await expectGoodCapture();
    await sim.control.setScene('cam', 'LI NA');
    const changed = await expectGoodCapture();
    expect(differingPixels(first, changed)).toBeGreaterThan(10 * Math.max(1, differingPixels(first, same)));
  });

  it('works when every answer arrives split into small pieces', async () => {
    await sim.control.setFault('cam', 'split');
    await expectGoodCapture();
    await sim.control.setFault('cam', 'none');
  });

  it.each(['silent', 'garbage', 'corrupt'] as const)(
    'fails the capture with a typed error and goes offline when the camera is %s, then captures again',
    async (fault) => {
      await sim.control.setFault('cam', fault);
      // Each failed capture counts against the camera's health; the second one takes it offline.
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await camera.capture().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `capture while ${fault}`).toSatisfy(
          (e: unknown) => e instanceof DeviceTimeoutError || e instanceof ImageIntegrityError,
        );
      }
      await waitFor(() => !camera.health.isOnline, `offline while ${fault}`);
      expect(statuses.at(-1)).toMatchObject({ device: 'cam', kind: 'camera', online: false });
      await sim.control.setFault('cam', 'none');
      await expectGoodCapture();
      expect(camera.health.isOnline).toBe(true);
    },
  );

  it('reports the link lost on disconnect, reconnects by itself and captures', async () => {
    await sim.control.setFault('cam', 'disconnect');
    await waitFor(() => !camera.health.isOnline, 'offline after disconnect');
    expect(statuses.at(-1)?.reason).toMatch(/link lost/i);
    await sim.control.setFault('cam', 'none');
    await waitFor(() => camera.health.isOnline, 'back online after reconnect', 20_000);
    await sim.control.setScene('cam', 'AFTER RECONNECT');
    await expectGoodCapture();
    expect((await sim.control.device('cam')).state).toMatchObject({ imageSize: SIZE.name });
  });
});
