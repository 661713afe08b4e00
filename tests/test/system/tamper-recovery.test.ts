import { createEnvelope } from '@vaultline/shared/contract/event-chain';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { generateSigningKeyPair } from '@vaultline/shared/crypto/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { recordSyntheticEvents } from '../../src/system/branch-day.ts';
import { connectAs } from '../../src/system/broker-clients.ts';
import { type SystemGateway, SystemScenario } from '../../src/system/system-scenario.ts';

let system: SystemScenario;
let gateway: SystemGateway;
let adminToken: string;
beforeAll(async () => {
  system = await SystemScenario.start({ broker: 'embedded', gateways: [{ siteId: 'BR-001' }] });
  gateway = system.gateway('BR-001');
  adminToken = system.app.store.tokens.create({ name: 'it-admin', role: 'admin' }).secret;
});
afterAll(async () => {
  await system?.stop();
});

/** `POST /api/v1/gateways/:id/resume-ingest` with a token: the status and the JSON answer. */
async function resume(
  token: string,
  reason: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${system.app.apiUrl}/api/v1/gateways/${gateway.gatewayId}/resume-ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('resuming ingest after RECORD_TAMPERED from a forged record', () => {
  it('refuses until an admin resumes with a reason after the acknowledgement; then the genuine chain continues', async () => {
    const { gatewayId, login, scenario } = gateway;
    await system.synced(gatewayId);
    const head = system.app.store.events.head(gatewayId);
    // Someone holding the gateway's broker password publishes the next seq, signed with another key.
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
    const alarm = await waitFor(
      async () => (await system.api.alarmsOf('RECORD_TAMPERED', gatewayId))[0],
      'RECORD_TAMPERED',
    );
    // The gateway's genuine records of the meantime reach the centre and are refused.
    const blocked = system.app.ingest.metrics().blocked;
    const meantime = recordSyntheticEvents(scenario, 4);
    await waitFor(() => system.app.ingest.metrics().blocked > blocked, 'the genuine records refused');
    expect(system.app.store.events.head(gatewayId)).toMatchObject({ lastSeq: head.lastSeq, tampered: true });

    // The duty officer's token may not resume; the admin may not before the alarm is acknowledged.
    const officer = await resume(system.api.token, 'checked on site, all fine here');
    expect(officer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const early = await resume(adminToken, 'checked on site, all fine here');
    expect(early).toMatchObject({ status: 409, body: { code: 'RESUME_ALARM_NOT_ACKNOWLEDGED' } });
    await system.api.acknowledge(alarm.alarmId);
    const short = await resume(adminToken, 'ok');
    expect(short).toMatchObject({ status: 400, body: { code: 'RESUME_REASON_REQUIRED' } });

    const reason = 'forgery from a leaked broker password; password rotated, gateway inspected';
    const resumed = await resume(adminToken, reason);
    expect(resumed).toEqual({
      status: 200,
      body: {
        gatewayId,
        fromSeq: head.lastSeq + 1,
        resolvedAlarms: [alarm.alarmId],
        resendRequested: true,
      },
    });

    // The gateway answers the resend with its genuine records from the verified head on.
    const last = meantime.at(-1)?.seq as number;
    await waitFor(
      () => system.app.store.events.head(gatewayId).lastSeq === last,
      'the genuine records stored',
    );
    expect(system.app.store.events.get(gatewayId, forged.seq)).toMatchObject({
      hash: meantime[0]?.hash,
      type: meantime[0]?.type,
    });
    // And what it records from now on arrives as usual.
    const later = recordSyntheticEvents(scenario, 2);
    await waitFor(
      () => system.app.store.events.head(gatewayId).lastSeq === later.at(-1)?.seq,
      'new records stored',
    );
    expect(system.app.store.events.head(gatewayId).tampered).toBe(false);
    // The gateway got the acks: its outbox holds nothing the centre lacks.
    await system.synced(gatewayId);
    expect((await system.api.alarmsOf('RECORD_TAMPERED', gatewayId))[0]).toMatchObject({
      state: 'resolved',
      resolvedBy: 'it-admin',
    });

    const audit = system.app.store.audit
      .newest({ action: 'gateway.resume-ingest', limit: 20 })
      .map((entry) => [entry.action, entry.actor, entry.detail?.code ?? entry.detail?.reason]);
    expect(audit.reverse()).toEqual([
      ['gateway.resume-ingest.refused', 'it-admin', 'RESUME_ALARM_NOT_ACKNOWLEDGED'],
      ['gateway.resume-ingest.refused', 'it-admin', 'RESUME_REASON_REQUIRED'],
      ['gateway.resume-ingest', 'it-admin', reason],
    ]);
    const denied = system.app.store.audit.newest({ action: 'api.denied', limit: 5 });
    expect(denied[0]).toMatchObject({ target: `POST /api/v1/gateways/${gatewayId}/resume-ingest` });
  });
});
