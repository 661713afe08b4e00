import { loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import { verifyChain } from '@vaultline/shared/contract/chain-verifier';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { readEvents } from '../../src/scenario/gateway-db.ts';
import { deliveryWithWrongBox, recordSyntheticEvents } from '../../src/system/branch-day.ts';
import { connectAs } from '../../src/system/broker-clients.ts';
import { centreReceivedAt, gatewayAckedAt } from '../../src/system/store-files.ts';
import {
  BROKER_KINDS,
  OFFICER,
  type SystemGateway,
  SystemScenario,
} from '../../src/system/system-scenario.ts';

describe.each(BROKER_KINDS)('a branch hand-over reaching the centre through %s', (broker) => {
  let system: SystemScenario;
  let branch: SystemGateway;
  beforeAll(async () => {
    system = await SystemScenario.start({ broker, gateways: [{ siteId: 'BR-001' }] });
    branch = system.gateway('BR-001');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('stores every event once and in order, takes it out of the outbox only after the centre stored it, and serves record and alarm', async () => {
    const { gatewayId, scenario } = branch;
    const stream = await system.api.stream();
    try {
      const { alarm, completed } = await deliveryWithWrongBox(scenario, async (raised) => {
        // The duty officer's console hears of the alarm while the hand-over is still going on.
        const live = await waitFor(
          () => stream.alarms('WRONG_BOX').find((e) => e.alarm.alarmId === raised.body.alarmId),
          'WRONG_BOX on the live stream',
        );
        expect(live).toMatchObject({
          change: 'raised',
          alarm: { kind: 'WRONG_BOX', state: 'raised', siteId: 'BR-001', runId: 'R1', stopSeq: 2, gatewayId },
        });
      });
      await system.synced(gatewayId);

      const gatewayChain = readEvents(branch.dbFile);
      const centreChain = system.centreChain(gatewayId);
      expect(centreChain.map((e) => [e.seq, e.hash])).toEqual(gatewayChain.map((e) => [e.seq, e.hash]));
      expect(centreChain.map((e) => e.seq)).toEqual(gatewayChain.map((_, i) => i + 1));
      const { signingPublicKey } = loadGatewayIdentity(scenario.config.dataDir);
      expect(
        verifyChain(centreChain, signingPublicKey, { expectedFirstSeq: 1, signatures: 'every' }),
      ).toMatchObject({ ok: true });
      expect(system.app.ingest.metrics()).toMatchObject({
        stored: gatewayChain.length,
        invalid: 0,
        tampered: 0,
        held: 0,
      });

      // Each event left the gateway's outbox after the centre's commit, never on the broker's PUBACK.
      const storedAt = centreReceivedAt(system.centreDbFile, gatewayId);
      for (const [seq, ackedAt] of gatewayAckedAt(branch.dbFile)) {
        expect(ackedAt, `seq ${seq} acknowledged`).not.toBeNull();
        expect(ackedAt as number, `seq ${seq} acknowledged after it was stored`).toBeGreaterThanOrEqual(
          storedAt.get(seq) as number,
        );
      }

      const handovers = await system.api.handovers({ siteId: 'BR-001' });
      expect(handovers).toHaveLength(1);
      expect(handovers[0]).toMatchObject({
        handoverId: completed.body.handoverId,
        gatewayId,
        seq: completed.seq,
        hash: completed.hash,
        runId: 'R1',
        stopSeq: 2,
        kind: 'deliver',
      });
      const alarmId = alarm.body.alarmId as string;
      expect(await system.api.alarms({ kind: 'WRONG_BOX' })).toEqual([
        expect.objectContaining({ alarmId, state: 'raised', source: `gateway:${gatewayId}` }),
      ]);

      expect(await system.api.acknowledge(alarmId)).toMatchObject({
        state: 'acknowledged',
        acknowledgedBy: OFFICER,
      });
      const note = '箱子 B03 属于海淀支行，已退回押运员；已电话核实 / box returned to the crew';
      expect(await system.api.resolve(alarmId, note)).toMatchObject({
        state: 'resolved',
        resolvedBy: OFFICER,
        resolutionNote: note,
      });
      await waitFor(
        () => stream.alarms('WRONG_BOX').some((e) => e.change === 'resolved'),
        'the resolution on the live stream',
      );
      expect(stream.alarms('WRONG_BOX').map((e) => e.change)).toEqual(['raised', 'acknowledged', 'resolved']);
      const trail = system.app.store.audit.list().filter((entry) => entry.target === `alarm:${alarmId}`);
      expect(trail.map((entry) => [entry.actor, entry.action])).toEqual([
        [`gateway:${gatewayId}`, 'alarm.raise'],
        [OFFICER, 'alarm.acknowledge'],
        [OFFICER, 'alarm.resolve'],
      ]);
      expect(trail[2]?.detail).toMatchObject({ note, role: 'duty-officer', via: 'api' });
    } finally {
      stream.close();
    }
  });

  it('takes envelopes delivered again as no-ops', async () => {
    const { gatewayId, login } = branch;
    await system.synced(gatewayId);
    const chain = system.centreChain(gatewayId);
    const alarmsBefore = await system.api.alarms();
    const before = system.app.ingest.metrics();
    const topic = topics.gatewayEvents(gatewayId);
    // Published again as the gateway publishes: under its credentials, a catch-up batch and single events.
    const replay = await connectAs(system.brokerUrl, login, 'replay');
    try {
      await replay.publishAsync(topic, JSON.stringify(chain), { qos: 1 });
      for (const envelope of chain.slice(-3))
        await replay.publishAsync(topic, JSON.stringify(envelope), { qos: 1 });
    } finally {
      await replay.endAsync();
    }
    await waitFor(() => system.app.ingest.metrics().messages === before.messages + 4, 'the replays taken in');
    expect(system.app.ingest.metrics()).toMatchObject({
      stored: before.stored,
      duplicates: before.duplicates + chain.length + 3,
      tampered: 0,
      held: 0,
    });
    expect(system.centreChain(gatewayId)).toEqual(chain);
    expect(await system.api.alarms()).toEqual(alarmsBefore);
    expect(await system.api.handovers({ siteId: 'BR-001' })).toHaveLength(1);
  });

  it('stores a later batch that arrives before an earlier one once, in chain order', async () => {
    const { gatewayId, scenario, link, login } = branch;
    await system.synced(gatewayId);
    // The branch's own uplink is cut off, so only this test publishes its next records, out of order.
    link.down();
    const fresh = recordSyntheticEvents(scenario, 20);
    const [earlier, later] = [fresh.slice(0, 10), fresh.slice(10)];
    const before = system.app.ingest.metrics();
    const topic = topics.gatewayEvents(gatewayId);
    const reordered = await connectAs(system.brokerUrl, login, 'reordered');
    try {
      await reordered.publishAsync(topic, JSON.stringify(later), { qos: 1 });
      await waitFor(
        () => system.app.ingest.metrics().held === later.length,
        'the later batch held at the gap',
      );
      expect(system.app.store.events.head(gatewayId).lastSeq).toBe((earlier[0]?.seq as number) - 1);
      await reordered.publishAsync(topic, JSON.stringify(earlier), { qos: 1 });
    } finally {
      await reordered.endAsync();
    }
    const last = fresh.at(-1)?.seq as number;
    await waitFor(() => system.app.store.events.head(gatewayId).lastSeq === last, 'both batches stored');
    expect(system.app.store.events.range(gatewayId, fresh[0]?.seq as number, last)).toEqual(fresh);
    expect(system.app.ingest.metrics()).toMatchObject({ stored: before.stored + fresh.length, held: 0 });

    // Back online, the gateway sends them again (it missed the acks): duplicates, nothing new.
    link.restore();
    await system.synced(gatewayId);
    expect(system.app.ingest.metrics().stored).toBe(before.stored + fresh.length);
    expect(system.centreChain(gatewayId).map((e) => e.hash)).toEqual(
      readEvents(branch.dbFile).map((e) => e.hash),
    );
  });
});
