import { loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import { createEnvelope } from '@vaultline/shared/contract/event-chain';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { readEvents } from '../../src/scenario/gateway-db.ts';
import { publishOnce } from '../../src/system/broker-clients.ts';
import { BROKER_KINDS, SystemScenario } from '../../src/system/system-scenario.ts';

/** What the broker does with a publish outside the publisher's rights (see `publishOnce`). */
const REFUSAL = { mosquitto: 'acknowledged', embedded: 'disconnected' } as const;

describe.each(BROKER_KINDS)("a gateway publishing under another gateway's topics (%s)", (broker) => {
  let system: SystemScenario;
  beforeAll(async () => {
    system = await SystemScenario.start({ broker, gateways: [{ siteId: 'BR-001' }, { siteId: 'BR-002' }] });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it("never reaches the centre: B's chain, B's status and the ingest counters stay as they were", async () => {
    const a = system.gateway('BR-001');
    const b = system.gateway('BR-002');
    await system.synced(a.gatewayId);
    await system.synced(b.gatewayId);
    const bHead = system.app.store.events.head(b.gatewayId);
    const before = system.app.ingest.metrics();

    // Gateway A's broker login, B's next record: a collection at B that never happened, signed by A.
    const intruding = createEnvelope(
      {
        id: '01J00000000000000000000ACL',
        gw: b.gatewayId,
        seq: bHead.lastSeq + 1,
        prev: bHead.lastHash,
        ts: new Date().toISOString(),
        type: 'handover.aborted',
        body: { handoverId: 'H-FORGED', reason: 'crew left' },
      },
      loadGatewayIdentity(a.scenario.config.dataDir).signingKey,
    );
    const status = JSON.stringify({ online: false, devices: {}, backlog: 0 });
    const refused = REFUSAL[broker];
    expect(
      await publishOnce(system.brokerUrl, a.login, topics.gatewayStatus(b.gatewayId), status, {
        retain: true,
      }),
    ).toBe(refused);
    expect(
      await publishOnce(
        system.brokerUrl,
        a.login,
        topics.gatewayEvents(b.gatewayId),
        JSON.stringify(intruding),
      ),
    ).toBe(refused);

    // A message A may send, after the refused ones: once the centre has it, it would have had those too.
    const aLast = system.centreChain(a.gatewayId).at(-1);
    expect(
      await publishOnce(system.brokerUrl, a.login, topics.gatewayEvents(a.gatewayId), JSON.stringify(aLast)),
    ).toBe('acknowledged');
    await waitFor(
      () => system.app.ingest.metrics().messages > before.messages,
      "A's own message at the centre",
    );

    expect(system.app.ingest.metrics()).toEqual({
      ...before,
      messages: before.messages + 1,
      received: before.received + 1,
      duplicates: before.duplicates + 1,
    });
    expect(system.app.store.events.head(b.gatewayId)).toEqual(bHead);
    expect(system.centreChain(b.gatewayId).map((e) => e.hash)).toEqual(
      readEvents(b.dbFile).map((e) => e.hash),
    );
    expect(await system.api.alarmsOf('RECORD_TAMPERED', b.gatewayId)).toEqual([]);
    expect(await system.api.alarmsOf('GATEWAY_OFFLINE', b.gatewayId)).toEqual([]);
    expect(system.app.monitor.get(b.gatewayId)?.online).toBe(true);
  });
});
