import { verifyChain } from '@vaultline/shared/contract/chain-verifier';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { BROKERS, type TestBroker } from './brokers.ts';
import { gatewaySide } from './gateway-side.ts';
import { TestCentre } from './test-centre.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function seqsOf(message: unknown): number[] {
  return (Array.isArray(message) ? message : [message]).map((e: EventEnvelope) => e.seq);
}

describe.each(BROKERS)('uplink delivery through $name', ({ start }) => {
  async function setup(options: { autoAck: boolean; centre?: Record<string, unknown> }) {
    const broker: TestBroker = await start();
    cleanups.push(() => broker.stop());
    const centre = await TestCentre.connect(broker.url, 'gw-branch-a', { autoAck: options.autoAck });
    cleanups.push(() => centre.close());
    const gateway = gatewaySide(broker.url, options.centre);
    cleanups.push(() => gateway.stop());
    return { broker, centre, gateway };
  }

  it("keeps events in the outbox after the broker's PUBACK, until the centre acknowledges them", async () => {
    const { centre, gateway } = await setup({ autoAck: false });
    gateway.uplink.start();
    await waitFor(() => gateway.uplink.status().connected, 'the gateway connected');
    gateway.record(3);
    await waitFor(() => centre.received.length === 3, 'three events at the centre');
    // The centre holds them, so the broker has PUBACKed them: still unacknowledged at the gateway.
    await waitFor(() => centre.statuses.some((s) => s.backlog === 3), 'a status with the backlog');
    expect(gateway.backlog()).toBe(3);
    await centre.ack(2);
    await waitFor(() => gateway.backlog() === 1, 'two events acknowledged');
    await centre.ack(3);
    await waitFor(() => gateway.backlog() === 0, 'the outbox empty');
    expect(gateway.uplink.status()).toMatchObject({ ackedUpTo: 3, connected: true });
    expect(gateway.uplink.status().lastAckAt).not.toBeNull();
  });

  it('sends alarms ahead of a backlog, and the backlog in array batches', async () => {
    const { centre, gateway } = await setup({ autoAck: true, centre: { batchSize: 20 } });
    gateway.record(50);
    gateway.record(1, [1]);
    gateway.uplink.start();
    await waitFor(() => gateway.backlog() === 0, 'the whole backlog acknowledged');
    const [first, second] = centre.messages;
    expect(Array.isArray(first)).toBe(false);
    expect(first).toMatchObject({ seq: 51, type: 'alarm.raised' });
    expect(Array.isArray(second)).toBe(true);
    expect(seqsOf(second)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(centre.stored.map((e) => e.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('sends events again from the seq a resend command names', async () => {
    const { centre, gateway } = await setup({ autoAck: true });
    gateway.uplink.start();
    gateway.record(10);
    await waitFor(() => gateway.backlog() === 0 && centre.head === 10, 'ten events stored and acked');
    const before = centre.received.length;
    await centre.send('cmd', JSON.stringify({ cmd: 'resend', fromSeq: 4 }));
    await waitFor(() => centre.received.length - before >= 7, 'the resent events');
    expect(centre.received.slice(before).map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('counts and logs invalid ack and cmd payloads and keeps working', async () => {
    const { centre, gateway } = await setup({ autoAck: false });
    gateway.uplink.start();
    gateway.record(2);
    await waitFor(() => centre.received.length === 2, 'two events at the centre');
    await centre.send('ack', '{"upToSeq":"all"}');
    await centre.send('ack', 'garbage');
    await centre.send('ack', JSON.stringify({ upToSeq: 99 }));
    await centre.send('cmd', '{"cmd":"format-disk"}');
    await waitFor(() => gateway.uplink.status().invalidPayloads.cmd === 1, 'the invalid cmd counted');
    expect(gateway.uplink.status().invalidPayloads).toEqual({ ack: 3, cmd: 1, plan: 0 });
    expect(gateway.backlog()).toBe(2);
    expect(gateway.lines.filter((l) => l.msg === 'invalid payload from the centre ignored')).toHaveLength(3);
    await centre.ack(2);
    await waitFor(() => gateway.backlog() === 0, 'a valid ack still works');
  });

  it('delivers every event once stored, in order, after the broker was down while events went on', async () => {
    const { broker, centre, gateway } = await setup({ autoAck: true, centre: { ackTimeoutMs: 300 } });
    gateway.uplink.start();
    gateway.record(20);
    await waitFor(() => gateway.backlog() === 0, 'the first events acknowledged');
    await broker.stop();
    await waitFor(() => !gateway.uplink.status().connected, 'the gateway notices the broker is gone');
    for (let i = 0; i < 10; i++) gateway.record(30, [7]);
    expect(gateway.backlog()).toBe(300);
    const restarted = await start(broker.port);
    cleanups.push(() => restarted.stop());
    await waitFor(() => gateway.backlog() === 0, 'the backlog drained after the broker came back', 20_000);
    expect(centre.stored.map((e) => e.seq)).toEqual(Array.from({ length: 320 }, (_, i) => i + 1));
    expect(verifyChain(centre.stored, gateway.signingPublicKey, { gatewayId: 'gw-branch-a' })).toMatchObject({
      ok: true,
      lastSeq: 320,
    });
    expect(gateway.uplink.status().connections).toBeGreaterThanOrEqual(2);
  });
});
