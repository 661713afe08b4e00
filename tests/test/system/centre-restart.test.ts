import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { readEvents } from '../../src/scenario/gateway-db.ts';
import { deliveryWithWrongBox, startSyntheticLoad } from '../../src/system/branch-day.ts';
import { BrokerTap } from '../../src/system/broker-clients.ts';
import { centreReceivedAt, gatewayAckedAt } from '../../src/system/store-files.ts';
import { BROKER_KINDS, SystemScenario } from '../../src/system/system-scenario.ts';

/** Events the gateway records in the background while the centre goes down and comes back. */
const LOAD = { perTick: 40, everyMs: 20 };

let system: SystemScenario | undefined;
let tap: BrokerTap | undefined;
let load: { stop(): number } | undefined;
afterEach(async () => {
  load?.stop();
  await tap?.close();
  await system?.stop();
  load = undefined;
  tap = undefined;
  system = undefined;
});

describe.each(BROKER_KINDS)('a centre restart mid-stream (%s)', (broker) => {
  it('loses and duplicates nothing while the gateway keeps producing', async () => {
    const sys = await SystemScenario.start({ broker, gateways: [{ siteId: 'BR-001' }] });
    system = sys;
    const { gatewayId, scenario, dbFile } = sys.gateway('BR-001');
    await sys.synced(gatewayId);
    tap = await BrokerTap.open(sys.brokerUrl, sys.centreLogin, [topics.gatewayEvents(gatewayId)]);
    const outbox = scenario.app!.store.events;
    const uplink = scenario.app!.uplink!;

    load = startSyntheticLoad(scenario, LOAD);
    const handover = deliveryWithWrongBox(scenario);
    const streaming = sys.app.store.events.head(gatewayId).lastSeq + 200;
    await waitFor(() => sys.app.store.events.head(gatewayId).lastSeq >= streaming, 'ingest under way');
    await sys.stopCentre();

    const storedUpTo = [...centreReceivedAt(sys.centreDbFile, gatewayId).keys()].reduce(
      (a, b) => Math.max(a, b),
      0,
    );
    const mark = tap.messages.length;
    const sentBeyond = storedUpTo + 50;
    await waitFor(() => outbox.lastSeq() > sentBeyond, 'the gateway producing on');
    if (broker === 'mosquitto') {
      // Mosquitto stays up: the gateway's messages beyond what the centre stored reach the broker
      // (PUBACK), yet none of them leaves the outbox: only the centre's ack does that.
      await waitFor(
        () => tap?.eventMessages(mark).some((batch) => batch.some((e) => e.seq > sentBeyond)),
        'events beyond the last ack taken by the broker',
      );
      expect(uplink.status().connected).toBe(true);
    }
    const leftEarly = [...gatewayAckedAt(dbFile)].filter(([seq, at]) => seq > storedUpTo && at !== null);
    expect(leftEarly).toEqual([]);

    // Down for a whole step of the hand-over: the crew shows the wrong box meanwhile.
    await waitFor(() => scenario.alarms('WRONG_BOX').length > 0, 'WRONG_BOX recorded at the branch', 20_000);
    await sys.startCentre();
    await handover;
    const recorded = load.stop();
    await sys.synced(gatewayId);

    expect(recorded).toBeGreaterThan(0);
    const gatewayChain = readEvents(dbFile);
    expect(sys.centreChain(gatewayId).map((e) => [e.seq, e.hash])).toEqual(
      gatewayChain.map((e) => [e.seq, e.hash]),
    );
    expect(await sys.api.alarms({ kind: 'WRONG_BOX' })).toHaveLength(1);
    expect(await sys.api.handovers({ siteId: 'BR-001' })).toHaveLength(1);
  }, 90_000);
});
