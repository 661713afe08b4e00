import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { describe, expect, it } from 'vitest';
import { encodeBatches, isAlarmEvent } from '../../src/uplink/event-batch.ts';

function envelope(seq: number, bodyBytes = 10): EventEnvelope {
  return {
    v: 1,
    id: String(seq).padStart(26, '0'),
    gw: 'gw-1',
    seq,
    ts: '2026-11-23T08:00:00.000Z',
    type: 'box.scanned',
    body: { pad: 'x'.repeat(bodyBytes) },
    prev: '0'.repeat(64),
    hash: '1'.repeat(64),
    sig: 'A'.repeat(86),
  };
}

describe('encodeBatches', () => {
  it('sends a lone event as the envelope itself and several as a JSON array', () => {
    const [single] = encodeBatches([envelope(1)], { maxCount: 10, maxBytes: 10_000 });
    expect(JSON.parse(single?.payload ?? '')).toEqual(envelope(1));
    const [many] = encodeBatches([envelope(1), envelope(2)], { maxCount: 10, maxBytes: 10_000 });
    expect(JSON.parse(many?.payload ?? '')).toEqual([envelope(1), envelope(2)]);
    expect(many?.seqs).toEqual([1, 2]);
  });

  it('cuts at the count limit', () => {
    const batches = encodeBatches(
      [1, 2, 3, 4, 5].map((s) => envelope(s)),
      { maxCount: 2, maxBytes: 1e6 },
    );
    expect(batches.map((b) => b.seqs)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('cuts at the byte limit, counting brackets and commas, and sends an oversized envelope alone', () => {
    const one = Buffer.byteLength(JSON.stringify(envelope(1)));
    const exactTwo = 2 + one + 1 + one;
    const fits = encodeBatches([envelope(1), envelope(2)], { maxCount: 10, maxBytes: exactTwo });
    expect(fits.map((b) => b.seqs)).toEqual([[1, 2]]);
    expect(Buffer.byteLength(fits[0]?.payload ?? '')).toBe(exactTwo);
    const tooSmall = encodeBatches([envelope(1), envelope(2)], { maxCount: 10, maxBytes: exactTwo - 1 });
    expect(tooSmall.map((b) => b.seqs)).toEqual([[1], [2]]);
    const huge = encodeBatches([envelope(1), envelope(2, 5000), envelope(3)], {
      maxCount: 10,
      maxBytes: 2000,
    });
    expect(huge.map((b) => b.seqs)).toEqual([[1], [2], [3]]);
  });

  it('gives nothing for nothing', () => {
    expect(encodeBatches([], { maxCount: 10, maxBytes: 1000 })).toEqual([]);
  });

  it('knows the alarm types', () => {
    expect(isAlarmEvent({ type: 'alarm.raised' })).toBe(true);
    expect(isAlarmEvent({ type: 'alarm.cleared' })).toBe(true);
    expect(isAlarmEvent({ type: 'box.scanned' })).toBe(false);
  });
});
