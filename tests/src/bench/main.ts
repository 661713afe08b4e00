import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchAlarmLatency } from './alarm-latency.ts';
import { runCameraLineRate } from './camera-line-rate.ts';
import { runDecisionLatency } from './decision-latency.ts';
import { runFramerThroughput } from './framer-throughput.ts';
import { benchGatewayFleet } from './gateway-fleet.ts';
import { runHandoverOverhead } from './handover-overhead.ts';
import { benchIngestThroughput } from './ingest-throughput.ts';
import { benchOfflineCatchUp } from './offline-catch-up.ts';
import { benchRouteDeviation } from './route-deviation.ts';
import { machineDescription, printTable } from './table.ts';

/**
 * `pnpm bench`: every benchmark in sequence, one table each on stdout (docs/BENCHMARKS.md explains them).
 * Benchmarks report figures against the DESIGN.md §8 targets and never assert; a missed target is a
 * FAIL in its table, not an exit code. Only a benchmark that cannot run at all sets a non-zero exit code.
 * `pnpm bench <word>…` runs only the benchmarks whose name contains one of the words; `optional` ones
 * (minutes of set-up) run only when named that way.
 */
const BENCHMARKS: ReadonlyArray<{ name: string; run: () => unknown; optional?: boolean }> = [
  { name: 'framer throughput', run: runFramerThroughput },
  { name: 'serial camera line rate', run: runCameraLineRate },
  { name: 'gateway decision latency', run: () => runDecisionLatency() },
  { name: 'hand-over overhead', run: runHandoverOverhead },
  {
    name: 'route deviation',
    run: () => printTable('Centre route-deviation rules (5 000 vehicles at 1 Hz)', benchRouteDeviation()),
  },
  {
    name: 'centre ingest',
    run: async () =>
      printTable(
        'Centre ingest: signed events verified, chained, stored, deduplicated',
        await benchIngestThroughput(),
      ),
  },
  {
    name: 'alarm latency',
    run: async () =>
      printTable(
        'End-to-end alarm latency: WRONG_BOX at a gateway → centre live stream',
        await benchAlarmLatency(),
      ),
  },
  {
    name: 'offline catch-up',
    run: async () => printTable('Offline catch-up: 100 000 buffered events', await benchOfflineCatchUp()),
  },
  {
    name: 'gateway fleet (Mosquitto)',
    run: async () =>
      printTable(
        '1 000 gateways on one centre (Mosquitto), centre and gateway RSS',
        await benchGatewayFleet(),
      ),
  },
  {
    name: 'gateway fleet (embedded broker)',
    optional: true,
    run: async () =>
      printTable(
        '1 000 gateways on one centre (embedded aedes), centre RSS',
        await benchGatewayFleet('embedded'),
      ),
  },
];

const wanted = process.argv.slice(2).filter((word) => word !== '--');
const selected = BENCHMARKS.filter((bench) =>
  wanted.length === 0 ? !bench.optional : wanted.some((word) => bench.name.includes(word)),
);
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
if (selected.length === 0) {
  process.exitCode = 1;
  out(`\nNo benchmark matches ${wanted.join(' ')}; names: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
}
for (const bench of selected) {
  const benchStarted = performance.now();
  const loadBefore = loadavg()[0]?.toFixed(2);
  try {
    await bench.run();
    const seconds = ((performance.now() - benchStarted) / 1000).toFixed(1);
    out(`\n(${bench.name}: ${seconds} s; 1-minute load average ${loadBefore} when it started)`);
  } catch (error) {
    process.exitCode = 1;
    out(
      `\n### ${bench.name}: could not run\n\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}
out(`\nAll benchmarks: ${((performance.now() - started) / 1000).toFixed(1)} s`);
