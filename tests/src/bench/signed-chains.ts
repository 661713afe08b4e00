import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createEnvelope } from '@vaultline/shared/contract/event-chain';
import { type EventEnvelope, GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import { publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';

/** A gateway identity for benchmarks: its id, site and Ed25519 key pair (raw public key as registered). */
export interface BenchGateway {
  gatewayId: string;
  siteId: string;
  privateKey: KeyObject;
  publicKey: string;
}

export function benchGateway(gatewayId: string, siteId = `site-${gatewayId}`): BenchGateway {
  const pair = generateKeyPairSync('ed25519');
  return { gatewayId, siteId, privateKey: pair.privateKey, publicKey: publicKeyToRaw(pair.publicKey) };
}

/** The `n`th box scan of a busy vault: hand-overs of 20 boxes each, as the engine records them. */
export function boxScanBody(gatewayId: string, n: number): Record<string, unknown> {
  return {
    handoverId: `H-${gatewayId}-${Math.ceil(n / 20)}`,
    epc: `E2801170000002${String(n).padStart(10, '0')}`,
    reader: 'rfid-zone',
    scanned: ((n - 1) % 20) + 1,
    expected: 20,
  };
}

/**
 * `count` events of `gateway`, signed and linked exactly as the gateway's EventLog makes them (seq 1, 2 …,
 * `prev` = previous hash, Ed25519 over the hash). Box scans of a busy vault, one every 2 s from `startMs`:
 * the bodies are the size the engine writes (≈ 500-byte envelopes).
 */
export function signedChain(gateway: BenchGateway, count: number, startMs = Date.now()): EventEnvelope[] {
  const newId = createUlidGenerator();
  const chain: EventEnvelope[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const envelope = createEnvelope(
      {
        id: newId(),
        gw: gateway.gatewayId,
        seq,
        prev,
        ts: new Date(startMs + seq * 2_000).toISOString(),
        type: 'box.scanned',
        body: boxScanBody(gateway.gatewayId, seq),
      },
      gateway.privateKey,
    );
    chain.push(envelope);
    prev = envelope.hash;
  }
  return chain;
}
