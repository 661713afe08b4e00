import { performance } from 'node:perf_hooks';
import { decodeJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import { Camera, DEFAULT_CHUNK_BYTES } from '@vaultline/gateway/devices/camera/camera';
import { silentLogger, systemClock } from '@vaultline/shared';
import { linkTo } from '../harness/gateway-links.ts';
import { type SimHarness, startSimulators } from '../harness/sim-harness.ts';
import { waitFor } from '../harness/wait-for.ts';
import { grouped, median } from './measure.ts';
import { printGrid } from './table.ts';

/** DESIGN.md §8: JPEG download at ≥ 90 % of the line rate at 115 200 baud. */
export const CAMERA_BAUD = 115_200;
export const TARGET_PERCENT = 90;
/** 8N1: start bit, 8 data bits, stop bit (camera-vc0706.md §1). */
const BITS_PER_BYTE = 10;
export const LINE_BYTES_PER_SECOND = CAMERA_BAUD / BITS_PER_BYTE;

/** READ_FBUF chunk sizes compared; the target applies to the Camera driver's default. */
export const CHUNK_SIZES = [...new Set([256, 1024, DEFAULT_CHUNK_BYTES])].sort((a, b) => a - b);
const WARMUP_CAPTURES = 1;
const CAPTURES = 3;
/** The 5-byte header and trailer around each chunk (§4) and the 16-byte READ_FBUF command itself. */
const MARKER_BYTES = 2 * 5;
const COMMAND_BYTES = 16;

export interface CameraResult {
  chunkBytes: number;
  imageBytes: number;
  /** Median over the measured captures of image bytes per second during the READ_FBUF loop. */
  downloadBytesPerSecond: number;
  downloadPercent: number;
  /** Median wall time of `capture()`: freeze, length, download, resume. */
  captureMs: number;
  capturePercent: number;
  /** Share of line time left for image bytes once markers and commands are paid (no processing time). */
  protocolCeilingPercent: number;
  /** Empty when every capture decoded as a 320 × 240 JPEG. */
  problem: string;
}

/**
 * The gateway Camera driver over a real serial port (socat pty pair) to the simulated VC0706 camera in
 * realistic timing: the simulator paces its bytes at 115 200 baud and keeps the camera's processing
 * delays. Each chunk size gets its own Camera (the chunk size is fixed per driver), set up once
 * (reset + boot banner), then one warm-up capture and three measured ones.
 */
export async function runCameraLineRate(): Promise<CameraResult[]> {
  const sim = await startSimulators(
    [{ id: 'cam', kind: 'camera', transport: 'serial', link: 'cam', baud: CAMERA_BAUD }],
    { timing: 'realistic' },
  );
  const results: CameraResult[] = [];
  try {
    await sim.control.setScene('cam', 'ZHANG WEI');
    for (const chunkBytes of CHUNK_SIZES) results.push(await measureChunkSize(sim, chunkBytes));
  } finally {
    await sim.stop();
  }
  printCameraTable(results);
  return results;
}

async function measureChunkSize(sim: SimHarness, chunkBytes: number): Promise<CameraResult> {
  const camera = new Camera({
    id: 'cam',
    link: linkTo(sim, 'cam', CAMERA_BAUD),
    clock: systemClock,
    logger: silentLogger,
    chunkBytes,
    baud: CAMERA_BAUD,
  });
  try {
    await camera.start();
    await waitFor(() => camera.health.isOnline, 'camera online', 10_000);
    for (let i = 0; i < WARMUP_CAPTURES; i++) await camera.capture();
    const rates: number[] = [];
    const wallMs: number[] = [];
    const sizes: number[] = [];
    const problems: string[] = [];
    for (let i = 0; i < CAPTURES; i++) {
      const started = performance.now();
      const snapshot = await camera.capture();
      wallMs.push(performance.now() - started);
      rates.push(snapshot.bytesPerSecond);
      sizes.push(snapshot.bytes);
      const { width, height } = decodeJpeg(snapshot.jpeg);
      if (width !== 320 || height !== 240) problems.push(`capture ${i + 1} decoded as ${width}×${height}`);
    }
    const imageBytes = median([...sizes].sort((a, b) => a - b));
    const downloadBytesPerSecond = median(rates.sort((a, b) => a - b));
    const captureMs = median(wallMs.sort((a, b) => a - b));
    const chunks = Math.ceil(imageBytes / chunkBytes);
    const lineBytes = imageBytes + chunks * (MARKER_BYTES + COMMAND_BYTES);
    return {
      chunkBytes,
      imageBytes,
      downloadBytesPerSecond,
      downloadPercent: (100 * downloadBytesPerSecond) / LINE_BYTES_PER_SECOND,
      captureMs,
      capturePercent: (100 * imageBytes) / (captureMs / 1000) / LINE_BYTES_PER_SECOND,
      protocolCeilingPercent: (100 * imageBytes) / lineBytes,
      problem: problems.join('; '),
    };
  } finally {
    await camera.stop();
  }
}

function printCameraTable(results: readonly CameraResult[]): void {
  printGrid(
    `Serial camera: JPEG download vs line rate (${grouped(CAMERA_BAUD)} baud = ${grouped(LINE_BYTES_PER_SECOND)} B/s, 8N1; real pty, realistic simulator timing)`,
    [
      'READ_FBUF chunk',
      'JPEG bytes',
      'download B/s',
      '% of line rate',
      'protocol ceiling',
      'capture time',
      'whole capture',
      'target',
      'verdict',
    ],
    results.map((r) => {
      const applies = r.chunkBytes === DEFAULT_CHUNK_BYTES;
      const met = r.downloadPercent >= TARGET_PERCENT && !r.problem;
      return [
        `${grouped(r.chunkBytes)} B${applies ? ' (driver default)' : ''}`,
        grouped(r.imageBytes),
        grouped(r.downloadBytesPerSecond),
        `${r.downloadPercent.toFixed(1)} %`,
        `${r.protocolCeilingPercent.toFixed(1)} %`,
        `${grouped(r.captureMs)} ms`,
        `${r.capturePercent.toFixed(1)} %`,
        applies ? `≥ ${TARGET_PERCENT} %` : '',
        r.problem ? `FAIL (${r.problem})` : applies ? (met ? 'pass' : 'FAIL') : 'info',
      ];
    }),
  );
}
