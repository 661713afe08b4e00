import { R30xFramer } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-framer';
import { waitFor } from '../harness/wait-for.ts';
import { fingerOf } from '../scenario/day-plan.ts';
import { GatewayScenario } from '../scenario/gateway-scenario.ts';
import { type BenchRow, printTable } from './table.ts';

const TRIALS = 1_000;
const TARGET_P99_MS = 5;
/** LCUS "energise channel 1" (relay-lcus.md §2): the door strike of door 1 is released. */
const ENERGISE_DOOR_1 = [0xa0, 0x01, 0x01, 0xa2];

/**
 * Gateway decision latency (DESIGN §8): from the fingerprint module's Search-OK answer arriving on the
 * serial port to the door relay command being written, through the real gateway (driver, engine, SQLite
 * commit with synchronous=FULL, effects). Each trial: the vehicle arrives, the first escort is already
 * verified, the second places his finger; the door opens on his match (photo check `advisory`, so the
 * match itself is the last condition). Measured with the high-resolution clock inside the gateway process.
 */
export async function runDecisionLatency(trials = TRIALS): Promise<BenchRow[]> {
  const scenario = await GatewayScenario.start({
    siteId: 'BR-001',
    engine: { photoCheck: 'advisory' },
    fingerprintPollMs: 10,
    simulatorProcess: true,
  });
  try {
    const app = scenario.app!;
    const fingerprintLink = app.devices.links.get('fp-door')!;
    const relayLink = app.devices.links.get('mantrap.relay')!;
    const door = app.devices.doors.get('mantrap')!;
    let searchOkAt: bigint | undefined;
    const latencies: number[] = [];
    // Our own framer on the same byte stream, to stamp the instant the Search-OK packet is complete.
    const framer = new R30xFramer();
    fingerprintLink.transport.onData((chunk) => {
      for (const packet of framer.push(chunk)) {
        if (packet.pid === 0x07 && packet.payload.length === 5 && packet.payload[0] === 0x00)
          searchOkAt = process.hrtime.bigint();
      }
    });
    const write = relayLink.transport.write.bind(relayLink.transport);
    relayLink.transport.write = (bytes: Uint8Array) => {
      if (searchOkAt !== undefined && bytes.length === 4 && bytes.every((b, i) => b === ENERGISE_DOOR_1[i])) {
        latencies.push(Number(process.hrtime.bigint() - searchOkAt) / 1e6);
        searchOkAt = undefined;
      }
      return write(bytes);
    };
    for (let trial = 0; trial < trials; trial++) {
      const before = latencies.length;
      app.service.dispatch({ type: 'manual-arrival', vehicleId: 'V1', by: 'bench' });
      app.service.dispatch({
        type: 'finger',
        reader: 'fp-door',
        outcome: 'matched',
        personId: 'E1001',
        score: 200,
      });
      await scenario.sim.control.placeFinger('fp-door', fingerOf('E1002'));
      await waitFor(() => latencies.length > before, `door decision in trial ${trial}`);
      await scenario.sim.control.placeFinger('fp-door', null);
      app.service.dispatch({ type: 'abort', reason: 'benchmark trial done', by: 'bench' });
      await door.lock(1);
      // The relay board takes one frame per 100 ms (relay-lcus.md §2); let the re-lock frame clear first,
      // and let the reader see the finger lifted.
      await new Promise((resolve) => setTimeout(resolve, 130));
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
    const p99 = pct(99);
    const rows: BenchRow[] = [
      {
        benchmark: `decision latency, ${latencies.length} trials`,
        result: `p50 ${pct(50).toFixed(2)} ms · p99 ${p99.toFixed(2)} ms · max ${(latencies.at(-1) ?? Number.NaN).toFixed(2)} ms`,
        target: `p99 ≤ ${TARGET_P99_MS} ms`,
        verdict: p99 <= TARGET_P99_MS ? 'pass' : 'FAIL',
        note: 'Search-OK frame in → relay energise frame written; includes engine step and SQLite commit (synchronous=FULL)',
      },
    ];
    printTable('Gateway decision latency (fingerprint match → door relay)', rows);
    return rows;
  } finally {
    await scenario.stop();
  }
}
