import type { KeyObject } from 'node:crypto';
import type { BodyOf, EventType } from '@vaultline/shared/contract/event-bodies';
import { createEnvelope } from '@vaultline/shared/contract/event-chain';
import { type EventEnvelope, GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import { generateSigningKeyPair } from '@vaultline/shared/crypto/keys';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';

/** A gateway's signed event chain, as a test writes it: real Ed25519 signatures and hash links. */
export class SignedChain {
  private seq = 0;
  private prev = GENESIS_HASH;
  private readonly key: KeyObject;
  readonly publicKey: KeyObject;
  private readonly newId = createUlidGenerator();

  constructor(readonly gatewayId: string) {
    const pair = generateSigningKeyPair();
    this.key = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  next<T extends EventType>(type: T, body: BodyOf<T>, ts: string): EventEnvelope {
    const envelope = createEnvelope(
      { id: this.newId(), gw: this.gatewayId, seq: ++this.seq, prev: this.prev, ts, type, body },
      this.key,
    );
    this.prev = envelope.hash;
    return envelope;
  }
}
