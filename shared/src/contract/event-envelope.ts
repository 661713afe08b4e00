import { type Static, Type } from '@sinclair/typebox';
import { EVENT_TYPES } from './event-bodies.ts';

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/**
 * The signed event envelope (DESIGN §7). `hash` = SHA-256 (hex) of the canonical JSON (RFC 8785) of the
 * envelope without `hash` and `sig`; `sig` = Ed25519 signature by the gateway over the `hash` string
 * (base64url); `prev` = the previous envelope's `hash` (64 zeros for seq 1).
 */
export const EventEnvelope = Type.Object({
  v: Type.Literal(1),
  id: Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', description: 'ULID' }),
  gw: Type.String({ minLength: 1, maxLength: 64 }),
  seq: Type.Integer({ minimum: 1 }),
  ts: Type.String({ format: 'date-time' }),
  type: Type.Union(EVENT_TYPES.map((t) => Type.Literal(t))),
  body: Type.Record(Type.String(), Type.Unknown()),
  prev: Hex64,
  hash: Hex64,
  sig: Type.String({ pattern: '^[A-Za-z0-9_-]{86}$', description: 'Ed25519 signature, base64url' }),
});
export type EventEnvelope = Static<typeof EventEnvelope>;

/** `prev` of the first event of a gateway's chain. */
export const GENESIS_HASH = '0'.repeat(64);
