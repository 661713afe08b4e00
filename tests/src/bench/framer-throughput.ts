import {
  lcusBoardStatus,
  lcusGatewayCommands,
  modbusRequests,
  modbusResponses,
  nmeaFeed,
} from './door-gps-sessions.ts';
import { type FramerBench, framerBench } from './framer-streams.ts';
import { grouped, timePasses } from './measure.ts';
import {
  em4100Cards,
  r30xGatewayCommands,
  r30xModuleReplies,
  r2000Inventory,
  vc0706Captures,
} from './reader-sessions.ts';
import { printGrid } from './table.ts';

/** A serial port's `data` events carry what arrived since the last read; 64 bytes is typical at 115 200 baud. */
export const READ_BYTES = 64;

export interface FramerResult {
  name: string;
  mix: string;
  framesPerSecond: number;
  bestFramesPerSecond: number;
  megabytesPerSecond: number;
  /** Empty when the framer yielded every frame of the stream and reported nothing bad. */
  problem: string;
}

/** Every protocol framer of the device layer, each fed its own realistic session. */
export function framerBenches(readBytes = READ_BYTES): FramerBench[] {
  return [
    framerBench(r30xModuleReplies(readBytes)),
    framerBench(r30xGatewayCommands(readBytes)),
    framerBench(r2000Inventory(readBytes)),
    framerBench(em4100Cards(readBytes)),
    framerBench(vc0706Captures(readBytes)),
    framerBench(lcusGatewayCommands(readBytes)),
    framerBench(lcusBoardStatus(readBytes)),
    framerBench(modbusRequests(readBytes)),
    framerBench(modbusResponses(readBytes)),
    framerBench(nmeaFeed(readBytes)),
  ];
}

/** Checks one pass (every frame found, nothing reported bad), then times the framer on the stream. */
export function measureFramer(bench: FramerBench): FramerResult {
  const check = bench.pass();
  const problems = [
    check.frames !== bench.frames ? `yielded ${check.frames} of ${bench.frames} frames` : '',
    check.errors > 0 ? `${check.errors} framing errors on a clean stream` : '',
  ].filter(Boolean);
  const times = timePasses(() => bench.pass());
  const perSecond = (count: number, ms: number) => (count * 1000) / ms;
  return {
    name: bench.name,
    mix: bench.mix,
    framesPerSecond: perSecond(bench.frames, times.median),
    bestFramesPerSecond: perSecond(bench.frames, times.best),
    megabytesPerSecond: perSecond(bench.bytes, times.median) / 1e6,
    problem: problems.join('; '),
  };
}

/** Runs every framer bench and prints one table. */
export function runFramerThroughput(): FramerResult[] {
  const results = framerBenches().map(measureFramer);
  printGrid(
    `Framer throughput (${READ_BYTES}-byte reads; median of 7 timed runs after warm-up; MB = 10⁶ bytes)`,
    ['framer (stream it reads)', 'frames/s', 'MB/s', 'best frames/s', 'check', 'session'],
    results.map((r) => [
      r.name,
      grouped(r.framesPerSecond),
      r.megabytesPerSecond.toFixed(1),
      grouped(r.bestFramesPerSecond),
      r.problem || 'all frames, no errors',
      r.mix,
    ]),
  );
  return results;
}
