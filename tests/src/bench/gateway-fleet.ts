import { performance } from 'node:perf_hooks';
import { DEFAULT_UPLINK_SETTINGS } from '@vaultline/gateway/uplink/uplink-settings';
import { waitFor } from '../harness/wait-for.ts';
import { type CentreRig, type RigGateway, startCentreRig } from './centre-rig.ts';
import { grouped } from './measure.ts';
import { formatMemory } from './process-memory.ts';
import { RealGateway } from './real-gateway.ts';
import { benchGateway, signedChain } from './signed-chains.ts';
import { SimulatedGateway } from './simulated-gateway.ts';
import type { BenchRow } from './table.ts';

const FLEET = 1_000;
const EVENTS_EACH = 3;
const CENTRE_TARGET_MB = 400;
const GATEWAY_TARGET_MB = 150;
/** Safety net for connecting and acknowledging the whole fleet; the figures are what is reported. */
const FLEET_TIMEOUT_MS = 180_000;
const { inFlightBatches, ackTimeoutMs } = DEFAULT_UPLINK_SETTINGS;
/** Mosquitto's notice when a client's queue (`max_queued_messages`, default 1 000) overflows. */
const DROPPED = /Outgoing messages are being dropped for client/;

/**
 * Connected gateways and memory (DESIGN §8: ≥ 1 000 simulated gateways on one centre, all healthy;
 * centre RSS ≤ 400 MB at 1 000 gateways; gateway RSS ≤ 150 MB). `vaultline-center run` runs in its own
 * process, behind Mosquitto with broker-config's password and ACL files, or with its embedded aedes. A
 * thousand gateways connect at once from this process, each an MQTT client under its own registered
 * credentials: last will, retained `online` status, three signed events each through the centre's ingest,
 * status again once acknowledged. With Mosquitto, one real gateway (`vaultline-gateway run`, simulated
 * devices in their own process) goes through a whole delivery beside them. RSS is read from /proc.
 */
export async function benchGatewayFleet(broker: 'mosquitto' | 'embedded' = 'mosquitto'): Promise<BenchRow[]> {
  const fleet = Array.from({ length: FLEET }, (_, i) =>
    benchGateway(`gw-fleet-${String(i + 1).padStart(4, '0')}`),
  );
  const chains = new Map(fleet.map((g) => [g.gatewayId, signedChain(g, EVENTS_EACH)]));
  const real = broker === 'mosquitto' ? await RealGateway.provision() : undefined;
  let rig: CentreRig | undefined;
  const clients: SimulatedGateway[] = [];
  try {
    const registered: RigGateway[] = real ? [...fleet, real.registration()] : fleet;
    const provisioned = performance.now();
    rig = await startCentreRig({ broker, gateways: registered });
    const setupS = (performance.now() - provisioned) / 1000;
    const centre = rig;
    const idleCentre = centre.memory();
    await real?.start(centre);
    const started = performance.now();
    const since = () => (performance.now() - started) / 1000;
    const connected = await withTimeout(
      Promise.all(
        fleet.map(async (g) => {
          const client = await SimulatedGateway.connect(
            centre.brokerUrl,
            g.gatewayId,
            centre.password(g.gatewayId),
          );
          clients.push(client);
          return client;
        }),
      ),
      'the fleet to connect',
    );
    const connectS = since();
    await withTimeout(
      Promise.all(
        connected.map(async (client) => {
          await client.announce(EVENTS_EACH, EVENTS_EACH);
          await client.send(chains.get(client.gatewayId) ?? [], {
            batchSize: 1,
            inFlight: inFlightBatches,
            ackTimeoutMs,
          });
          await client.announce(EVENTS_EACH, 0);
        }),
      ),
      'every event of the fleet to be acknowledged',
    );
    const ackedS = since();
    const healthy = await healthyAtCentre(centre);
    const healthyS = since();
    const loadedCentre = centre.memory();
    const gatewayAfter = await real?.deliver();
    const centreAfter = centre.memory();
    const resends = clients.reduce((sum, c) => sum + c.resends, 0);
    const dropped = DROPPED.test(centre.brokerLog());
    const recovery = [
      dropped ? "Mosquitto's log: messages to the centre dropped (max_queued_messages, default 1 000)" : '',
      resends > 0 ? `${resends} gateways sent again after ${ackTimeoutMs / 1000} s without ack` : 'no resend',
    ]
      .filter(Boolean)
      .join('; ');
    const brokerName =
      broker === 'mosquitto' ? 'Mosquitto, ACL of broker-config' : 'embedded aedes, scrypt logins';
    const rows: BenchRow[] = [
      {
        benchmark: `${grouped(FLEET)} gateways connect at once (${brokerName})`,
        result: `${connectS.toFixed(1)} s until every CONNACK + SUBACK`,
        verdict: 'info',
        note: `MQTT 3.1.1, persistent sessions, last will; clients in this process; set-up (register ${grouped(registered.length)}, start the centre) ${setupS.toFixed(1)} s`,
      },
      {
        benchmark: `${grouped(FLEET)} gateways healthy at the centre (${broker})`,
        result: `${grouped(healthy)} online with events stored`,
        target: `≥ ${grouped(FLEET)}, all healthy`,
        verdict: healthy >= FLEET ? 'pass' : 'FAIL',
        note: `${grouped(FLEET * EVENTS_EACH)} signed events acked at ${ackedS.toFixed(1)} s; GET /gateways all online at ${healthyS.toFixed(1)} s (from the first connect); ${recovery}`,
      },
      {
        benchmark: `centre RSS at ${grouped(registered.length)} gateways (${broker === 'mosquitto' ? 'Mosquitto outside' : 'broker inside'})`,
        result: formatMemory(centreAfter),
        target: `≤ ${CENTRE_TARGET_MB} MB`,
        verdict: centreAfter.peakMB <= CENTRE_TARGET_MB ? 'pass' : 'FAIL',
        note: `vaultline-center run; registered, none connected: ${formatMemory(idleCentre)}; fleet healthy: ${formatMemory(loadedCentre)}${real ? "; result read after the real gateway's delivery" : ''}`,
      },
    ];
    if (gatewayAfter && real?.readyMemory) {
      rows.push({
        benchmark: 'gateway RSS, one real gateway app (vaultline-gateway run) with 6 devices',
        result: formatMemory(gatewayAfter),
        target: `≤ ${GATEWAY_TARGET_MB} MB`,
        verdict: gatewayAfter.peakMB <= GATEWAY_TARGET_MB ? 'pass' : 'FAIL',
        note: `started, plan and templates synced, online: ${formatMemory(real.readyMemory)}; result read after a whole delivery (captures, WRONG_BOX, PDF report) synced to the centre`,
      });
    }
    return rows;
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await real?.stop();
    await rig?.stop();
  }
}

/** How many fleet gateways the centre lists online, untampered, with their events stored. */
async function healthyAtCentre(centre: CentreRig): Promise<number> {
  let count = 0;
  await waitFor(
    async () => {
      const gateways = await centre.gateways();
      count = gateways.filter(
        (g) =>
          g.gatewayId.startsWith('gw-fleet-') && g.online === true && !g.tampered && g.lastSeq >= EVENTS_EACH,
      ).length;
      return count >= FLEET;
    },
    'the centre to list the fleet online with its events stored',
    30_000,
  ).catch(() => undefined);
  return count;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${FLEET_TIMEOUT_MS} ms waiting for ${what}`)),
      FLEET_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
