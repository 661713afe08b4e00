import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';

/** One `events` message: its payload and the seqs it carries. */
export interface EventBatch {
  payload: string;
  seqs: number[];
}

/**
 * Cuts `envelopes` (in the order given) into `events` payloads of at most `maxCount` envelopes and
 * `maxBytes` UTF-8 bytes: a lone envelope is sent as itself, several as a JSON array (DESIGN §7).
 */
export function encodeBatches(
  envelopes: readonly EventEnvelope[],
  limits: { maxCount: number; maxBytes: number },
): EventBatch[] {
  const batches: EventBatch[] = [];
  let parts: string[] = [];
  let seqs: number[] = [];
  // "[" + "]" around the parts, and a comma between two of them.
  let bytes = 2;
  const flush = () => {
    if (parts.length === 0) return;
    batches.push({ payload: parts.length === 1 ? (parts[0] as string) : `[${parts.join(',')}]`, seqs });
    parts = [];
    seqs = [];
    bytes = 2;
  };
  for (const envelope of envelopes) {
    const json = JSON.stringify(envelope);
    const size = Buffer.byteLength(json);
    if (parts.length > 0 && (parts.length >= limits.maxCount || bytes + 1 + size > limits.maxBytes)) flush();
    bytes += size + (parts.length > 0 ? 1 : 0);
    parts.push(json);
    seqs.push(envelope.seq);
  }
  flush();
  return batches;
}

export function isAlarmEvent(envelope: Pick<EventEnvelope, 'type'>): boolean {
  return envelope.type === 'alarm.raised' || envelope.type === 'alarm.cleared';
}
