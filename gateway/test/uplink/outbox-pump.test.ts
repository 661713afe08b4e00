import { afterEach, describe, expect, it } from 'vitest';
import { pumpFixture, seqs } from './uplink-fixture.ts';

type Fixture = ReturnType<typeof pumpFixture>;
let fixture: Fixture | undefined;
function setup(...args: Parameters<typeof pumpFixture>): Fixture {
  fixture = pumpFixture(...args);
  return fixture;
}
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

describe('OutboxPump: draining', () => {
  it('sends the backlog in order through a bounded window, and publishing alone acknowledges nothing', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 3 });
    f.append(45);
    f.pump.connected();
    expect(f.sentSeqs()).toEqual([seqs(1, 10), seqs(11, 20), seqs(21, 30)]);
    expect(f.unackedCount()).toBe(45);
    expect(f.pump.progress()).toMatchObject({ ackedUpTo: 0, nextSeq: 31, inFlightBatches: 3 });
  });

  it("takes events out of the outbox only up to the centre's upToSeq, then sends more", async () => {
    const f = setup({ batchSize: 10, inFlightBatches: 2 });
    f.append(35);
    f.pump.connected();
    expect(f.pump.ack(10)).toBe('progress');
    expect(f.unackedCount()).toBe(25);
    expect(f.sentSeqs().at(-1)).toEqual(seqs(21, 30));
    expect(f.pump.ack(30)).toBe('progress');
    expect(f.sentSeqs().at(-1)).toEqual(seqs(31, 35));
    expect(f.pump.ack(35)).toBe('progress');
    await f.clock.advance(200);
    expect(f.unackedCount()).toBe(0);
    expect(f.pump.progress()).toMatchObject({ ackedUpTo: 35, inFlightBatches: 0 });
  });

  it('writes acks that come in a burst to the outbox once, and at once on a disconnection', async () => {
    const f = setup({ batchSize: 5, inFlightBatches: 20 });
    f.append(40);
    let writes = 0;
    const ackUpTo = f.events.ackUpTo.bind(f.events);
    f.events.ackUpTo = (seq) => {
      writes += 1;
      return ackUpTo(seq);
    };
    f.pump.connected();
    for (const upTo of [5, 10, 15, 20]) f.pump.ack(upTo);
    expect(writes).toBe(1);
    expect(f.unackedCount()).toBe(35);
    await f.clock.advance(200);
    expect(writes).toBe(2);
    expect(f.unackedCount()).toBe(20);
    f.pump.ack(25);
    f.pump.ack(30);
    f.pump.disconnected();
    expect(f.unackedCount()).toBe(10);
    expect(f.pump.progress().lastAckAt).toBe(f.clock.now());
  });

  it('treats a repeated ack as stale and an ack past the newest event as beyond, acknowledging nothing', () => {
    const f = setup({ batchSize: 10 });
    f.append(20);
    f.pump.connected();
    f.pump.ack(10);
    expect(f.pump.ack(5)).toBe('stale');
    expect(f.pump.ack(21)).toBe('beyond');
    expect(f.unackedCount()).toBe(10);
  });

  it('sends events appended while connected at once, and none while disconnected', () => {
    const f = setup({ batchSize: 10 });
    f.pump.connected();
    f.pump.appended(f.append(3));
    expect(f.sentSeqs()).toEqual([[1, 2, 3]]);
    f.pump.disconnected();
    f.pump.appended(f.append(2));
    expect(f.published).toHaveLength(1);
    f.pump.connected();
    expect(f.sentSeqs().at(-1)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports the acknowledgements of an earlier run before it first connects', () => {
    const f = setup();
    f.append(12);
    f.events.ackUpTo(9);
    expect(f.pump.progress()).toMatchObject({ ackedUpTo: 9, lastAckAt: null });
  });

  it('resumes after a reconnection from the first event the centre has not acknowledged', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 1 });
    f.append(25);
    f.pump.connected();
    f.pump.ack(7);
    f.pump.disconnected();
    f.published.length = 0;
    f.pump.connected();
    expect(f.sentSeqs()).toEqual([seqs(8, 17)]);
  });

  it('cuts batches at the byte limit and resumes after the last event sent', () => {
    const f = setup({ batchSize: 100, batchMaxBytes: 2_000, inFlightBatches: 2 });
    f.append(10);
    f.pump.connected();
    const [first, second] = f.published;
    expect(first && Buffer.byteLength(first.payload)).toBeLessThanOrEqual(2_000);
    expect([...(first?.seqs ?? []), ...(second?.seqs ?? [])]).toEqual(
      seqs(1, (second?.seqs.at(-1) as number) ?? 0),
    );
    expect(first?.seqs.length).toBeLessThan(10);
  });
});

describe('OutboxPump: alarms jump ahead', () => {
  it('sends pending alarms before a backlog and skips them in the ordered stream', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 10 });
    f.append(30, [15, 28]);
    f.pump.connected();
    expect(f.sentSeqs()[0]).toEqual([15, 28]);
    expect(f.sentSeqs().slice(1).flat()).toEqual(seqs(1, 30).filter((s) => s !== 15 && s !== 28));
  });

  it('sends an alarm raised during catch-up even when the window is full', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 1 });
    f.append(50);
    f.pump.connected();
    const [alarm] = f.append(1, [1]);
    f.pump.appended(alarm ? [alarm] : []);
    expect(f.sentSeqs()).toEqual([seqs(1, 10), [51]]);
  });

  it('never acknowledges an alarm sent ahead until the centre acks past it', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 1 });
    f.append(30, [30]);
    f.pump.connected();
    expect(f.sentSeqs()).toEqual([[30], seqs(1, 10)]);
    f.pump.ack(10);
    expect(f.events.get(30)).toBeDefined();
    expect(f.events.unacked({ limit: 100, alarmsFirst: true }).map((e) => e.seq)[0]).toBe(30);
    expect(f.unackedCount()).toBe(20);
  });
});

describe('OutboxPump: repair and timeouts', () => {
  it('re-sends from the first unacknowledged event when the centre stays silent, backing off', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 1, ackTimeoutMs: 1_000, ackTimeoutMaxMs: 3_000 });
    f.append(15);
    f.pump.connected();
    f.pump.ack(5);
    f.published.length = 0;
    return (async () => {
      await f.clock.advance(999);
      expect(f.published).toHaveLength(0);
      await f.clock.advance(1);
      expect(f.sentSeqs()).toEqual([seqs(6, 15)]);
      await f.clock.advance(1_999);
      expect(f.published).toHaveLength(1);
      await f.clock.advance(1);
      expect(f.published).toHaveLength(2);
      await f.clock.advance(3_000);
      expect(f.published).toHaveLength(3);
      expect(f.lines.some((l) => l.level === 40 && String(l.msg).includes('no ack from the centre'))).toBe(
        true,
      );
      f.pump.ack(15);
      await f.clock.advance(60_000);
      expect(f.published).toHaveLength(3);
    })();
  });

  it('re-sends a range the centre asks for, acknowledged or not, in the window ahead of new events', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 2 });
    f.append(40);
    f.pump.connected();
    f.pump.ack(20);
    f.published.length = 0;
    expect(f.pump.resend(5, 12)).toBe(true);
    f.append(5);
    expect(f.published).toHaveLength(0);
    f.pump.ack(30);
    expect(f.sentSeqs()).toEqual([seqs(5, 12)]);
    f.pump.ack(40);
    expect(f.sentSeqs()).toEqual([seqs(5, 12), seqs(41, 45)]);
  });

  it('re-sends everything below the stream cursor when the centre gives no upper bound', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 2 });
    f.append(25);
    f.pump.connected();
    f.published.length = 0;
    f.pump.ack(20);
    expect(f.sentSeqs()).toEqual([seqs(21, 25)]);
    f.published.length = 0;
    f.pump.ack(25);
    expect(f.pump.resend(18)).toBe(true);
    expect(f.sentSeqs()).toEqual([seqs(18, 25)]);
  });

  it('sends alarms that went ahead again, in order, when the centre asks from before them', () => {
    const f = setup({ batchSize: 10, inFlightBatches: 1 });
    f.append(12, [12]);
    f.pump.connected();
    expect(f.sentSeqs()).toEqual([[12], seqs(1, 10)]);
    f.pump.resend(11);
    f.pump.ack(10);
    expect(f.sentSeqs().at(-1)).toEqual([11, 12]);
  });

  it('refuses a resend from a seq it never wrote', () => {
    const f = setup();
    f.append(3);
    f.pump.connected();
    expect(f.pump.resend(4)).toBe(false);
  });
});
