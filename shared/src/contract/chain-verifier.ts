import type { KeyObject } from 'node:crypto';
import { envelopeHash, verifyHashSignature } from './event-chain.ts';
import { EventEnvelope, GENESIS_HASH } from './event-envelope.ts';
import { check } from './validate.ts';

export type ChainProblem = 'schema' | 'gateway' | 'seq' | 'prev' | 'hash' | 'signature';

export interface ChainOptions {
  /** `hash` of the event before the first one given (what the verifier already holds). Default: the
   * genesis hash when the first `seq` is 1, otherwise whatever the first event says. */
  expectedPrev?: string;
  /** `seq` the first event must have (the verifier's last seq + 1). Default: any. */
  expectedFirstSeq?: number;
  /** Gateway every event must come from. Default: the `gw` of the first event. */
  gatewayId?: string;
  /**
   * `every` verifies each signature. `last` verifies every hash link but only the final signature: a
   * valid signature on event n authenticates all before it through `prev` (DESIGN §7), and Ed25519
   * verification costs ~30× a SHA-256 of an envelope. Default: `every`.
   */
  signatures?: 'every' | 'last';
}

export type ChainResult =
  | { ok: true; lastSeq: number; lastHash: string }
  | {
      ok: false;
      /** Position in the given array of the first bad event. */
      index: number;
      /** Its `seq`, or null when it has none that can be read. */
      seq: number | null;
      problem: ChainProblem;
      message: string;
    };

/**
 * Checks a run of consecutive envelopes of one gateway and reports the FIRST bad link: per event, in this
 * order, its schema, its gateway, its `seq` (previous + 1), its `prev` (previous `hash`), its `hash`
 * (recomputed), then its signature. An altered event fails at its own index ('hash', or 'signature' when
 * the hash was recomputed); a removed event shows as a `seq` gap; reordered events as a `seq` step.
 */
export function verifyChain(
  envelopes: readonly unknown[],
  publicKey: KeyObject,
  options: ChainOptions = {},
): ChainResult {
  const mode = options.signatures ?? 'every';
  let gateway = options.gatewayId;
  let lastSeq = (options.expectedFirstSeq ?? 1) - 1;
  let lastHash = options.expectedPrev ?? GENESIS_HASH;
  for (let index = 0; index < envelopes.length; index++) {
    const raw = envelopes[index];
    const fail = (problem: ChainProblem, detail: string): ChainResult => {
      const seq = readSeq(raw);
      const at = seq === null ? `event ${index}` : `event ${index} (seq ${seq})`;
      return { ok: false, index, seq, problem, message: `${at}: ${detail}` };
    };
    const parsed = check(EventEnvelope, raw);
    if (!parsed.ok) return fail('schema', `is not a valid event envelope: ${parsed.errors[0]}`);
    const env = parsed.value;
    gateway ??= env.gw;
    if (env.gw !== gateway) return fail('gateway', `comes from gateway "${env.gw}", expected "${gateway}"`);
    const first = index === 0;
    if (first) {
      if (options.expectedFirstSeq === undefined) lastSeq = env.seq - 1;
      if (options.expectedPrev === undefined && env.seq !== 1) lastHash = env.prev;
    }
    if (env.seq !== lastSeq + 1) {
      const why =
        env.seq > lastSeq + 1 ? 'events are missing before it' : 'events are repeated or out of order';
      return fail('seq', `expected seq ${lastSeq + 1}; ${why}`);
    }
    if (env.prev !== lastHash) {
      const before = first ? 'the expected previous hash' : `the hash of seq ${lastSeq}`;
      return fail(
        'prev',
        `prev does not match ${before}: this event or the one before was altered, removed or replaced`,
      );
    }
    if (hashOrNull(env) !== env.hash)
      return fail('hash', 'content does not match its hash: the event was altered');
    const lastOne = index === envelopes.length - 1;
    if ((mode === 'every' || lastOne) && !verifyHashSignature(env.hash, env.sig, publicKey)) {
      const vouches =
        mode === 'last' && !first ? ' (and so it vouches for none of the events before it)' : '';
      return fail('signature', `signature is not by this gateway's key: forged or re-hashed${vouches}`);
    }
    lastSeq = env.seq;
    lastHash = env.hash;
  }
  return { ok: true, lastSeq, lastHash };
}

function hashOrNull(env: EventEnvelope): string | null {
  try {
    return envelopeHash(env);
  } catch {
    // A body without a canonical form (NaN, a lone surrogate) cannot have been hashed by a gateway.
    return null;
  }
}

function readSeq(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const seq = (raw as { seq?: unknown }).seq;
  return typeof seq === 'number' ? seq : null;
}
