import { generateKeyPairSync } from 'node:crypto';
import type { StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { signSitePlan } from '@vaultline/shared/plan/plan-bundle';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { tamperPayload } from '../../src/scenario/bundle-tamper.ts';
import { buildDayPlan, SITES, sitePlanFor } from '../../src/scenario/day-plan.ts';
import { BROKERS } from './brokers.ts';
import { GATEWAY_ID, gatewaySide } from './gateway-side.ts';
import { startTcpProxy } from './tcp-proxy.ts';
import { TestCentre } from './test-centre.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What a new subscriber to the gateway's status gets first: the retained message. */
async function retainedStatus(url: string): Promise<StatusPayload> {
  const client = await connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const first = new Promise<StatusPayload>((resolve) =>
      client.once('message', (_topic, payload) => resolve(JSON.parse(payload.toString()) as StatusPayload)),
    );
    await client.subscribeAsync(topics.gatewayStatus(GATEWAY_ID), { qos: 1 });
    return await first;
  } finally {
    await client.endAsync(true);
  }
}

function logged(gateway: { lines: Array<Record<string, unknown>> }, message: string): number {
  return gateway.lines.filter((l) => String(l.msg).startsWith(message)).length;
}

describe.each(BROKERS)('uplink presence and plans through $name', ({ start }) => {
  async function setup(options: { autoAck: boolean }) {
    const broker = await start();
    cleanups.push(() => broker.stop());
    const proxy = await startTcpProxy(broker);
    cleanups.push(() => proxy.stop());
    const centre = await TestCentre.connect(broker.url, GATEWAY_ID, options);
    cleanups.push(() => centre.close());
    const gateway = gatewaySide(proxy.url);
    cleanups.push(() => gateway.stop());
    return { broker, proxy, centre, gateway };
  }

  it("publishes the last will when the gateway's connection is killed, then online again", async () => {
    const { proxy, centre, gateway } = await setup({ autoAck: true });
    gateway.uplink.start();
    await waitFor(() => centre.statuses.at(-1)?.online === true, 'the gateway online');
    const seen = centre.statuses.length;
    proxy.cut();
    await waitFor(() => centre.statuses.slice(seen).some((s) => !s.online), 'the last will');
    const will = centre.statuses.slice(seen).find((s) => !s.online);
    expect(will).toMatchObject({ online: false, backlog: 0, devices: {} });
    await waitFor(() => centre.statuses.at(-1)?.online === true, 'online again after reconnecting');
  });

  it('re-publishes a retained online status with the backlog after a reconnection', async () => {
    const { broker, proxy, gateway } = await setup({ autoAck: false });
    gateway.uplink.start();
    await waitFor(() => gateway.uplink.status().connected, 'connected');
    gateway.record(5, [3]);
    proxy.cut();
    await waitFor(() => gateway.uplink.status().connections >= 2, 'reconnected');
    const status = await waitFor(async () => {
      const retained = await retainedStatus(broker.url);
      return retained.online && retained.backlog === 5 ? retained : undefined;
    }, 'the retained online status with the backlog');
    expect(status.backlogDetail).toMatchObject({ count: 5, limitBytes: 256 * 1024 * 1024 });
    expect(status.backlogDetail?.bytes).toBeGreaterThan(0);
    expect(status.backlogDetail?.oldestAgeS).toBeGreaterThanOrEqual(0);
    expect(status.lastSeq).toBe(5);
  });

  it('imports a retained plan once, ignores its re-delivery, and refuses a forged one once', async () => {
    const { proxy, centre, gateway } = await setup({ autoAck: true });
    const day = buildDayPlan(Date.now());
    const plan = await sitePlanFor(day, SITES.branchA, GATEWAY_ID, gateway.encryptionPublicKey);
    const jws = await signSitePlan(plan, gateway.centrePrivateKey);
    await centre.send('plan', jws, true);
    gateway.uplink.start();
    await waitFor(() => gateway.plans.current()?.version === 1, 'the plan imported');
    proxy.cut();
    await waitFor(() => gateway.uplink.status().connections >= 2, 'reconnected');
    // The retained bundle comes again with the new connection: no second import, no refusal.
    await waitFor(() => logged(gateway, 'retained plan is the one held') >= 1, 'the re-delivery recognised');
    const accepted = () => gateway.store.events.range(1).filter((e) => e.type === 'plan.accepted');
    expect(accepted()).toHaveLength(1);
    const newer = await signSitePlan({ ...plan, version: 2 }, generateKeyPairSync('ed25519').privateKey);
    for (const forged of [newer, tamperPayload(jws)]) await centre.send('plan', forged, true);
    await waitFor(() => logged(gateway, 'plan from the centre refused') === 2, 'both forged bundles refused');
    proxy.cut();
    await waitFor(() => gateway.uplink.status().connections >= 3, 'reconnected again');
    // The retained forged bundle comes again: recognised, neither verified nor logged as refused again.
    await waitFor(() => logged(gateway, 'retained plan was refused before') >= 1, 'the re-delivery ignored');
    expect(logged(gateway, 'plan from the centre refused')).toBe(2);
    expect(gateway.plans.current()?.version).toBe(1);
    expect(accepted()).toHaveLength(1);
  });
});
