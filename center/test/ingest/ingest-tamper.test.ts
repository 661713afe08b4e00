import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forge, fork, payload, TestGateway } from './chain-fixture.ts';
import { GAP, ingestHarness } from './ingest-fixture.ts';

describe('IngestService: gaps, forgeries and forks', () => {
  let h: ReturnType<typeof ingestHarness>;
  beforeEach(() => {
    h = ingestHarness();
    h.service.start();
  });
  afterEach(() => h.dispose());

  it('asks for a resend of a gap after the grace delay, and stores everything once it is filled', async () => {
    const batch = h.gw.emit(6);
    await h.service.receive(h.gw.gatewayId, payload(batch.slice(0, 2)));
    await h.service.receive(h.gw.gatewayId, payload(batch.slice(4)));
    expect(h.resends()).toEqual([]);
    await h.handle.clock.advance(GAP.resendDelayMs);
    expect(h.resends()).toEqual([3]);
    expect(h.published.at(-1)?.body).toEqual({ cmd: 'resend', fromSeq: 3 });
    // The gateway answers with everything from seq 3.
    await h.service.receive(h.gw.gatewayId, payload(batch.slice(2)));
    expect(h.storedSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h.acks()).toEqual([2, 6]);
    await h.handle.clock.advance(60_000);
    expect(h.resends()).toEqual([3]);
    expect(h.tampered).toEqual([]);
    expect(h.service.metrics()).toMatchObject({ resends: 1, held: 0, stored: 6 });
  });

  it('asks at most once per interval however many messages show the same gap', async () => {
    const chain = h.gw.emit(12);
    await h.service.receive(h.gw.gatewayId, payload(chain[0]));
    await h.service.receive(h.gw.gatewayId, payload(chain[2]));
    await h.handle.clock.advance(GAP.resendDelayMs);
    expect(h.resends()).toEqual([2]);
    for (const env of chain.slice(3)) await h.service.receive(h.gw.gatewayId, payload(env));
    expect(h.resends()).toEqual([2]);
    await h.handle.clock.advance(GAP.resendIntervalMs);
    expect(h.resends()).toEqual([2, 2]);
    await h.service.receive(h.gw.gatewayId, payload(chain[1]));
    expect(h.storedSeqs()).toHaveLength(12);
    expect(h.acks()).toEqual([1, 12]);
  });

  it('raises RECORD_TAMPERED for a removed record: the gap the gateway cannot fill', async () => {
    const chain = h.gw.emit(6);
    const withoutThree = chain.filter((env) => env.seq !== 3);
    await h.service.receive(h.gw.gatewayId, payload(withoutThree));
    expect(h.storedSeqs()).toEqual([1, 2]);
    for (let attempt = 1; attempt <= GAP.maxResendAttempts; attempt++) {
      await h.handle.clock.advance(attempt === 1 ? GAP.resendDelayMs : GAP.resendIntervalMs);
      expect(h.resends()).toHaveLength(attempt);
      // Its answer to `resend fromSeq 3` skips seq 3 again.
      await h.service.receive(h.gw.gatewayId, payload(withoutThree.slice(2)));
      expect(h.tampered).toEqual([]);
    }
    await h.handle.clock.advance(GAP.resendIntervalMs);
    expect(h.tampered).toEqual([
      expect.objectContaining({
        gatewayId: h.gw.gatewayId,
        seq: 3,
        problem: 'gap',
        detail: expect.objectContaining({ fromSeq: 3, reason: 'gap not filled', attempts: 3 }),
      }),
    ]);
    expect(h.storedSeqs()).toEqual([1, 2]);
    expect(h.handle.store.events.head(h.gw.gatewayId).tampered).toBe(true);
    // Ingest stays stopped for that gateway until an operator acts, even for the missing record.
    await h.service.receive(h.gw.gatewayId, payload(chain.slice(2)));
    expect(h.storedSeqs()).toEqual([1, 2]);
    expect(h.service.metrics()).toMatchObject({ blocked: 1, tampered: 1, held: 0 });
  });

  it('never accuses a gateway that goes silent after a gap (offline is not tampering)', async () => {
    const chain = h.gw.emit(4);
    await h.service.receive(h.gw.gatewayId, payload([chain[0], chain[3]]));
    await h.handle.clock.advance(10 * 60_000);
    expect(h.tampered).toEqual([]);
    expect(h.resends().length).toBeGreaterThan(1);
    expect(h.resends().every((from) => from === 2)).toBe(true);
    await h.service.receive(h.gw.gatewayId, payload(chain.slice(1)));
    expect(h.storedSeqs()).toEqual([1, 2, 3, 4]);
  });

  it('raises RECORD_TAMPERED for a forged single event and stores nothing of it', async () => {
    await h.service.receive(h.gw.gatewayId, payload(h.gw.emit(2)));
    const [genuine] = h.gw.emit(1);
    const outcome = await h.service.receive(h.gw.gatewayId, payload(forge(genuine!)));
    expect(outcome.tampered).toMatchObject({ seq: 3, problem: 'signature' });
    expect(h.tampered).toHaveLength(1);
    expect(h.storedSeqs()).toEqual([1, 2]);
    expect(h.acks()).toEqual([2]);
  });

  it('keeps the genuine events before a forged one in a batch, and nothing from it on', async () => {
    const chain = h.gw.emit(6);
    // The forger replaces seq 4 and re-links everything after it, so that only the key gives it away.
    const forged: EventEnvelope[] = [];
    let prev = chain[2]!.hash;
    for (const env of chain.slice(3)) {
      const replaced = forge({ ...env, prev });
      forged.push(replaced);
      prev = replaced.hash;
    }
    const batch = [...chain.slice(0, 3), ...forged];
    const outcome = await h.service.receive(h.gw.gatewayId, payload(batch));
    expect(outcome).toMatchObject({ stored: 3, ackedUpTo: 3, tampered: { seq: 4, problem: 'signature' } });
    expect(h.storedSeqs()).toEqual([1, 2, 3]);
    expect(h.stored).toEqual([{ gatewayId: h.gw.gatewayId, seqs: [1, 2, 3] }]);
    // The genuine rest arrives later: the gateway is stopped, nothing more is stored.
    await h.service.receive(h.gw.gatewayId, payload(chain.slice(3)));
    expect(h.storedSeqs()).toEqual([1, 2, 3]);
  });

  it('raises RECORD_TAMPERED for an altered event whose link no longer matches', async () => {
    const chain = h.gw.emit(4);
    const altered = { ...chain[1]!, body: { door: 'vault', n: 99 } };
    const outcome = await h.service.receive(h.gw.gatewayId, payload([chain[0], altered, ...chain.slice(2)]));
    expect(outcome.tampered).toMatchObject({ seq: 2, problem: 'hash' });
    expect(h.storedSeqs()).toEqual([1]);
  });

  it('raises RECORD_TAMPERED for a fork: a stored seq arriving again with another hash', async () => {
    const chain = h.gw.emit(3);
    await h.service.receive(h.gw.gatewayId, payload(chain));
    const outcome = await h.service.receive(
      h.gw.gatewayId,
      payload([fork(h.gw, chain[1]!), ...h.gw.emit(1)]),
    );
    expect(outcome.tampered).toMatchObject({ gatewayId: h.gw.gatewayId, seq: 2, problem: 'fork' });
    expect(h.handle.store.events.get(h.gw.gatewayId, 2)).toEqual(chain[1]);
    expect(h.storedSeqs()).toEqual([1, 2, 3]);
    expect(h.handle.store.events.head(h.gw.gatewayId).tampered).toBe(true);
  });

  it('drops an envelope naming another gateway and reports it as forged, keeping the rest', async () => {
    const other = new TestGateway('gw-branch-b');
    const outcome = await h.service.receive(h.gw.gatewayId, payload([...h.gw.emit(1), ...other.emit(1)]));
    expect(outcome).toMatchObject({ stored: 1, tampered: { problem: 'gateway', seq: 1 } });
    expect(h.tampered[0]?.message).toContain('gw-branch-b');
    expect(h.handle.store.events.head('gw-branch-b').lastSeq).toBe(0);
    expect(h.handle.store.events.head(h.gw.gatewayId).tampered).toBe(false);
  });

  it('resumes from the stored head once an operator clears the tampered mark', async () => {
    const chain = h.gw.emit(3);
    await h.service.receive(h.gw.gatewayId, payload([chain[0], forge(chain[1]!)]));
    h.handle.store.events.clearTampered(h.gw.gatewayId);
    await h.service.receive(h.gw.gatewayId, payload(chain.slice(1)));
    expect(h.storedSeqs()).toEqual([1, 2, 3]);
  });
});
