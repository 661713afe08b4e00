import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { readEvents } from '../../src/scenario/gateway-db.ts';
import { deliveryWithWrongBox, recordSyntheticEvents } from '../../src/system/branch-day.ts';
import { BrokerTap, retainedStatus } from '../../src/system/broker-clients.ts';
import { BROKER_KINDS, SystemScenario } from '../../src/system/system-scenario.ts';

/**
 * DESIGN §9 "broker outage of any length", in seconds rather than the ten minutes: what an
 * outage's length changes is the size of the backlog, so the gateway also records a few thousand events
 * of its own while cut off. The branch's line goes down first (the broker publishes the last will), then
 * the broker itself: Mosquitto's process is stopped, and the embedded broker goes down with the centre
 * that holds it.
 */
const SYNTHETIC_EVENTS = 3_000;

let system: SystemScenario | undefined;
let tap: BrokerTap | undefined;
afterEach(async () => {
  await tap?.close();
  await system?.stop();
  tap = undefined;
  system = undefined;
});

describe.each(BROKER_KINDS)('a broker outage while hand-overs go on (%s)', (broker) => {
  it('announces the gateway offline, then delivers every record once and in order, the alarm first', async () => {
    const sys = await SystemScenario.start({ broker, gateways: [{ siteId: 'BR-001' }] });
    system = sys;
    const { gatewayId, scenario, link } = sys.gateway('BR-001');
    await sys.synced(gatewayId);
    const statusTopic = topics.gatewayStatus(gatewayId);
    tap = await BrokerTap.open(sys.brokerUrl, sys.centreLogin, [topics.gatewayEvents(gatewayId)]);

    link.down();
    const offline = await waitFor(
      async () => (await sys.api.alarmsOf('GATEWAY_OFFLINE', gatewayId))[0],
      'GATEWAY_OFFLINE at the centre',
    );
    expect(offline).toMatchObject({ state: 'raised', siteId: 'BR-001', source: 'centre' });
    expect(await retainedStatus(sys.brokerUrl, sys.centreLogin, statusTopic)).toMatchObject({
      online: false,
    });
    await sys.stopBroker();

    const outbox = scenario.app!.store.events;
    const before = outbox.lastSeq();
    const { alarm, completed } = await deliveryWithWrongBox(scenario);
    recordSyntheticEvents(scenario, SYNTHETIC_EVENTS);
    const piledUp = outbox.lastSeq() - before;
    expect(piledUp).toBeGreaterThan(SYNTHETIC_EVENTS);
    expect(outbox.backlog().count).toBe(piledUp);
    expect(alarm.seq).toBeLessThan(completed.seq);

    await sys.startBroker();
    await waitFor(() => tap?.listening, 'the tap listening on the broker again');
    const mark = tap.messages.length;
    link.restore();
    await sys.synced(gatewayId);

    // The alarm went out ahead of the whole backlog.
    expect(tap.eventMessages(mark)[0]?.map((e) => e.seq)).toEqual([alarm.seq]);
    const gatewayChain = readEvents(sys.gateway(gatewayId).dbFile);
    expect(sys.centreChain(gatewayId).map((e) => [e.seq, e.hash])).toEqual(
      gatewayChain.map((e) => [e.seq, e.hash]),
    );
    expect(await sys.api.alarms({ kind: 'WRONG_BOX' })).toEqual([
      expect.objectContaining({ alarmId: alarm.body.alarmId, gatewayId }),
    ]);
    expect((await sys.api.handovers({ siteId: 'BR-001' })).map((h) => h.seq)).toEqual([completed.seq]);
    const back = await waitFor(
      async () => (await sys.api.alarmsOf('GATEWAY_OFFLINE', gatewayId)).find((a) => a.clearedAt),
      'GATEWAY_OFFLINE cleared',
    );
    expect(back).toMatchObject({ alarmId: offline.alarmId, clearReason: 'gateway back online' });
    expect(await sys.api.alarmsOf('GATEWAY_OFFLINE', gatewayId)).toHaveLength(1);
  }, 90_000);
});
