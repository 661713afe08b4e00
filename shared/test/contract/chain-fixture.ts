import type { KeyObject } from 'node:crypto';
import { createEnvelope } from '../../src/contract/event-chain.ts';
import type { EventEnvelope } from '../../src/contract/event-envelope.ts';
import { GENESIS_HASH } from '../../src/contract/event-envelope.ts';
import { createUlidGenerator } from '../../src/crypto/ulid.ts';

export const GW = 'gw-branch-a';
const START = Date.UTC(2026, 10, 23, 8, 0, 0);
const TYPES = [
  'vehicle.arrived',
  'crew.verified',
  'door.opened',
  'box.scanned',
  'handover.completed',
] as const;

/** `count` correctly linked and signed envelopes, seq 1..count, bodies from `bodies` when given. */
export function makeChain(
  count: number,
  key: KeyObject,
  bodies: Record<string, unknown>[] = [],
): EventEnvelope[] {
  let now = START;
  const ulid = createUlidGenerator({ clock: { now: () => now }, random: (n) => new Uint8Array(n).fill(7) });
  const chain: EventEnvelope[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < count; i++) {
    now += 1_000;
    const env = createEnvelope(
      {
        id: ulid(),
        gw: GW,
        seq: i + 1,
        prev,
        ts: new Date(now).toISOString(),
        type: TYPES[i % TYPES.length]!,
        body: bodies[i] ?? { step: i, siteId: 'branch-a', note: `event ${i}` },
      },
      key,
    );
    chain.push(env);
    prev = env.hash;
  }
  return chain;
}
