import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { ChainHead } from '../ports.ts';

export interface Partition {
  /** Envelopes at or below the head whose hash matches the stored one: redeliveries, no-ops. */
  duplicates: number;
  /** The first envelope at or below the head whose hash differs from the stored one. */
  fork?: EventEnvelope;
  /** Envelopes beyond the head that came again with another hash; the copy seen first is kept. */
  conflicts: number;
  /** The contiguous envelopes right after the head (head + 1, + 2 …), by seq: to verify and store. */
  run: EventEnvelope[];
  /** Envelopes after a gap, by seq: to hold until the gap fills. */
  beyond: EventEnvelope[];
}

/**
 * Sorts what arrived (plus what was held from earlier messages) against the stored head. Arrival order
 * does not matter: a batch may carry an alarm ahead of the backlog (DESIGN §7), or come before the batch
 * it follows; only seq order is kept.
 */
export function partitionAfterHead(
  head: ChainHead,
  held: readonly EventEnvelope[],
  arrived: readonly EventEnvelope[],
  storedHash: (seq: number) => string | undefined,
): Partition {
  const result: Partition = { duplicates: 0, conflicts: 0, run: [], beyond: [] };
  const ahead = new Map<number, EventEnvelope>();
  // Held copies go first, so the copy seen first wins a conflict.
  for (const env of held) if (env.seq > head.lastSeq) ahead.set(env.seq, env);
  for (const env of arrived) {
    if (env.seq <= head.lastSeq) {
      if (storedHash(env.seq) === env.hash) result.duplicates += 1;
      else result.fork ??= env;
      continue;
    }
    const seen = ahead.get(env.seq);
    if (seen === undefined) ahead.set(env.seq, env);
    else if (seen.hash !== env.hash) result.conflicts += 1;
  }
  const sorted = [...ahead.values()].sort((a, b) => a.seq - b.seq);
  let next = head.lastSeq + 1;
  let index = 0;
  while (index < sorted.length && sorted[index]?.seq === next) {
    result.run.push(sorted[index] as EventEnvelope);
    next += 1;
    index += 1;
  }
  result.beyond = sorted.slice(index);
  return result;
}
