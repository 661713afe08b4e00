import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { payload, TestGateway } from './chain-fixture.ts';
import { ingestHarness } from './ingest-fixture.ts';

describe('IngestService: storing a gateway chain', () => {
  let h: ReturnType<typeof ingestHarness>;
  beforeEach(() => {
    h = ingestHarness();
  });
  afterEach(() => h.dispose());

  it('stores single events in order and acknowledges each after its commit', async () => {
    for (const env of h.gw.emit(3)) await h.service.receive(h.gw.gatewayId, payload(env));
    expect(h.storedSeqs()).toEqual([1, 2, 3]);
    expect(h.published).toEqual(
      [1, 2, 3].map((n) => expect.objectContaining({ kind: 'ack', body: { upToSeq: n }, committedHead: n })),
    );
    expect(h.stored).toEqual([1, 2, 3].map((n) => ({ gatewayId: h.gw.gatewayId, seqs: [n] })));
    expect(h.service.metrics()).toMatchObject({
      messages: 3,
      received: 3,
      stored: 3,
      duplicates: 0,
      tampered: 0,
    });
  });

  it('stores a batch in one commit and acknowledges its last seq once', async () => {
    const outcome = await h.service.receive(h.gw.gatewayId, payload(h.gw.emit(5)));
    expect(outcome).toEqual({ stored: 5, duplicates: 0, ackedUpTo: 5 });
    expect(h.published).toEqual([
      expect.objectContaining({ kind: 'ack', body: { upToSeq: 5 }, committedHead: 5 }),
    ]);
    expect(h.stored).toEqual([{ gatewayId: h.gw.gatewayId, seqs: [1, 2, 3, 4, 5] }]);
    expect(h.handle.store.events.get(h.gw.gatewayId, 4)).toEqual(h.gw.chain[3]);
  });

  it('treats a redelivered batch as a no-op and acknowledges the head again', async () => {
    const batch = h.gw.emit(4);
    await h.service.receive(h.gw.gatewayId, payload(batch));
    const again = await h.service.receive(h.gw.gatewayId, payload(batch.slice(1, 3)));
    expect(again).toEqual({ stored: 0, duplicates: 2, ackedUpTo: 4 });
    expect(h.acks()).toEqual([4, 4]);
    expect(h.storedSeqs()).toEqual([1, 2, 3, 4]);
    expect(h.stored).toHaveLength(1);
    expect(h.service.metrics()).toMatchObject({ received: 6, stored: 4, duplicates: 2 });
  });

  it('stores a partly duplicated batch once: only the new part is stored', async () => {
    const first = h.gw.emit(3);
    await h.service.receive(h.gw.gatewayId, payload(first));
    const overlap = [...first.slice(1), ...h.gw.emit(2)];
    expect(await h.service.receive(h.gw.gatewayId, payload(overlap))).toMatchObject({
      stored: 2,
      duplicates: 2,
    });
    expect(h.storedSeqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('ends reordered batches (the second before the first) stored once and in order, with no resend', async () => {
    const one = h.gw.emit(3);
    const two = h.gw.emit(3);
    const early = await h.service.receive(h.gw.gatewayId, payload(two));
    expect(early).toEqual({ stored: 0, duplicates: 0 });
    expect(h.published).toEqual([]);
    expect(h.service.metrics().held).toBe(3);
    await h.service.receive(h.gw.gatewayId, payload(one));
    expect(h.storedSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h.stored).toEqual([{ gatewayId: h.gw.gatewayId, seqs: [1, 2, 3, 4, 5, 6] }]);
    expect(h.acks()).toEqual([6]);
    expect(h.resends()).toEqual([]);
    expect(h.service.metrics().held).toBe(0);
  });

  it('stores an alarm sent ahead of the backlog in the same batch in chain order', async () => {
    const backlog = h.gw.emit(4);
    const [alarm] = h.gw.emit(1, 'alarm.raised');
    await h.service.receive(h.gw.gatewayId, payload([alarm, ...backlog]));
    expect(h.storedSeqs()).toEqual([1, 2, 3, 4, 5]);
    expect(h.stored[0]?.seqs).toEqual([1, 2, 3, 4, 5]);
    expect(h.acks()).toEqual([5]);
  });

  it('continues the chain after a centre restart, and still recognises duplicates', async () => {
    await h.service.receive(h.gw.gatewayId, payload(h.gw.emit(3)));
    const service = h.restart();
    expect(await service.receive(h.gw.gatewayId, payload(h.gw.slice(2, 3)))).toMatchObject({ duplicates: 2 });
    expect(await service.receive(h.gw.gatewayId, payload(h.gw.emit(2)))).toMatchObject({
      stored: 2,
      ackedUpTo: 5,
    });
    expect(h.storedSeqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps chains of several gateways apart', async () => {
    const other = new TestGateway('gw-branch-b', 'site-b');
    h.handle.store.gateways.register(other.registration);
    await h.service.receive(other.gatewayId, payload(other.emit(2)));
    await h.service.receive(h.gw.gatewayId, payload(h.gw.emit(1)));
    expect(h.handle.store.events.head(other.gatewayId).lastSeq).toBe(2);
    expect(h.published.map((p) => [p.gatewayId, p.body.upToSeq])).toEqual([
      ['gw-branch-b', 2],
      ['gw-branch-a', 1],
    ]);
  });

  it('commits messages that arrive together in one transaction, before any of their acks goes out', async () => {
    const other = new TestGateway('gw-branch-b', 'site-b');
    h.handle.store.gateways.register(other.registration);
    const outcomes = await Promise.all([
      h.service.receive(h.gw.gatewayId, payload(h.gw.emit(2))),
      h.service.receive(other.gatewayId, payload(other.emit(3))),
      h.service.receive(h.gw.gatewayId, payload(h.gw.emit(1))),
    ]);
    expect(outcomes.map((o) => o.ackedUpTo)).toEqual([2, 3, 3]);
    for (const ack of h.published) {
      expect(ack.committedHeads).toEqual({ 'gw-branch-a': 3, 'gw-branch-b': 3 });
    }
  });
});
