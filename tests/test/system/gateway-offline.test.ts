import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { retainedStatus } from '../../src/system/broker-clients.ts';
import type { LiveStreamClient } from '../../src/system/live-stream-client.ts';
import { BROKER_KINDS, type SystemGateway, SystemScenario } from '../../src/system/system-scenario.ts';

describe.each(BROKER_KINDS)('GATEWAY_OFFLINE at the centre (%s)', (broker) => {
  let system: SystemScenario;
  let branch: SystemGateway;
  let stream: LiveStreamClient;
  beforeAll(async () => {
    system = await SystemScenario.start({ broker, gateways: [{ siteId: 'BR-001' }] });
    branch = system.gateway('BR-001');
    stream = await system.api.stream();
  });
  afterAll(async () => {
    stream?.close();
    await system?.stop();
  });

  const offlineAlarms = () => system.api.alarmsOf('GATEWAY_OFFLINE', branch.gatewayId);
  const gatewayView = async () => (await system.api.gateways()).find((g) => g.gatewayId === branch.gatewayId);

  /** Waits for the offline episode number `episode` (1-based) to be raised, then for it to be cleared. */
  async function episode(episode: number, goOffline: () => Promise<void>, comeBack: () => Promise<void>) {
    await goOffline();
    const raised = await waitFor(
      async () => (await offlineAlarms()).find((a) => a.clearedAt === undefined),
      `GATEWAY_OFFLINE episode ${episode}`,
    );
    expect(raised).toMatchObject({ state: 'raised', source: 'centre', siteId: 'BR-001' });
    expect(await gatewayView()).toMatchObject({ online: false });
    await comeBack();
    const cleared = await waitFor(
      async () => (await offlineAlarms()).find((a) => a.alarmId === raised.alarmId && a.clearedAt),
      `GATEWAY_OFFLINE episode ${episode} cleared`,
    );
    expect(cleared.clearReason).toBe('gateway back online');
    expect(await gatewayView()).toMatchObject({ online: true });
    expect(await offlineAlarms()).toHaveLength(episode);
  }

  it("raises it from the gateway's last will when its connection dies, and clears it when it is back", async () => {
    await episode(
      1,
      async () => {
        branch.link.down();
        // What the broker now holds for anyone who asks: the will, retained.
        const status = await waitFor(async () => {
          const retained = await retainedStatus(
            system.brokerUrl,
            system.centreLogin,
            topics.gatewayStatus(branch.gatewayId),
          );
          return !retained.online && retained;
        }, 'the retained last will');
        expect(status).toMatchObject({ online: false, devices: expect.any(Object) });
      },
      async () => branch.link.restore(),
    );
    const changes = stream.alarms('GATEWAY_OFFLINE').map((e) => e.change);
    expect(changes).toEqual(['raised', 'cleared']);
  });

  it('raises it when the gateway is shut down, and clears it when the gateway runs again', async () => {
    const { scenario } = branch;
    await episode(
      2,
      async () => {
        await scenario.app?.stop();
        scenario.app = undefined;
      },
      async () => {
        await scenario.startGateway();
      },
    );
    expect(stream.alarms('GATEWAY_OFFLINE').map((e) => e.change)).toEqual([
      'raised',
      'cleared',
      'raised',
      'cleared',
    ]);
  });
});
