import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { BodyOf, EventType } from '@vaultline/shared/contract/event-bodies';
import { createEnvelope } from '@vaultline/shared/contract/event-chain';
import { type EventEnvelope, GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import { publicKeyToRaw } from '@vaultline/shared/crypto/keys';

/** Start of the test day; envelope `ts` values count seconds from here. */
const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);

/** A gateway that signs a real chain with its own Ed25519 key, as the gateway's event log does. */
export class TestGateway {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly chain: EventEnvelope[] = [];

  constructor(
    readonly gatewayId = 'gw-branch-a',
    readonly siteId = 'site-a',
  ) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** What the centre's registry holds for this gateway. */
  get registration() {
    return { gatewayId: this.gatewayId, siteId: this.siteId, publicKey: publicKeyToRaw(this.publicKey) };
  }

  /** Appends `count` events to the chain and returns them (1-based seq, linked by `prev`). */
  emit(count = 1, type: EventType = 'door.opened'): EventEnvelope[] {
    const made: EventEnvelope[] = [];
    for (let i = 0; i < count; i++) {
      const seq = this.chain.length + 1;
      made.push(
        this.append(type, { door: 'interlock', n: seq } as never, new Date(T0 + seq * 1_000).toISOString()),
      );
    }
    return made;
  }

  /** Signs the next event of the chain (seq and `prev` follow the last one), appends it and returns it. */
  append<T extends EventType>(type: T, body: BodyOf<T>, ts: string): EventEnvelope {
    const seq = this.chain.length + 1;
    const env = createEnvelope(
      {
        id: String(seq).padStart(26, '0'),
        gw: this.gatewayId,
        seq,
        prev: this.chain.at(-1)?.hash ?? GENESIS_HASH,
        ts,
        type,
        body,
      },
      this.privateKey,
    );
    this.chain.push(env);
    return env;
  }

  /** Envelopes `from..to` (inclusive, by seq) of the chain made so far. */
  slice(from: number, to: number): EventEnvelope[] {
    return this.chain.slice(from - 1, to);
  }
}

/** An envelope re-signed with a key that is not the gateway's: what a forger would publish. */
export function forge(env: EventEnvelope, body: Record<string, unknown> = { forged: true }): EventEnvelope {
  const { privateKey } = generateKeyPairSync('ed25519');
  return createEnvelope(
    { id: env.id, gw: env.gw, seq: env.seq, prev: env.prev, ts: env.ts, type: env.type, body: body as never },
    privateKey,
  );
}

/** The same record with other content, signed with the gateway's own key: a fork of its chain. */
export function fork(gateway: TestGateway, env: EventEnvelope): EventEnvelope {
  return createEnvelope(
    {
      id: env.id,
      gw: env.gw,
      seq: env.seq,
      prev: env.prev,
      ts: env.ts,
      type: env.type,
      body: { fork: true } as never,
    },
    gateway.privateKey,
  );
}

export function payload(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
