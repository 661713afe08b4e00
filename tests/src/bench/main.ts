import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runCameraLineRate } from './camera-line-rate.ts';
import { runDecisionLatency } from './decision-latency.ts';
import { runFramerThroughput } from './framer-throughput.ts';
import { runHandoverOverhead } from './handover-overhead.ts';
import { benchRouteDeviation } from './route-deviation.ts';
import { machineDescription, printTable } from './table.ts';

/**
 * `pnpm bench`: every benchmark in sequence, one table each on stdout (docs/BENCHMARKS.md explains them).
 * Benchmarks report figures against the DESIGN.md §8 targets and never assert; a missed target is a
 * FAIL in its table, not an exit code. Only a benchmark that cannot run at all sets a non-zero exit code.
 */
const BENCHMARKS: ReadonlyArray<{ name: string; run: () => unknown }> = [
  { name: 'framer throughput', run: runFramerThroughput },
  { name: 'serial camera line rate', run: runCameraLineRate },
  { name: 'gateway decision latency', run: () => runDecisionLatency() },
  { name: 'hand-over overhead', run: runHandoverOverhead },
  {
    name: 'route deviation',
    run: () => printTable('Centre route-deviation rules (5 000 vehicles at 1 Hz)', benchRouteDeviation()),
  },
];

const out = (text: string) => process.stdout.write(`${text}\n`);

out('# Vaultline benchmarks');
out('');
out(`Machine: ${machineDescription()}`);
// Other processes on the machine skew every figure: the load before the run says how quiet it was.
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
out(`Run: ${new Date().toISOString()}, load average ${load}`);
const started = performance.now();
for (const bench of BENCHMARKS) {
  const benchStarted = performance.now();
  try {
    await bench.run();
    out(`\n(${bench.name}: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s)`);
  } catch (error) {
    process.exitCode = 1;
    out(
      `\n### ${bench.name}: could not run\n\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}
out(`\nAll benchmarks: ${((performance.now() - started) / 1000).toFixed(1)} s`);
