import { performance } from 'node:perf_hooks';
import { DEFAULT_UPLINK_SETTINGS } from '@vaultline/gateway/uplink/uplink-settings';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { startCentreRig } from './centre-rig.ts';
import { grouped } from './measure.ts';
import type { BenchGateway } from './signed-chains.ts';
import { SimulatedGateway } from './simulated-gateway.ts';
import type { BenchRow } from './table.ts';

const TARGET_PER_S = 10_000;

/**
 * The same signed chains end to end: each gateway an MQTT client in this process publishing catch-up
 * batches (the uplink's batch size and window) through Mosquitto to `vaultline-center run` in its own
 * process, which verifies, stores (synchronous=FULL) and acknowledges. Timed from the first publish to
 * the last gateway's final ack; the centre's head of every gateway is checked through its API.
 */
export async function ingestOverBroker(
  gateways: readonly BenchGateway[],
  chains: ReadonlyMap<string, EventEnvelope[]>,
): Promise<BenchRow> {
  const rig = await startCentreRig({ broker: 'mosquitto', gateways });
  const clients: SimulatedGateway[] = [];
  try {
    for (const g of gateways)
      clients.push(await SimulatedGateway.connect(rig.brokerUrl, g.gatewayId, rig.password(g.gatewayId)));
    const { batchSize, inFlightBatches, ackTimeoutMs } = DEFAULT_UPLINK_SETTINGS;
    const started = performance.now();
    await Promise.all(
      clients.map((client) =>
        client.send(chains.get(client.gatewayId) ?? [], {
          batchSize,
          inFlight: inFlightBatches,
          ackTimeoutMs,
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = gateways.reduce((sum, g) => sum + (chains.get(g.gatewayId)?.length ?? 0), 0);
    const heads = await rig.gateways();
    const complete = gateways.every(
      (g) => heads.find((h) => h.gatewayId === g.gatewayId)?.lastSeq === chains.get(g.gatewayId)?.length,
    );
    const resends = clients.reduce((sum, c) => sum + c.resends, 0);
    const perSecond = total / seconds;
    return {
      benchmark: 'ingest, catch-up batches through Mosquitto (centre in its own process)',
      result: `${grouped(perSecond)} events/s`,
      target: `≥ ${grouped(TARGET_PER_S)} events/s`,
      verdict: complete && perSecond >= TARGET_PER_S ? 'pass' : 'FAIL',
      note: [
        `${gateways.length} gateways × ${grouped(total / gateways.length)} events, batches of ${batchSize}, ${inFlightBatches} in flight, ${seconds.toFixed(2)} s`,
        complete ? 'every head checked at the centre' : 'INCOMPLETE at the centre',
        resends > 0 ? `${resends} resend rounds` : 'no resend',
      ].join('; '),
    };
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await rig.stop();
  }
}
