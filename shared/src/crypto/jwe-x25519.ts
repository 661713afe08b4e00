import type { KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

/**
 * Encryption to one holder's X25519 key (DESIGN §3, §7), the one way Vaultline seals data to someone:
 * JWE compact, ECDH-ES+A256KW key agreement over X25519 with A256GCM content encryption. Plan bundles
 * encrypt fingerprint templates to a gateway, a branch enrolment encrypts a template to the centre, and an
 * escort company seals its personnel file to the centre. Only these algorithms are accepted on decryption,
 * so a JWE made with a weaker one is refused rather than opened. Callers turn errors into their own.
 */

const KEY_MANAGEMENT = 'ECDH-ES+A256KW';
const CONTENT_ENCRYPTION = 'A256GCM';
/**
 * JWE compact (RFC 7516 §7.1): header.encrypted-key.iv.ciphertext.tag, all base64url. ECDH-ES+A256KW
 * always wraps a content key, so the encrypted-key part is never empty here.
 */
const X25519_JWE_COMPACT = /^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/;

export interface OpenedJwe {
  plaintext: Uint8Array;
  /** The `cty` member of the authenticated protected header, if the sender set one. */
  contentType: string | undefined;
}

/** True for the public half of an X25519 key pair: the only key data is sealed to. */
export function isX25519PublicKey(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'x25519' && key.type === 'public';
}

/** True when `text` has the shape of a JWE compact sealed to an X25519 key (it may still not open). */
export function looksLikeX25519Jwe(text: string): boolean {
  return X25519_JWE_COMPACT.test(text);
}

/** Seals `plaintext` to `publicKey` (check it with `isX25519PublicKey` first); `contentType` goes in `cty`. */
export async function encryptToX25519(
  plaintext: Uint8Array,
  publicKey: KeyObject,
  contentType?: string,
): Promise<string> {
  const header = {
    alg: KEY_MANAGEMENT,
    enc: CONTENT_ENCRYPTION,
    ...(contentType ? { cty: contentType } : {}),
  };
  return new CompactEncrypt(plaintext).setProtectedHeader(header).encrypt(publicKey);
}

/** Opens a JWE sealed by `encryptToX25519`; rejects (jose's error) on another key, algorithm or altered bytes. */
export async function decryptWithX25519(jwe: string, privateKey: KeyObject): Promise<OpenedJwe> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, privateKey, {
    keyManagementAlgorithms: [KEY_MANAGEMENT],
    contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
  });
  return { plaintext, contentType: protectedHeader.cty };
}
