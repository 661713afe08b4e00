import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainProblem, verifyChain } from '../../src/contract/chain-verifier.ts';
import { createEnvelope, envelopeHash, signEnvelope } from '../../src/contract/event-chain.ts';
import { type EventEnvelope, GENESIS_HASH } from '../../src/contract/event-envelope.ts';
import { GW, makeChain } from './chain-fixture.ts';

const gateway = generateKeyPairSync('ed25519');
const intruder = generateKeyPairSync('ed25519');
const MODES = ['every', 'last'] as const;

const chain = makeChain(6, gateway.privateKey);

function failure(result: ReturnType<typeof verifyChain>) {
  if (result.ok) throw new Error('expected the chain to be refused');
  return result;
}

/** Re-hash and re-sign an altered event, as an attacker holding `key` would. */
function reseal(env: EventEnvelope, key: KeyObject): EventEnvelope {
  const { hash: _hash, sig: _sig, ...unsigned } = env;
  return signEnvelope(unsigned, key);
}

describe('verifyChain', () => {
  it.each(MODES)('accepts a valid chain (%s signatures)', (signatures) => {
    const last = chain.at(-1)!;
    expect(verifyChain(chain, gateway.publicKey, { signatures })).toEqual({
      ok: true,
      lastSeq: 6,
      lastHash: last.hash,
    });
    expect(
      verifyChain(chain, gateway.publicKey, {
        signatures,
        gatewayId: GW,
        expectedFirstSeq: 1,
        expectedPrev: GENESIS_HASH,
      }).ok,
    ).toBe(true);
  });

  it('accepts an empty batch and a continuation of what the verifier holds', () => {
    expect(verifyChain([], gateway.publicKey)).toEqual({ ok: true, lastSeq: 0, lastHash: GENESIS_HASH });
    const held = chain[2]!;
    const tail = chain.slice(3);
    expect(verifyChain(tail, gateway.publicKey, { expectedFirstSeq: 4, expectedPrev: held.hash })).toEqual({
      ok: true,
      lastSeq: 6,
      lastHash: chain[5]!.hash,
    });
    expect(
      failure(verifyChain(tail, gateway.publicKey, { expectedFirstSeq: 4, expectedPrev: chain[1]!.hash }))
        .problem,
    ).toBe('prev');
    expect(failure(verifyChain(tail, gateway.publicKey, { expectedFirstSeq: 3 })).problem).toBe('seq');
  });

  const alterations: [string, (env: EventEnvelope) => EventEnvelope, ChainProblem][] = [
    ['a body value', (env) => ({ ...env, body: { ...env.body, note: 'rewritten' } }), 'hash'],
    ['ts', (env) => ({ ...env, ts: '2026-11-23T09:59:59.000Z' }), 'hash'],
    [
      'type',
      (env) => ({ ...env, type: env.type === 'alarm.raised' ? 'alarm.cleared' : 'alarm.raised' }),
      'hash',
    ],
    ['id', (env) => ({ ...env, id: '01ARYZ6S41TSV4RRFFQ69G5FAV' }), 'hash'],
    ['seq', (env) => ({ ...env, seq: env.seq + 10 }), 'seq'],
    ['prev', (env) => ({ ...env, prev: 'f'.repeat(64) }), 'prev'],
    ['hash', (env) => ({ ...env, hash: 'e'.repeat(64) }), 'hash'],
  ];

  for (const [field, alter, problem] of alterations) {
    it(`catches an altered ${field} at the index of the altered event, in both modes`, () => {
      for (let i = 0; i < chain.length; i++) {
        const altered = chain.map((env, j) => (j === i ? alter(env) : env));
        for (const signatures of MODES) {
          const result = failure(
            verifyChain(altered, gateway.publicKey, { signatures, expectedFirstSeq: 1 }),
          );
          expect(
            { index: result.index, problem: result.problem },
            `${field} of event ${i}, ${signatures}`,
          ).toEqual({ index: i, problem });
        }
      }
    });
  }

  it('catches an altered gateway id', () => {
    const altered = chain.map((env, j) => (j === 2 ? { ...env, gw: 'gw-other' } : env));
    expect(failure(verifyChain(altered, gateway.publicKey)).problem).toBe('gateway');
    expect(failure(verifyChain(chain, gateway.publicKey, { gatewayId: 'gw-other' }))).toMatchObject({
      index: 0,
      problem: 'gateway',
    });
  });

  it('catches a removed event as a gap, where it was removed', () => {
    for (let i = 0; i < chain.length - 1; i++) {
      const removed = chain.filter((_, j) => j !== i);
      const result = failure(verifyChain(removed, gateway.publicKey, { expectedFirstSeq: 1 }));
      expect(result).toMatchObject({ index: i, seq: i + 2, problem: 'seq' });
      expect(result.message).toContain(`expected seq ${i + 1}; events are missing before it`);
    }
  });

  it('catches two reordered events', () => {
    // Without expectedFirstSeq a batch may start anywhere: seq 2 first is a valid start, seq 1 after it is not.
    expect(failure(verifyChain([chain[1]!, chain[0]!], gateway.publicKey))).toMatchObject({
      index: 1,
      problem: 'seq',
    });
    for (let i = 0; i < chain.length - 1; i++) {
      const swapped = [...chain];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
      const result = verifyChain(swapped, gateway.publicKey, { expectedFirstSeq: 1 });
      expect(failure(result)).toMatchObject({ index: i, problem: 'seq' });
    }
  });

  it('catches a forged event signed with another key, in every mode at its own index', () => {
    const forgedAt = 3;
    const original = chain[forgedAt]!;
    const forged = createEnvelope(
      {
        id: original.id,
        gw: GW,
        seq: original.seq,
        prev: original.prev,
        ts: original.ts,
        type: 'box.scanned',
        body: { forged: true },
      },
      intruder.privateKey,
    );
    const altered = chain.map((env, j) => (j === forgedAt ? forged : env));
    expect(failure(verifyChain(altered, gateway.publicKey))).toMatchObject({
      index: forgedAt,
      problem: 'signature',
    });
    // Re-hashed with the right key's signature left in place: the signature no longer matches.
    const rehashed = chain.map((env, j) =>
      j === forgedAt
        ? { ...env, body: { forged: true }, hash: envelopeHash({ ...env, body: { forged: true } }) }
        : env,
    );
    expect(failure(verifyChain(rehashed, gateway.publicKey))).toMatchObject({
      index: forgedAt,
      problem: 'signature',
    });
    // In 'last' mode the forged event's own signature is not checked; the next link breaks.
    expect(failure(verifyChain(altered, gateway.publicKey, { signatures: 'last' }))).toMatchObject({
      index: forgedAt + 1,
      problem: 'prev',
    });
  });

  it("catches a forged tail in 'last' mode although each forged link is consistent", () => {
    const head = chain.slice(0, 4);
    const forgedTail = makeChain(6, intruder.privateKey).slice(4);
    // Relink the forged tail onto the genuine head so that only the signatures can tell.
    let prev = head.at(-1)!.hash;
    const tail = forgedTail.map((env) => {
      const relinked = reseal({ ...env, prev }, intruder.privateKey);
      prev = relinked.hash;
      return relinked;
    });
    const result = failure(verifyChain([...head, ...tail], gateway.publicKey, { signatures: 'last' }));
    expect(result).toMatchObject({ index: 5, seq: 6, problem: 'signature' });
    expect(result.message).toContain('vouches for none of the events before it');
    expect(
      failure(verifyChain([...head, ...tail], gateway.publicKey, { signatures: 'every' })),
    ).toMatchObject({ index: 4, problem: 'signature' });
  });

  it('verifies a single event alone, also in last mode', () => {
    expect(verifyChain([chain[0]!], gateway.publicKey, { signatures: 'last' }).ok).toBe(true);
    expect(failure(verifyChain([chain[0]!], intruder.publicKey, { signatures: 'last' })).problem).toBe(
      'signature',
    );
  });

  it('refuses a first event with seq 1 that does not start from the genesis hash', () => {
    const wrongStart = reseal({ ...chain[0]!, prev: 'a'.repeat(64) }, gateway.privateKey);
    expect(failure(verifyChain([wrongStart], gateway.publicKey))).toMatchObject({
      index: 0,
      problem: 'prev',
    });
  });

  it('refuses what is not an envelope, naming the failing field', () => {
    expect(failure(verifyChain([42], gateway.publicKey))).toMatchObject({
      index: 0,
      seq: null,
      problem: 'schema',
    });
    const noSig = chain.map((env, j) => {
      if (j !== 1) return env;
      const { sig: _sig, ...unsigned } = env;
      return unsigned;
    });
    const result = failure(verifyChain(noSig, gateway.publicKey));
    expect(result).toMatchObject({ index: 1, seq: 2, problem: 'schema' });
    expect(result.message).toBe('event 1 (seq 2): is not a valid event envelope: /sig is required');
    const badId = chain.map((env, j) => (j === 4 ? { ...env, id: 'not-a-ulid' } : env));
    expect(failure(verifyChain(badId, gateway.publicKey))).toMatchObject({ index: 4, problem: 'schema' });
  });
});

type Mutation = 'body' | 'ts' | 'type' | 'seq' | 'remove' | 'swap' | 'rehash' | 'resign';

/** Where the verifier must report a single mutation of event i in a chain of n events. */
function expected(
  mutation: Mutation,
  i: number,
  n: number,
  mode: 'every' | 'last',
): { index: number; problem: ChainProblem } | null {
  switch (mutation) {
    case 'body':
    case 'ts':
    case 'type':
      return { index: i, problem: 'hash' };
    case 'seq':
    case 'swap':
      return { index: i, problem: 'seq' };
    case 'remove':
      // Dropping the newest event leaves a shorter valid chain: the next batch's seq gap shows it.
      return i === n - 1 ? null : { index: i, problem: 'seq' };
    case 'rehash':
    case 'resign':
      return mode === 'every' || i === n - 1
        ? { index: i, problem: 'signature' }
        : { index: i + 1, problem: 'prev' };
  }
}

function mutate(source: EventEnvelope[], mutation: Mutation, i: number): EventEnvelope[] {
  const out = [...source];
  const env = out[i]!;
  const tamperedBody = { ...env.body, tampered: JSON.stringify(env.body) };
  switch (mutation) {
    case 'body':
      out[i] = { ...env, body: tamperedBody };
      break;
    case 'ts':
      out[i] = { ...env, ts: new Date(Date.parse(env.ts) + 1).toISOString() };
      break;
    case 'type':
      out[i] = { ...env, type: env.type === 'auth.failed' ? 'face.captured' : 'auth.failed' };
      break;
    case 'seq':
      out[i] = { ...env, seq: env.seq === 1 ? 2 : env.seq - 1 };
      break;
    case 'remove':
      out.splice(i, 1);
      break;
    case 'swap':
      [out[i], out[i + 1]] = [out[i + 1]!, env];
      break;
    case 'rehash': {
      const altered = { ...env, body: tamperedBody };
      out[i] = { ...altered, hash: envelopeHash(altered) };
      break;
    }
    case 'resign':
      out[i] = reseal({ ...env, body: tamperedBody }, intruder.privateKey);
      break;
  }
  return out;
}

describe('verifyChain, property', () => {
  const body = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
  const scenario = fc
    .array(body, { minLength: 1, maxLength: 10 })
    .chain((bodies) =>
      fc.record({
        bodies: fc.constant(bodies),
        mutation: fc.constantFrom<Mutation>(
          'body',
          'ts',
          'type',
          'seq',
          'remove',
          'swap',
          'rehash',
          'resign',
        ),
        index: fc.nat({ max: bodies.length - 1 }),
      }),
    )
    .filter(({ bodies, mutation, index }) => mutation !== 'swap' || index < bodies.length - 1);

  it('reports the mutated event, or the first link the mutation breaks', () => {
    fc.assert(
      fc.property(scenario, ({ bodies, mutation, index }) => {
        const source = makeChain(bodies.length, gateway.privateKey, bodies);
        const mutated = mutate(source, mutation, index);
        for (const signatures of MODES) {
          expect(verifyChain(source, gateway.publicKey, { signatures }).ok).toBe(true);
          const result = verifyChain(mutated, gateway.publicKey, {
            signatures,
            expectedFirstSeq: 1,
            gatewayId: GW,
          });
          const want = expected(mutation, index, bodies.length, signatures);
          if (want === null) expect(result.ok).toBe(true);
          else
            expect(result.ok ? 'accepted' : { index: result.index, problem: result.problem }).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});
