import { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { check } from '@vaultline/shared/contract/validate';

export type PayloadReading =
  | {
      ok: true;
      envelopes: EventEnvelope[];
      items: number;
      invalid: Array<{ index: number; problem: string }>;
    }
  | { ok: false; problem: string };

/** An MQTT payload as JSON, or what is wrong with it; never throws. */
export function readJsonPayload(
  payload: Uint8Array,
): { ok: true; json: unknown } | { ok: false; problem: string } {
  try {
    const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
    return { ok: true, json: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` };
  }
}

/**
 * Reads an `events` payload (DESIGN §7): one envelope or a JSON array of envelopes. Envelopes that fail
 * the schema are listed and left out; the rest go on. Never throws on any input.
 */
export function readEventsPayload(payload: Uint8Array, maxEnvelopes: number): PayloadReading {
  const read = readJsonPayload(payload);
  if (!read.ok) return read;
  const { json } = read;
  const items = Array.isArray(json) ? json : [json];
  if (items.length === 0) return { ok: false, problem: 'an empty array' };
  if (items.length > maxEnvelopes)
    return { ok: false, problem: `${items.length} envelopes in one message, more than ${maxEnvelopes}` };
  const envelopes: EventEnvelope[] = [];
  const invalid: Array<{ index: number; problem: string }> = [];
  items.forEach((item, index) => {
    const result = check(EventEnvelope, item);
    if (result.ok) envelopes.push(result.value);
    else invalid.push({ index, problem: result.errors[0] ?? 'not an event envelope' });
  });
  return { ok: true, envelopes, items: items.length, invalid };
}
