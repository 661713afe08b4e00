import { afterEach, describe, expect, it } from 'vitest';
import { payload } from './chain-fixture.ts';
import { ingestHarness } from './ingest-fixture.ts';

describe('IngestService: bad input and failures never crash it', () => {
  let h: ReturnType<typeof ingestHarness>;
  afterEach(() => h.dispose());

  it('counts and drops payloads that are not JSON, empty, or not envelopes', async () => {
    h = ingestHarness();
    const bad = [
      Buffer.from([0xff, 0x00, 0x13, 0x37]),
      Buffer.from('{"v":1,'),
      Buffer.from('[]'),
      Buffer.from('null'),
      Buffer.from('"hello"'),
      payload({ v: 1, seq: 1 }),
      payload([{ ...h.gw.emit(1)[0], seq: 0 }]),
    ];
    for (const message of bad) {
      await expect(h.service.receive(h.gw.gatewayId, message)).resolves.toEqual({ stored: 0, duplicates: 0 });
    }
    expect(h.service.metrics()).toMatchObject({ messages: 7, invalid: 7, stored: 0, tampered: 0 });
    expect(h.published).toEqual([]);
  });

  it('keeps the valid envelopes of a batch that also carries invalid ones', async () => {
    h = ingestHarness();
    const outcome = await h.service.receive(h.gw.gatewayId, payload([...h.gw.emit(2), { junk: true }, 42]));
    expect(outcome).toMatchObject({ stored: 2, ackedUpTo: 2 });
    expect(h.service.metrics()).toMatchObject({ received: 4, invalid: 2, stored: 2 });
  });

  it('refuses a message with more envelopes than the limit', async () => {
    h = ingestHarness();
    const huge = payload(Array.from({ length: 5_001 }, () => ({})));
    expect(await h.service.receive(h.gw.gatewayId, huge)).toEqual({ stored: 0, duplicates: 0 });
    expect(h.service.metrics().invalid).toBe(1);
  });

  it('counts and drops events of a gateway that is not registered', async () => {
    h = ingestHarness();
    expect(await h.service.receive('gw-stranger', payload(h.gw.emit(1)))).toEqual({
      stored: 0,
      duplicates: 0,
    });
    expect(h.service.metrics()).toMatchObject({ unknownGateway: 1, stored: 0 });
    expect(h.handle.store.events.head('gw-stranger').lastSeq).toBe(0);
  });

  it('still stores and acknowledges when an onStored listener throws', async () => {
    h = ingestHarness({ onStoredThrows: true });
    expect(await h.service.receive(h.gw.gatewayId, payload(h.gw.emit(2)))).toMatchObject({
      stored: 2,
      ackedUpTo: 2,
    });
    expect(h.acks()).toEqual([2]);
  });

  it('does not throw when publishing the ack fails; the redelivery is acknowledged later', async () => {
    h = ingestHarness({ failPublish: true });
    const batch = h.gw.emit(2);
    await expect(h.service.receive(h.gw.gatewayId, payload(batch))).resolves.toMatchObject({ stored: 2 });
    await expect(h.service.receive(h.gw.gatewayId, payload(batch))).resolves.toMatchObject({ duplicates: 2 });
    expect(h.acks()).toEqual([2, 2]);
  });

  it('does not throw when the store fails, and acknowledges nothing', async () => {
    h = ingestHarness();
    h.handle.store.close();
    await expect(h.service.receive(h.gw.gatewayId, payload(h.gw.emit(1)))).resolves.toEqual({
      stored: 0,
      duplicates: 0,
    });
    expect(h.published).toEqual([]);
  });
});
