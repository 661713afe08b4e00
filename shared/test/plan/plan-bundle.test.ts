import { CompactSign, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/contract/canonical-json.ts';
import { generateSigningKeyPair } from '../../src/crypto/keys.ts';
import { PLAN_JWS_TYPE, signSitePlan, verifySitePlan } from '../../src/plan/plan-bundle.ts';
import {
  PlanSchemaError,
  PlanSignatureError,
  PlanTargetError,
  PlanVersionError,
} from '../../src/plan/plan-errors.ts';
import type { SitePlan } from '../../src/plan/plan-schema.ts';
import { BRANCH, clonePlan, sitePlan } from './site-plan-fixture.ts';

const centre = generateSigningKeyPair();
const rogue = generateSigningKeyPair();

/** Signs anything, skipping the checks signSitePlan makes: a buggy or compromised signer. */
function signRaw(payload: unknown, key = centre.privateKey, typ = PLAN_JWS_TYPE): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ })
    .sign(key);
}

/** Replaces the payload of a JWS and keeps its header and signature. */
function swapPayload(jws: string, plan: unknown): string {
  const [header, , signature] = jws.split('.');
  return `${header}.${Buffer.from(JSON.stringify(plan)).toString('base64url')}.${signature}`;
}

describe('signSitePlan', () => {
  it('produces a compact JWS, EdDSA, typed as a plan, over the canonical JSON of the plan', async () => {
    const plan = sitePlan();
    const jws = await signSitePlan(plan, centre.privateKey, { kid: 'centre-2026' });
    const parts = jws.split('.');
    expect(parts).toHaveLength(3);
    expect(decodeProtectedHeader(jws)).toEqual({
      alg: 'EdDSA',
      typ: 'vaultline-plan+jws',
      kid: 'centre-2026',
    });
    expect(Buffer.from(parts[1]!, 'base64url').toString('utf8')).toBe(canonicalJson(plan));
    expect(decodeProtectedHeader(await signSitePlan(plan, centre.privateKey))).toEqual({
      alg: 'EdDSA',
      typ: 'vaultline-plan+jws',
    });
  });

  it('refuses to sign a plan a gateway would refuse', async () => {
    const plan = clonePlan(sitePlan());
    plan.runs[0]!.crew = ['esc-1'];
    await expect(signSitePlan(plan, centre.privateKey)).rejects.toThrow(PlanSchemaError);
  });
});

describe('verifySitePlan', () => {
  it('returns the plan of a bundle signed by the centre for this gateway', async () => {
    const plan = sitePlan();
    const jws = await signSitePlan(plan, centre.privateKey);
    await expect(verifySitePlan(jws, centre.publicKey, BRANCH)).resolves.toEqual(plan);
    await expect(
      verifySitePlan(`${jws}\n`, centre.publicKey, { ...BRANCH, currentVersion: 2 }),
    ).resolves.toEqual(plan);
  });

  it('refuses a tampered payload', async () => {
    const jws = await signSitePlan(sitePlan(), centre.privateKey);
    const tampered = clonePlan(sitePlan());
    tampered.runs[0]!.crew = ['esc-1', 'tel-1'];
    const call = verifySitePlan(swapPayload(jws, tampered), centre.publicKey, BRANCH);
    await expect(call).rejects.toThrow(PlanSignatureError);
    await expect(verifySitePlan(swapPayload(jws, tampered), centre.publicKey, BRANCH)).rejects.toThrow(
      /does not verify with the centre key.*provisioned with the centre's current public key/,
    );
  });

  it('refuses a bundle signed by another key, a broken signature and a non-bundle', async () => {
    const forged = await signSitePlan(sitePlan(), rogue.privateKey);
    await expect(verifySitePlan(forged, centre.publicKey, BRANCH)).rejects.toThrow(PlanSignatureError);
    const jws = await signSitePlan(sitePlan(), centre.privateKey);
    const flipped = jws.slice(0, -5) + (jws.at(-5) === 'A' ? 'B' : 'A') + jws.slice(-4);
    await expect(verifySitePlan(flipped, centre.publicKey, BRANCH)).rejects.toThrow(PlanSignatureError);
    await expect(verifySitePlan('not a bundle', centre.publicKey, BRANCH)).rejects.toThrow(
      'not a signed plan bundle',
    );
    await expect(
      verifySitePlan(await signRaw(sitePlan(), centre.privateKey, 'JWT'), centre.publicKey, BRANCH),
    ).rejects.toThrow('of type "JWT", not "vaultline-plan+jws"');
  });

  it('refuses a signed plan with a crew of fewer than two', async () => {
    const plan = clonePlan(sitePlan());
    plan.runs[0]!.crew = ['esc-1'];
    const call = verifySitePlan(await signRaw(plan), centre.publicKey, BRANCH);
    await expect(call).rejects.toThrow(PlanSchemaError);
    await expect(verifySitePlan(await signRaw(plan), centre.publicKey, BRANCH)).rejects.toThrow(
      'plan: /runs/0/crew must have at least 2 items; correct the plan at the centre and sign a new version',
    );
    await expect(verifySitePlan(await signRaw({ v: 1 }), centre.publicKey, BRANCH)).rejects.toThrow(
      PlanSchemaError,
    );
  });

  it('refuses a payload that is not JSON', async () => {
    const jws = await new CompactSign(Buffer.from('{broken'))
      .setProtectedHeader({ alg: 'EdDSA', typ: PLAN_JWS_TYPE })
      .sign(centre.privateKey);
    await expect(verifySitePlan(jws, centre.publicKey, BRANCH)).rejects.toThrow(
      'the signed payload is not JSON',
    );
  });

  it('refuses a bundle for another gateway or another site', async () => {
    const jws = await signSitePlan(sitePlan(), centre.privateKey);
    await expect(
      verifySitePlan(jws, centre.publicKey, { ...BRANCH, gatewayId: 'gw-branch-b' }),
    ).rejects.toThrow(PlanTargetError);
    await expect(verifySitePlan(jws, centre.publicKey, { ...BRANCH, siteId: 'branch-b' })).rejects.toThrow(
      'plan bundle is for gateway "gw-branch-a" at site "branch-a", but this is gateway "gw-branch-a" at site "branch-b"',
    );
  });

  it('refuses a replayed or downgraded version', async () => {
    const jws = await signSitePlan(sitePlan({ version: 3 }), centre.privateKey);
    for (const currentVersion of [3, 4, 100]) {
      const call = verifySitePlan(jws, centre.publicKey, { ...BRANCH, currentVersion });
      await expect(call).rejects.toThrow(PlanVersionError);
    }
    await expect(verifySitePlan(jws, centre.publicKey, { ...BRANCH, currentVersion: 3 })).rejects.toThrow(
      'plan version 3 is not newer than version 3 held by this gateway: a replayed or downgraded plan is refused',
    );
  });

  it('checks the signature before anything else, so a forged bundle never reaches the plan rules', async () => {
    const plan = clonePlan(sitePlan({ gatewayId: 'gw-other', version: 1 }));
    plan.runs[0]!.crew = ['esc-1'];
    await expect(
      verifySitePlan(await signRaw(plan, rogue.privateKey), centre.publicKey, {
        ...BRANCH,
        currentVersion: 5,
      }),
    ).rejects.toThrow(PlanSignatureError);
    await expect(
      verifySitePlan(await signRaw(plan), centre.publicKey, { ...BRANCH, currentVersion: 5 }),
    ).rejects.toThrow(PlanSchemaError);
  });
});

describe('the errors', () => {
  it('carry stable codes', async () => {
    const jws = await signSitePlan(sitePlan(), centre.privateKey);
    const codeOf = (p: Promise<SitePlan>) =>
      p.then(
        () => 'accepted',
        (error: { code: string }) => error.code,
      );
    expect(await codeOf(verifySitePlan(jws, rogue.publicKey, BRANCH))).toBe('PLAN_SIGNATURE');
    expect(await codeOf(verifySitePlan(jws, centre.publicKey, { ...BRANCH, siteId: 'x' }))).toBe(
      'PLAN_TARGET',
    );
    expect(await codeOf(verifySitePlan(jws, centre.publicKey, { ...BRANCH, currentVersion: 9 }))).toBe(
      'PLAN_VERSION',
    );
    expect(await codeOf(verifySitePlan(await signRaw({}), centre.publicKey, BRANCH))).toBe('PLAN_SCHEMA');
  });
});
