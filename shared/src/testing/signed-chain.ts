import type { KeyObject } from 'node:crypto';
import type { BodyOf, EventType } from '../contract/event-bodies.ts';
import { createEnvelope } from '../contract/event-chain.ts';
import { type EventEnvelope, GENESIS_HASH } from '../contract/event-envelope.ts';
import { generateSigningKeyPair, type KeyPair } from '../crypto/keys.ts';
import { createUlidGenerator } from '../crypto/ulid.ts';

/**
 * A gateway's signed event chain as a test writes it: seq 1, 2 …, each envelope linked to the previous
 * hash and signed with the gateway's Ed25519 key (its own, or one generated here), as the gateway's
 * event log makes them. For tests that feed a centre records, alarms or runs without a gateway.
 */
export class SignedChain {
  private seq = 0;
  private prev = GENESIS_HASH;
  private readonly key: KeyObject;
  readonly publicKey: KeyObject;
  private readonly newId = createUlidGenerator();

  constructor(
    readonly gatewayId: string,
    keys: KeyPair = generateSigningKeyPair(),
  ) {
    this.key = keys.privateKey;
    this.publicKey = keys.publicKey;
  }

  /** The next envelope of the chain, stamped `ts`. */
  next<T extends EventType>(type: T, body: BodyOf<T>, ts: string): EventEnvelope {
    const envelope = createEnvelope(
      { id: this.newId(), gw: this.gatewayId, seq: ++this.seq, prev: this.prev, ts, type, body },
      this.key,
    );
    this.prev = envelope.hash;
    return envelope;
  }
}
