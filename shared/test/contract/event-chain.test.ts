import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createEnvelope,
  envelopeHash,
  signEnvelope,
  verifyEnvelope,
} from '../../src/contract/event-chain.ts';
import { EventEnvelope, GENESIS_HASH } from '../../src/contract/event-envelope.ts';
import { check } from '../../src/contract/validate.ts';

const gateway = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

const FIELDS = {
  id: '01ARYZ6S41TSV4RRFFQ69G5FAV',
  gw: 'gw-1',
  seq: 1,
  prev: GENESIS_HASH,
  ts: '2026-11-23T08:00:00.000Z',
  type: 'door.opened' as const,
  body: { door: 1, by: '张伟' },
};

/** The canonical form written out by hand: members sorted, no whitespace (RFC 8785). */
const CANONICAL = `{"body":{"by":"张伟","door":1},"gw":"gw-1","id":"01ARYZ6S41TSV4RRFFQ69G5FAV","prev":"${GENESIS_HASH}","seq":1,"ts":"2026-11-23T08:00:00.000Z","type":"door.opened","v":1}`;

describe('event envelopes', () => {
  it('hashes the canonical JSON of the envelope without hash and sig', () => {
    const expected = createHash('sha256').update(CANONICAL, 'utf8').digest('hex');
    const env = createEnvelope(FIELDS, gateway.privateKey);
    expect(env.hash).toBe(expected);
    expect(envelopeHash(env)).toBe(expected);
    expect(envelopeHash({ ...FIELDS, v: 1 })).toBe(expected);
  });

  it('signs the UTF-8 bytes of the hash hex string with Ed25519, base64url', () => {
    const env = createEnvelope(FIELDS, gateway.privateKey);
    expect(env.sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(
      verify(null, Buffer.from(env.hash, 'utf8'), gateway.publicKey, Buffer.from(env.sig, 'base64url')),
    ).toBe(true);
    expect(check(EventEnvelope, env).ok).toBe(true);
  });

  it('signEnvelope and createEnvelope agree', () => {
    expect(signEnvelope({ v: 1, ...FIELDS }, gateway.privateKey)).toEqual(
      createEnvelope(FIELDS, gateway.privateKey),
    );
  });

  it('verifies its own envelopes and nothing else', () => {
    const env = createEnvelope(FIELDS, gateway.privateKey);
    expect(verifyEnvelope(env, gateway.publicKey)).toBe(true);
    expect(verifyEnvelope(env, other.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...env, body: { door: 2, by: '张伟' } }, gateway.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...env, ts: '2026-11-23T08:00:01.000Z' }, gateway.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...env, sig: 'A'.repeat(86) }, gateway.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...env, sig: 'short' }, gateway.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...env, body: { n: Number.NaN } }, gateway.publicKey)).toBe(false);
    const rehashed = { ...env, body: { door: 2 } };
    rehashed.hash = envelopeHash(rehashed);
    expect(verifyEnvelope(rehashed, gateway.publicKey)).toBe(false);
  });
});
