import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IngestService } from '@vaultline/center/ingest/ingest-service';
import type { IngestPublisher } from '@vaultline/center/ingest/ingest-types';
import { openCentreStore } from '@vaultline/center/store/open-store';
import { DEFAULT_UPLINK_SETTINGS } from '@vaultline/gateway/uplink/uplink-settings';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { parseTopic } from '@vaultline/shared/contract/mqtt-topics';
import { ingestOverBroker } from './ingest-over-broker.ts';
import { grouped } from './measure.ts';
import { type BenchGateway, benchGateway, signedChain } from './signed-chains.ts';
import type { BenchRow } from './table.ts';

const GATEWAYS = 8;
const TARGET_PER_S = 10_000;
/** Every 20th message arrives twice (QoS 1 redelivery, a resend after an ack timeout): 5 % duplicates. */
const REDELIVER_EVERY = 20;
const { batchSize, inFlightBatches } = DEFAULT_UPLINK_SETTINGS;

interface Mix {
  name: string;
  /** Sizes of a gateway's consecutive messages, repeated: 1 = a lone envelope, more = a JSON array. */
  sizes: number[];
  eventsPerGateway: number;
  /** Whether the ≥ 10 000/s target applies (a lone event needs its own signature check, DESIGN §7). */
  targeted: boolean;
}

const MIXES: Mix[] = [
  { name: 'catch-up batches', sizes: [batchSize], eventsPerGateway: 4_000, targeted: true },
  {
    name: 'mixed (80 % in batches, 20 % single)',
    sizes: [160, ...Array<number>(40).fill(1)],
    eventsPerGateway: 2_000,
    targeted: true,
  },
  { name: 'live single events', sizes: [1], eventsPerGateway: 750, targeted: false },
];

/**
 * Centre ingest (DESIGN §8: ≥ 10 000 events/s sustained on 2 cores): real Ed25519-signed chains of 8
 * gateways through `IngestService.receive` — schema check, signature and hash links, chain head, SQLite
 * append (WAL, synchronous=FULL, group commit) and the `ack` — with no broker. Each gateway is a closed
 * loop as the uplink runs it: `inFlightBatches` messages outstanding, the next one sent when the centre's
 * ack arrives. One fresh store file per mix. Then the catch-up mix again end to end through Mosquitto.
 */
export async function benchIngestThroughput(): Promise<BenchRow[]> {
  const gateways = Array.from({ length: GATEWAYS }, (_, i) => benchGateway(`gw-ingest-${i + 1}`));
  const longest = Math.max(...MIXES.map((m) => m.eventsPerGateway));
  const generated = performance.now();
  const chains = new Map(gateways.map((g) => [g.gatewayId, signedChain(g, longest)]));
  const generationS = (performance.now() - generated) / 1000;
  const rows: BenchRow[] = [];
  for (const mix of MIXES) rows.push(await runMix(gateways, chains, mix));
  rows.push(await ingestOverBroker(gateways, chains));
  const first = rows[0];
  if (first) first.note = `${first.note}; chains generated in ${generationS.toFixed(1)} s beforehand`;
  return rows;
}

/** One gateway's messages of a mix, encoded up front: the encoding is the gateway's work, not the centre's. */
function messagesOf(chain: EventEnvelope[], mix: Mix): Array<{ lastSeq: number; payload: Buffer }> {
  const messages: Array<{ lastSeq: number; payload: Buffer }> = [];
  for (let next = 0, i = 0; next < mix.eventsPerGateway; i++) {
    const size = Math.min(mix.sizes[i % mix.sizes.length] ?? 1, mix.eventsPerGateway - next);
    const part = chain.slice(next, next + size);
    const json = size === 1 ? JSON.stringify(part[0]) : JSON.stringify(part);
    messages.push({ lastSeq: part.at(-1)?.seq ?? 0, payload: Buffer.from(json) });
    next += size;
  }
  return messages;
}

async function runMix(
  gateways: BenchGateway[],
  chains: Map<string, EventEnvelope[]>,
  mix: Mix,
): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'vl-bench-ingest-'));
  const store = openCentreStore(join(dir, 'center.db'));
  try {
    for (const g of gateways)
      store.gateways.register({ gatewayId: g.gatewayId, siteId: g.siteId, publicKey: g.publicKey });
    const loops = new Map<string, (upToSeq: number) => void>();
    const publisher: IngestPublisher = {
      publish: async (topic, payload) => {
        const parsed = parseTopic(topic);
        if (parsed?.kind === 'ack') loops.get(parsed.gatewayId)?.(JSON.parse(payload).upToSeq);
      },
    };
    const service = new IngestService({
      registry: store.gateways,
      events: store.events,
      publisher,
      transaction: (fn) => store.transaction(fn),
    });
    let messageCount = 0;
    let redelivered = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      gateways.map(
        (g) =>
          new Promise<void>((done) => {
            const messages = messagesOf(chains.get(g.gatewayId) ?? [], mix);
            messageCount += messages.length;
            let next = 0;
            let outstanding: number[] = [];
            const pump = () => {
              while (outstanding.length < inFlightBatches && next < messages.length) {
                const message = messages[next++]!;
                void service.receive(g.gatewayId, message.payload);
                if (next % REDELIVER_EVERY === 0) {
                  void service.receive(g.gatewayId, message.payload);
                  redelivered += 1;
                }
                outstanding.push(message.lastSeq);
              }
            };
            loops.set(g.gatewayId, (upToSeq) => {
              outstanding = outstanding.filter((last) => last > upToSeq);
              if (upToSeq >= mix.eventsPerGateway) done();
              else pump();
            });
            pump();
          }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuS = cpuSeconds(process.cpuUsage(cpu));
    const total = GATEWAYS * mix.eventsPerGateway;
    const metrics = service.metrics();
    const complete =
      metrics.stored === total &&
      metrics.tampered === 0 &&
      metrics.invalid === 0 &&
      gateways.every((g) => store.events.head(g.gatewayId).lastSeq === mix.eventsPerGateway);
    const perSecond = total / seconds;
    const verdict = !complete ? 'FAIL' : !mix.targeted ? 'info' : perSecond >= TARGET_PER_S ? 'pass' : 'FAIL';
    return {
      benchmark: `ingest, ${mix.name}`,
      result: `${grouped(perSecond)} events/s`,
      target: mix.targeted ? `≥ ${grouped(TARGET_PER_S)} events/s` : 'none (one signature per event)',
      verdict,
      note: [
        `${GATEWAYS} gateways × ${grouped(mix.eventsPerGateway)} events in ${grouped(messageCount)} messages, ${seconds.toFixed(2)} s`,
        `${grouped(metrics.duplicates)} redelivered envelopes (${redelivered} messages) dropped as duplicates`,
        `${((cpuS * 1e6) / total).toFixed(0)} µs CPU per event`,
        complete ? 'every event stored once' : `INCOMPLETE: stored ${metrics.stored} of ${total}`,
      ].join('; '),
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}
