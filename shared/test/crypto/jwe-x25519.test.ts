import { CompactEncrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  decryptWithX25519,
  encryptToX25519,
  isX25519PublicKey,
  looksLikeX25519Jwe,
} from '../../src/crypto/jwe-x25519.ts';
import { generateEncryptionKeyPair, generateSigningKeyPair } from '../../src/crypto/keys.ts';

const header = (jwe: string) => JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString('utf8'));

describe('JWE to an X25519 key', () => {
  const holder = generateEncryptionKeyPair();
  const plaintext = Uint8Array.from([0xef, 0x01, 0x02, 0x00, 0xff]);

  it('opens only with the holder key, and carries the content type in the protected header', async () => {
    const jwe = await encryptToX25519(plaintext, holder.publicKey, 'vaultline-test+json');
    expect(header(jwe)).toEqual({
      alg: 'ECDH-ES+A256KW',
      enc: 'A256GCM',
      cty: 'vaultline-test+json',
      epk: expect.objectContaining({ kty: 'OKP', crv: 'X25519' }),
    });
    expect(looksLikeX25519Jwe(jwe)).toBe(true);
    expect(await decryptWithX25519(jwe, holder.privateKey)).toEqual({
      plaintext,
      contentType: 'vaultline-test+json',
    });
    await expect(decryptWithX25519(jwe, generateEncryptionKeyPair().privateKey)).rejects.toThrow();
  });

  it('has no content type unless one is given', async () => {
    const jwe = await encryptToX25519(plaintext, holder.publicKey);
    expect(header(jwe).cty).toBeUndefined();
    expect((await decryptWithX25519(jwe, holder.privateKey)).contentType).toBeUndefined();
  });

  it('refuses a JWE made with other algorithms, even to the right key', async () => {
    const weaker = await new CompactEncrypt(plaintext)
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM' })
      .encrypt(holder.publicKey);
    await expect(decryptWithX25519(weaker, holder.privateKey)).rejects.toThrow(/not allowed/);
    // Direct key agreement has no wrapped key: not the shape this module seals.
    expect(looksLikeX25519Jwe(weaker)).toBe(false);
  });

  it('tells an X25519 public key from other keys', () => {
    expect(isX25519PublicKey(holder.publicKey)).toBe(true);
    expect(isX25519PublicKey(holder.privateKey)).toBe(false);
    expect(isX25519PublicKey(generateSigningKeyPair().publicKey)).toBe(false);
    expect(looksLikeX25519Jwe('a.b.c.d')).toBe(false);
    expect(looksLikeX25519Jwe('eyJ.a b.c.d.e')).toBe(false);
  });
});
