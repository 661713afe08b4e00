import { createHash } from 'node:crypto';
import { R30X_TEMPLATE_BYTES } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';

/**
 * Simulated finger templates. A real R30x template is an opaque 512-byte blob (protocol §6); ours is
 * deterministic per finger so the gateway, the CLI (`vaultline-sim template <fingerId>`) and the simulated
 * module agree on it without sharing state:
 *
 * | offset | size | content |
 * |---|---|---|
 * | 0 | 4 | magic `VLFP` (Vaultline fingerprint) |
 * | 4 | 1 | layout version 1 |
 * | 5 | 32 | SHA-256 of the finger id: the key the simulated matcher compares |
 * | 37 | 1 | n = UTF-8 length of the finger id, 0 when it is longer than 255 bytes |
 * | 38 | n | the finger id, so a module can name what it stores |
 * | 38+n | rest | SHA-256 expansion of the key (feature-like noise) |
 */
const MAGIC = Buffer.from('VLFP', 'ascii');
const VERSION = 1;
const KEY_OFFSET = 5;
const KEY_BYTES = 32;
const ID_LENGTH_OFFSET = KEY_OFFSET + KEY_BYTES;
const ID_OFFSET = ID_LENGTH_OFFSET + 1;
const MAX_EMBEDDED_ID = 255;

/** Match scores the simulated matcher reports: a realistic spread, fixed per finger. */
const MIN_SCORE = 50;
const MAX_SCORE = 250;

export interface FingerIdentity {
  /** Hex SHA-256 of the finger id; equal keys = same finger. */
  key: string;
  /** The finger id, or null when it was too long to embed. */
  fingerId: string | null;
}

export function templateForFinger(fingerId: string): Uint8Array {
  if (fingerId.length === 0) throw new RangeError('a finger id must not be empty');
  const key = sha256(Buffer.from(fingerId, 'utf8'));
  const id = Buffer.from(fingerId, 'utf8');
  const embedded = id.length <= MAX_EMBEDDED_ID ? id : Buffer.alloc(0);
  const template = new Uint8Array(R30X_TEMPLATE_BYTES);
  template.set(MAGIC, 0);
  template[4] = VERSION;
  template.set(key, KEY_OFFSET);
  template[ID_LENGTH_OFFSET] = embedded.length;
  template.set(embedded, ID_OFFSET);
  let offset = ID_OFFSET + embedded.length;
  for (let block = 0; offset < template.length; block++) {
    const noise = sha256(Buffer.concat([key, Buffer.of(block)]));
    const take = noise.subarray(0, template.length - offset);
    template.set(take, offset);
    offset += take.length;
  }
  return template;
}

/** The template as base64, what `vaultline-sim template <fingerId>` prints for enrolment fixtures. */
export function templateBase64(fingerId: string): string {
  return Buffer.from(templateForFinger(fingerId)).toString('base64');
}

/**
 * Which finger a template or character buffer came from, or null for bytes that are not a simulated
 * template (a foreign or corrupted download).
 */
export function identifyTemplate(template: Uint8Array): FingerIdentity | null {
  if (template.length !== R30X_TEMPLATE_BYTES) return null;
  const bytes = Buffer.from(template.buffer, template.byteOffset, template.length);
  if (!bytes.subarray(0, 4).equals(MAGIC) || bytes[4] !== VERSION) return null;
  const key = bytes.subarray(KEY_OFFSET, KEY_OFFSET + KEY_BYTES);
  const idLength = bytes[ID_LENGTH_OFFSET] ?? 0;
  const id = bytes.subarray(ID_OFFSET, ID_OFFSET + idLength);
  if (idLength > 0 && !sha256(id).equals(key)) return null;
  return { key: key.toString('hex'), fingerId: idLength > 0 ? id.toString('utf8') : null };
}

/** The score the simulated matcher gives a finger against its own template: fixed per finger, 50…250. */
export function matchScoreFor(identity: FingerIdentity): number {
  const spread = MAX_SCORE - MIN_SCORE + 1;
  return MIN_SCORE + (Number.parseInt(identity.key.slice(0, 4), 16) % spread);
}

function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}
