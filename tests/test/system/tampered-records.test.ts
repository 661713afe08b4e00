import { createEnvelope } from '@vaultline/shared/contract/event-chain';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { generateSigningKeyPair } from '@vaultline/shared/crypto/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { recordSyntheticEvents } from '../../src/system/branch-day.ts';
import { connectAs } from '../../src/system/broker-clients.ts';
import { ShiftedClock } from '../../src/system/shifted-clock.ts';
import { removeGatewayEvent } from '../../src/system/store-files.ts';
import { type SystemGateway, SystemScenario } from '../../src/system/system-scenario.ts';

/**
 * The gap policy's pauses are seconds apart (center/src/ingest/ingest-service.ts DEFAULT_GAP_POLICY:
 * first resend after 2 s, then every 5 s, RECORD_TAMPERED after 5 answered resends); the centre's config
 * does not expose them, so the centre runs on a clock the test moves ahead by one resend interval per
 * round instead of waiting about half a minute.
 */
const RESEND_ROUND_MS = 6_000;
/** More rounds than the policy needs: a safety net, never a count the test relies on. */
const MAX_ROUNDS = 20;

const clock = new ShiftedClock();
let system: SystemScenario;
let forgedAt: SystemGateway;
let gapAt: SystemGateway;
beforeAll(async () => {
  system = await SystemScenario.start({
    broker: 'mosquitto',
    gateways: [{ siteId: 'BR-001' }, { siteId: 'BR-002' }],
    clock,
  });
  forgedAt = system.gateway('BR-001');
  gapAt = system.gateway('BR-002');
});
afterAll(async () => {
  await system?.stop();
});

async function tamperAlarm(gatewayId: string) {
  return waitFor(
    async () => (await system.api.alarmsOf('RECORD_TAMPERED', gatewayId))[0],
    `RECORD_TAMPERED for ${gatewayId}`,
  );
}

/** The gateway keeps recording after the finding: the centre hears it and stores none of it. */
async function nothingStoredAfter(gateway: SystemGateway, headSeq: number): Promise<void> {
  const blocked = system.app.ingest.metrics().blocked;
  recordSyntheticEvents(gateway.scenario, 5);
  await waitFor(
    () => system.app.ingest.metrics().blocked > blocked,
    `${gateway.gatewayId}'s next events refused`,
  );
  expect(system.app.store.events.head(gateway.gatewayId)).toMatchObject({ lastSeq: headSeq, tampered: true });
}

describe('forged and removed records at the centre', () => {
  it('raises RECORD_TAMPERED for an envelope signed with another key, and stores nothing after it', async () => {
    const { gatewayId, login } = forgedAt;
    await system.synced(gatewayId);
    const head = system.app.store.events.head(gatewayId);
    // Someone holding the gateway's broker password "clears" an alarm in the gateway's name.
    const forged = createEnvelope(
      {
        id: '01J0000000000000000000FAKE',
        gw: gatewayId,
        seq: head.lastSeq + 1,
        prev: head.lastHash,
        ts: new Date().toISOString(),
        type: 'alarm.cleared',
        body: { alarmId: '01J00000000000000000000000', kind: 'WRONG_BOX', reason: 'box found' },
      },
      generateSigningKeyPair().privateKey,
    );
    const impostor = await connectAs(system.brokerUrl, login, 'impostor');
    try {
      await impostor.publishAsync(topics.gatewayEvents(gatewayId), JSON.stringify(forged), { qos: 1 });
    } finally {
      await impostor.endAsync();
    }

    const alarm = await tamperAlarm(gatewayId);
    expect(alarm).toMatchObject({ state: 'raised', siteId: 'BR-001', source: 'centre' });
    expect(alarm.detail).toMatchObject({ seq: forged.seq, problem: 'signature' });
    expect(system.app.store.events.get(gatewayId, forged.seq)).toBeUndefined();
    await nothingStoredAfter(forgedAt, head.lastSeq);
    expect((await system.api.gateways()).find((g) => g.gatewayId === gatewayId)).toMatchObject({
      tampered: true,
      lastSeq: head.lastSeq,
    });
  });

  it('raises RECORD_TAMPERED for a record removed from the outbox before it was sent, after the resends', async () => {
    const { gatewayId, scenario, link, dbFile } = gapAt;
    await system.synced(gatewayId);
    link.down();
    const fresh = recordSyntheticEvents(scenario, 10);
    const removed = fresh[3]?.seq as number;
    removeGatewayEvent(dbFile, removed);
    link.restore();

    await waitFor(
      () => system.app.store.events.head(gatewayId).lastSeq === removed - 1,
      'the records before the hole',
    );
    const resends = system.app.ingest.metrics().resends;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if ((await system.api.alarmsOf('RECORD_TAMPERED', gatewayId)).length > 0) break;
      const messages = system.app.ingest.metrics().messages;
      clock.shift(RESEND_ROUND_MS);
      await system.app.ingest.tick();
      // The gateway answers each resend request with what it has from that seq on: the hole stays.
      await waitFor(
        async () =>
          system.app.ingest.metrics().messages > messages ||
          (await system.api.alarmsOf('RECORD_TAMPERED', gatewayId)).length > 0,
        'the gateway answering, or the finding',
      );
    }

    const alarm = await tamperAlarm(gatewayId);
    expect(alarm).toMatchObject({ state: 'raised', siteId: 'BR-002' });
    expect(alarm.detail).toMatchObject({
      problem: 'gap',
      fromSeq: removed,
      toSeq: removed,
      reason: 'gap not filled',
    });
    expect(system.app.ingest.metrics().resends - resends).toBeGreaterThanOrEqual(5);
    await nothingStoredAfter(gapAt, removed - 1);
  });
});
