import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { BodyOf, EventType } from './event-bodies.ts';
import type { EventEnvelope } from './event-envelope.ts';

/**
 * The signed event chain of DESIGN §7. `hash` = SHA-256 (hex) of the RFC 8785 canonical JSON of the
 * envelope without `hash` and `sig`; `sig` = Ed25519 over the UTF-8 bytes of that hex string (base64url);
 * `prev` = the previous envelope's `hash`. Since `prev` is inside what is hashed, a valid signature on
 * event n vouches for every event before it.
 */

export type UnsignedEnvelope = Omit<EventEnvelope, 'hash' | 'sig'>;

/** What the producer of an event decides; `v` is added here. */
export interface EnvelopeFields<T extends EventType = EventType> {
  id: string;
  gw: string;
  seq: number;
  prev: string;
  ts: string;
  type: T;
  body: BodyOf<T>;
}

/** An Ed25519 signature is 64 bytes. */
const SIGNATURE_BYTES = 64;

/** SHA-256 hex of the canonical envelope; `hash` and `sig` are left out if present. */
export function envelopeHash(envelope: UnsignedEnvelope | EventEnvelope): string {
  const { hash: _hash, sig: _sig, ...hashed } = envelope as EventEnvelope;
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/** Ed25519 over the UTF-8 bytes of the hash hex string, base64url. */
export function signHash(hash: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64url');
}

/** Whether `sig` is a valid signature of `hash` by `publicKey`; malformed input is simply not valid. */
export function verifyHashSignature(hash: string, sig: string, publicKey: KeyObject): boolean {
  const signature = Buffer.from(sig, 'base64url');
  if (signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, Buffer.from(hash, 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

export function signEnvelope(envelope: UnsignedEnvelope, privateKey: KeyObject): EventEnvelope {
  const hash = envelopeHash(envelope);
  return { ...envelope, hash, sig: signHash(hash, privateKey) };
}

export function createEnvelope<T extends EventType>(
  fields: EnvelopeFields<T>,
  privateKey: KeyObject,
): EventEnvelope {
  const { id, gw, seq, ts, type, body, prev } = fields;
  return signEnvelope(
    { v: 1, id, gw, seq, ts, type, body: body as Record<string, unknown>, prev },
    privateKey,
  );
}

/**
 * Whether the envelope's hash matches its content and its signature is by `publicKey`. Checks one
 * envelope alone; links and the schema are the chain verifier's work.
 */
export function verifyEnvelope(envelope: EventEnvelope, publicKey: KeyObject): boolean {
  try {
    return (
      envelopeHash(envelope) === envelope.hash && verifyHashSignature(envelope.hash, envelope.sig, publicKey)
    );
  } catch {
    // A body the canonical form cannot express (NaN, a lone surrogate) was never signed by a gateway.
    return false;
  }
}
