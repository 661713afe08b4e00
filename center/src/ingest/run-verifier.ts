import type { KeyObject } from 'node:crypto';
import { type ChainResult, verifyChain } from '@vaultline/shared/contract/chain-verifier';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { ChainHead } from '../ports.ts';

export type RunFailure = Extract<ChainResult, { ok: false }>;

export interface VerifiedRun {
  /** The leading envelopes proven genuine and linked to the head: safe to store. */
  verified: EventEnvelope[];
  /** The first bad envelope, when there is one; nothing from it on may be stored. */
  failure?: RunFailure;
}

/**
 * Verifies a run that starts right after `head`. A run of several envelopes is checked with one signature
 * (its last) plus every hash link (DESIGN §7): the last signature vouches for every envelope before it
 * through `prev`. Only when that fails is the run checked signature by signature, to find the first bad
 * envelope and keep the genuine ones before it — each of those then carries its own valid signature.
 */
export function verifyRun(run: EventEnvelope[], publicKey: KeyObject, head: ChainHead): VerifiedRun {
  const options = {
    expectedPrev: head.lastHash,
    expectedFirstSeq: head.lastSeq + 1,
    gatewayId: head.gatewayId,
  };
  const fast = verifyChain(run, publicKey, { ...options, signatures: run.length > 1 ? 'last' : 'every' });
  if (fast.ok) return { verified: run };
  const exact = run.length > 1 ? verifyChain(run, publicKey, { ...options, signatures: 'every' }) : fast;
  // `every` finds a failure at or before the one `last` found; it cannot pass where `last` failed.
  const failure = exact.ok ? fast : exact;
  return { verified: run.slice(0, failure.index), failure };
}
