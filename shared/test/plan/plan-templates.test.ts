import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateEncryptionKeyPair, generateSigningKeyPair } from '../../src/crypto/keys.ts';
import { decryptTemplate, encryptTemplate, planProblems } from '../../src/plan/plan-bundle.ts';
import { PlanTemplateError } from '../../src/plan/plan-errors.ts';
import { clonePlan, sitePlan } from './site-plan-fixture.ts';

const gateway = generateEncryptionKeyPair();
const otherGateway = generateEncryptionKeyPair();
const template = Uint8Array.from({ length: 512 }, (_, i) => (i * 131) & 0xff);

describe('fingerprint templates in a bundle', () => {
  it('are JWE compact, ECDH-ES+A256KW over X25519 with A256GCM, readable by the gateway only', async () => {
    const jwe = await encryptTemplate(template, gateway.publicKey);
    expect(jwe.split('.')).toHaveLength(5);
    const header = decodeProtectedHeader(jwe);
    expect(header).toMatchObject({
      alg: 'ECDH-ES+A256KW',
      enc: 'A256GCM',
      epk: { kty: 'OKP', crv: 'X25519' },
    });
    expect(await decryptTemplate(jwe, gateway.privateKey)).toEqual(template);
    await expect(decryptTemplate(jwe, otherGateway.privateKey)).rejects.toThrow(PlanTemplateError);
    await expect(decryptTemplate(jwe, otherGateway.privateKey)).rejects.toThrow(
      'encrypted to another gateway',
    );
  });

  it('fit the schema and the plan rules', async () => {
    const plan = clonePlan(sitePlan());
    plan.people[0]!.templates = [await encryptTemplate(template, gateway.publicKey)];
    expect(plan.people[0]!.templates[0]!.length).toBeLessThan(8_000);
    expect(planProblems(plan)).toEqual([]);
  });

  it('detect an altered ciphertext', async () => {
    const parts = (await encryptTemplate(template, gateway.publicKey)).split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0]! ^= 1;
    parts[3] = ciphertext.toString('base64url');
    await expect(decryptTemplate(parts.join('.'), gateway.privateKey)).rejects.toThrow(PlanTemplateError);
  });

  it('are encrypted only to an X25519 public key', async () => {
    await expect(encryptTemplate(template, generateSigningKeyPair().publicKey)).rejects.toThrow(
      PlanTemplateError,
    );
    await expect(encryptTemplate(template, gateway.privateKey)).rejects.toThrow(
      "the gateway's X25519 public key",
    );
  });
});
