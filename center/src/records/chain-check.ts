import type { KeyObject } from 'node:crypto';
import { type ChainProblem, type ChainResult, verifyChain } from '@vaultline/shared/contract/chain-verifier';
import { type EventEnvelope, GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import { publicKeyFromRaw } from '@vaultline/shared/crypto/keys';
import type { ChainHead, GatewayRegistry } from '../ports.ts';

/** The stored chain of each gateway, as the centre's event store holds it. */
export interface StoredChain {
  head(gatewayId: string): ChainHead;
  /** Envelopes with `fromSeq ≤ seq ≤ toSeq`, by seq. */
  range(gatewayId: string, fromSeq: number, toSeq: number): EventEnvelope[];
}

/**
 * Why a stored chain does not verify: a link problem of the shared verifier, or `unregistered` (no key
 * to verify against), `key` (the registered key cannot be read), `empty` (nothing stored), `head` (the
 * stored head does not match the last stored event: events were removed from the end).
 */
export type ChainCheckProblem = ChainProblem | 'unregistered' | 'key' | 'empty' | 'head';

export type ChainCheck =
  | {
      ok: true;
      gatewayId: string;
      fromSeq: 1;
      toSeq: number;
      events: number;
      /** Hash of the last verified event: the chain's head. */
      headHash: string;
    }
  | {
      ok: false;
      gatewayId: string;
      problem: ChainCheckProblem;
      /** The first bad event's seq, or null when there is none to name. */
      seq: number | null;
      /** The verifier's explanation (English, for the audit log and the detail line). */
      message: string;
      /** Every event up to this seq verified (0: none). */
      verifiedUpTo: number;
    };

/** Envelopes verified per read: bounds memory, and the check yields to other requests between reads. */
const PAGE = 2_000;

/**
 * Verifies a gateway's stored chain from seq 1 to its head against the gateway's registered key:
 * every hash link, and one signature per page (a valid signature on event n vouches for every event
 * before it through the `prev` links, DESIGN §7). A page that fails is verified again with every
 * signature, so the result names the FIRST bad event exactly: an altered event fails at its own seq
 * (its hash, or its signature when the hash was recomputed), a removed one as a seq gap.
 */
export async function checkStoredChain(
  chain: StoredChain,
  gateways: Pick<GatewayRegistry, 'get'>,
  gatewayId: string,
): Promise<ChainCheck> {
  const fail = (problem: ChainCheckProblem, seq: number | null, message: string, verifiedUpTo = 0) =>
    ({ ok: false, gatewayId, problem, seq, message, verifiedUpTo }) as const;
  const gateway = gateways.get(gatewayId);
  if (!gateway)
    return fail('unregistered', null, `gateway ${gatewayId} is not registered: no key to verify against`);
  let key: KeyObject;
  try {
    key = publicKeyFromRaw(gateway.publicKey, 'ed25519');
  } catch (error) {
    return fail(
      'key',
      null,
      `the registered key of ${gatewayId} cannot be read: ${(error as Error).message}`,
    );
  }
  const head = chain.head(gatewayId);
  if (head.lastSeq === 0) return fail('empty', null, `no events of ${gatewayId} are stored`);
  let lastHash = GENESIS_HASH;
  let lastSeq = 0;
  for (let from = 1; from <= head.lastSeq; from += PAGE) {
    const to = Math.min(from + PAGE - 1, head.lastSeq);
    const page = chain.range(gatewayId, from, to);
    const options = { gatewayId, expectedFirstSeq: from, expectedPrev: lastHash };
    let result: ChainResult = verifyChain(page, key, { ...options, signatures: 'last' });
    if (!result.ok) result = verifyChain(page, key, { ...options, signatures: 'every' });
    if (!result.ok)
      return fail(
        result.problem,
        result.seq ?? from + result.index,
        result.message,
        lastSeqBefore(page, result.index, lastSeq),
      );
    if (page.length === 0 || result.lastSeq !== to) {
      const missing = page.length === 0 ? from : result.lastSeq + 1;
      const upTo = page.length === 0 ? lastSeq : result.lastSeq;
      return fail(
        'seq',
        missing,
        `event seq ${missing} is missing from the store: events were removed`,
        upTo,
      );
    }
    lastSeq = result.lastSeq;
    lastHash = result.lastHash;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (lastHash !== head.lastHash) {
    return fail(
      'head',
      head.lastSeq,
      `the stored head hash of ${gatewayId} does not match its last stored event`,
      lastSeq,
    );
  }
  return { ok: true, gatewayId, fromSeq: 1, toSeq: lastSeq, events: lastSeq, headHash: lastHash };
}

/** The seq of the last event before `index` in the page that verified (the one before the page when none). */
function lastSeqBefore(page: EventEnvelope[], index: number, beforePage: number): number {
  return index === 0 ? beforePage : (page[index - 1]?.seq ?? beforePage);
}
