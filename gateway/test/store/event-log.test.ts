import { verifyChain } from '@vaultline/shared/contract/chain-verifier';
import type { EventType } from '@vaultline/shared/contract/event-bodies';
import { GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventItem } from '../../src/store/event-log.ts';
import { StoreError } from '../../src/store/store-errors.ts';
import { openTestStore, sampleEngineState, testSigner } from './store-fixture.ts';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);

function item(type: EventType, n: number): EventItem {
  return { type, body: { n }, ts: T0 + n * 1000 };
}

describe('EventLog', () => {
  let handle: ReturnType<typeof openTestStore>;
  afterEach(() => handle.dispose());

  it('signs a gap-free chain from seq 1 and GENESIS_HASH', () => {
    handle = openTestStore();
    const signer = testSigner();
    const { events } = handle.store;
    expect(events.lastSeq()).toBe(0);
    expect(events.lastHash()).toBe(GENESIS_HASH);
    const first = events.append([item('vehicle.arrived', 1), item('crew.verified', 2)], signer);
    const second = events.append([item('door.opened', 3)], signer);
    expect([...first, ...second].map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first[0]?.prev).toBe(GENESIS_HASH);
    expect(first[1]?.prev).toBe(first[0]?.hash);
    expect(second[0]?.prev).toBe(first[1]?.hash);
    expect(second[0]?.ts).toBe('2026-11-23T08:00:03.000Z');
    expect(events.lastSeq()).toBe(3);
    expect(events.lastHash()).toBe(second[0]?.hash);
    expect(verifyChain([...events.all()], signer.publicKey)).toEqual({
      ok: true,
      lastSeq: 3,
      lastHash: second[0]?.hash,
    });
  });

  it('stores each envelope exactly as signed', () => {
    handle = openTestStore();
    const [signed] = handle.store.events.append([item('box.scanned', 1)], testSigner());
    const db = new Database(handle.path, { readonly: true });
    const row = db.prepare('SELECT * FROM events WHERE seq = 1').get() as Record<string, unknown>;
    db.close();
    expect(row.envelope).toBe(JSON.stringify(signed));
    expect(row).toMatchObject({
      id: signed?.id,
      type: 'box.scanned',
      ts: T0 + 1000,
      hash: signed?.hash,
      priority: 1,
    });
    expect(handle.store.events.get(1)).toEqual(signed);
    expect(handle.store.events.get(2)).toBeUndefined();
  });

  it('continues seq and prev after the store is reopened', () => {
    handle = openTestStore();
    const signer = testSigner();
    handle.store.events.append([item('vehicle.arrived', 1), item('crew.verified', 2)], signer);
    const lastHash = handle.store.events.lastHash();
    const reopened = handle.reopen();
    const [next] = reopened.events.append([item('door.opened', 3)], signer);
    expect(next).toMatchObject({ seq: 3, prev: lastHash });
    expect(verifyChain([...reopened.events.all()], signer.publicKey).ok).toBe(true);
  });

  it('commits events and state together or not at all', () => {
    handle = openTestStore();
    const { store } = handle;
    const signer = testSigner();
    store.transaction(() => {
      store.events.append([item('vehicle.arrived', 1)], signer);
      store.engineState.save(sampleEngineState(['r1#1']));
    });
    expect(() =>
      store.transaction(() => {
        store.events.append([item('crew.verified', 2), item('door.opened', 3)], signer);
        store.engineState.save(sampleEngineState(['r1#1', 'r1#2']));
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(store.events.lastSeq()).toBe(1);
    expect(store.engineState.load()?.completedStops).toEqual(['r1#1']);
    const [next] = store.events.append([item('crew.verified', 2)], signer);
    expect(next?.seq).toBe(2);
  });

  it('keeps a batch atomic even outside a transaction', () => {
    handle = openTestStore();
    const body = { bad: Number.NaN };
    expect(() =>
      handle.store.events.append(
        [item('vehicle.arrived', 1), { type: 'crew.verified', body, ts: T0 }],
        testSigner(),
      ),
    ).toThrow(/NaN/);
    expect(handle.store.events.lastSeq()).toBe(0);
  });

  it('refuses to extend another gateway chain', () => {
    handle = openTestStore();
    handle.store.events.append([item('vehicle.arrived', 1)], testSigner('gw-a'));
    const wrong = () => handle.store.events.append([item('crew.verified', 2)], testSigner('gw-b'));
    expect(wrong).toThrow(StoreError);
    expect(wrong).toThrow(/holds the chain of gateway gw-a, not gw-b/);
  });

  it('returns unacked events with alarms first, each group by seq', () => {
    handle = openTestStore();
    const { events } = handle.store;
    const types: EventType[] = [
      'vehicle.arrived',
      'alarm.raised',
      'box.scanned',
      'alarm.cleared',
      'door.opened',
    ];
    events.append(
      types.map((type, i) => item(type, i + 1)),
      testSigner(),
    );
    expect(events.unacked({ limit: 10 }).map((e) => e.seq)).toEqual([2, 4, 1, 3, 5]);
    expect(events.unacked({ limit: 3 }).map((e) => e.seq)).toEqual([2, 4, 1]);
    expect(events.unacked({ limit: 10, alarmsFirst: false }).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    events.ackUpTo(2);
    expect(events.unacked({ limit: 10 }).map((e) => e.seq)).toEqual([4, 3, 5]);
  });

  it('acknowledges idempotently and never deletes', async () => {
    handle = openTestStore();
    const { events } = handle.store;
    events.append(
      [1, 2, 3, 4].map((n) => item('box.scanned', n)),
      testSigner(),
    );
    await handle.clock.advance(5000);
    expect(events.ackUpTo(2)).toBe(2);
    expect(events.ackUpTo(2)).toBe(0);
    expect(events.ackUpTo(1)).toBe(0);
    expect(events.ackUpTo(3)).toBe(1);
    expect(events.unacked({ limit: 10 }).map((e) => e.seq)).toEqual([4]);
    expect(events.range(1).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const db = new Database(handle.path, { readonly: true });
    const acked = db.prepare('SELECT seq, acked_at FROM events ORDER BY seq').all();
    db.close();
    expect(acked).toEqual([
      { seq: 1, acked_at: handle.clock.now() },
      { seq: 2, acked_at: handle.clock.now() },
      { seq: 3, acked_at: handle.clock.now() },
      { seq: 4, acked_at: null },
    ]);
  });

  it('reports the backlog: count, oldest unacked ts and bytes', () => {
    handle = openTestStore();
    const { events } = handle.store;
    expect(events.backlog()).toEqual({ count: 0, oldestTs: null, bytes: 0 });
    const stored = events.append(
      [
        item('vehicle.arrived', 1),
        item('crew.verified', 2),
        { type: 'box.scanned', body: { label: '钞箱' }, ts: T0 + 3000 },
      ],
      testSigner(),
    );
    const size = (n: number) => Buffer.byteLength(JSON.stringify(stored[n]));
    expect(events.backlog()).toEqual({ count: 3, oldestTs: T0 + 1000, bytes: size(0) + size(1) + size(2) });
    events.ackUpTo(1);
    expect(events.backlog()).toEqual({ count: 2, oldestTs: T0 + 2000, bytes: size(1) + size(2) });
    events.ackUpTo(3);
    expect(events.backlog()).toEqual({ count: 0, oldestTs: null, bytes: 0 });
  });

  it('reads ranges and walks a chain longer than one page', () => {
    handle = openTestStore();
    const signer = testSigner();
    const { events } = handle.store;
    const total = 1234;
    for (let start = 1; start <= total; start += 100) {
      const batch = [];
      for (let n = start; n < Math.min(start + 100, total + 1); n++) batch.push(item('box.scanned', n));
      events.append(batch, signer);
    }
    expect(events.range(10, 12).map((e) => e.seq)).toEqual([10, 11, 12]);
    expect(events.range(1230).map((e) => e.seq)).toEqual([1230, 1231, 1232, 1233, 1234]);
    const all = [...events.all()];
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(verifyChain(all, signer.publicKey, { signatures: 'last' }).ok).toBe(true);
  });

  it('walks past a gap, so the verifier pinpoints a removed event', () => {
    handle = openTestStore();
    const signer = testSigner();
    handle.store.events.append(
      [1, 2, 3, 4].map((n) => item('box.scanned', n)),
      signer,
    );
    const db = new Database(handle.path);
    db.prepare('DELETE FROM events WHERE seq = 2').run();
    db.close();
    const all = [...handle.store.events.all()];
    expect(all.map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(verifyChain(all, signer.publicKey)).toMatchObject({ ok: false, index: 1, seq: 3, problem: 'seq' });
  });
});
