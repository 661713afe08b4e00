import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EventItem } from '@vaultline/gateway/store/event-log';
import { type GatewayStore, openGatewayStore } from '@vaultline/gateway/store/open-store';
import { MqttUplink } from '@vaultline/gateway/uplink/mqtt-uplink';
import { DEFAULT_UPLINK_SETTINGS } from '@vaultline/gateway/uplink/uplink-settings';
import { silentLogger, systemClock } from '@vaultline/shared';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';
import { waitFor } from '../harness/wait-for.ts';
import { type CentreRig, startCentreRig } from './centre-rig.ts';
import { grouped } from './measure.ts';
import { type BenchGateway, benchGateway, boxScanBody } from './signed-chains.ts';
import type { BenchRow } from './table.ts';

const EVENTS = 100_000;
const TARGET_S = 30;
/** Events per append while offline: one transaction each, only to keep the set-up short. */
const APPEND_CHUNK = 1_000;
/** Safety net for the drain; the measured figure is reported whatever it is below this. */
const DRAIN_TIMEOUT_MS = 300_000;

/**
 * Offline catch-up (DESIGN §8: 100 000 buffered events drained in ≤ 30 s): a gateway's durable outbox
 * (its real EventLog in SQLite, every event signed with its key) holds 100 000 events written while it
 * could not reach the broker. Its real uplink (default settings) then connects through Mosquitto to
 * `vaultline-center run` in its own process, and drains: catch-up batches, the centre's verify-store-ack,
 * acks written back to the outbox. Timed from the uplink's start to the centre's ack of the last event,
 * and to an empty outbox at the gateway.
 */
export async function benchOfflineCatchUp(): Promise<BenchRow[]> {
  const gateway = benchGateway('gw-catch-up');
  const dir = mkdtempSync(join(tmpdir(), 'vl-bench-catch-up-'));
  let rig: CentreRig | undefined;
  let store: GatewayStore | undefined;
  let uplink: MqttUplink | undefined;
  try {
    rig = await startCentreRig({ broker: 'mosquitto', gateways: [gateway] });
    store = openGatewayStore(join(dir, 'gateway.db'));
    const appendStarted = performance.now();
    fillOutbox(store, gateway);
    const appendS = (performance.now() - appendStarted) / 1000;
    const backlog = store.events.backlog();
    const outbox = store.events;
    uplink = new MqttUplink({
      gatewayId: gateway.gatewayId,
      brokerUrl: rig.brokerUrl,
      password: rig.password(gateway.gatewayId),
      outbox,
      plans: {
        heldJws: () => undefined,
        heldVersion: () => null,
        importBundle: () => Promise.reject(new Error('the benchmark gateway takes no plans')),
      },
      devices: () => [],
      clock: systemClock,
      logger: silentLogger,
    });
    const link = uplink;
    const started = performance.now();
    link.start();
    await waitFor(
      () => link.status().ackedUpTo >= EVENTS,
      'the centre to acknowledge every event',
      DRAIN_TIMEOUT_MS,
    );
    const ackedS = (performance.now() - started) / 1000;
    await waitFor(() => outbox.backlog().count === 0, 'the outbox to empty', 10_000);
    const drainedS = (performance.now() - started) / 1000;
    const centre = rig;
    const head = (await centre.gateways())[0];
    const complete = head?.lastSeq === EVENTS && !head.tampered;
    const { batchSize, inFlightBatches } = DEFAULT_UPLINK_SETTINGS;
    return [
      {
        benchmark: `offline catch-up of ${grouped(EVENTS)} events through Mosquitto`,
        result: `${ackedS.toFixed(1)} s (${grouped(EVENTS / ackedS)} events/s)`,
        target: `≤ ${TARGET_S} s`,
        verdict: complete && ackedS <= TARGET_S ? 'pass' : 'FAIL',
        note: [
          `uplink start → centre's ack of seq ${grouped(EVENTS)}; outbox empty at ${drainedS.toFixed(1)} s`,
          `${(backlog.bytes / 1e6).toFixed(0)} MB of envelopes, batches of ${batchSize}, ${inFlightBatches} in flight`,
          complete ? `centre holds seq 1…${grouped(EVENTS)}` : `INCOMPLETE: centre head ${head?.lastSeq}`,
          `outbox filled (signed, synchronous=FULL) in ${appendS.toFixed(1)} s beforehand`,
        ].join('; '),
      },
    ];
  } finally {
    // The centre goes first: no ack can then reach the uplink while it is stopping.
    await rig?.stop();
    await uplink?.stop();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 100 000 box scans of a long outage, one every 2 s, appended and signed by the gateway's own EventLog. */
function fillOutbox(store: GatewayStore, gateway: BenchGateway): void {
  const signer = {
    gatewayId: gateway.gatewayId,
    privateKey: gateway.privateKey,
    newId: createUlidGenerator(),
  };
  const startMs = Date.now() - EVENTS * 2_000;
  for (let first = 1; first <= EVENTS; first += APPEND_CHUNK) {
    const items: EventItem[] = [];
    for (let n = first; n < first + APPEND_CHUNK && n <= EVENTS; n++) {
      items.push({ type: 'box.scanned', ts: startMs + n * 2_000, body: boxScanBody(gateway.gatewayId, n) });
    }
    store.events.append(items, signer);
  }
}
