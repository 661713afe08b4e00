import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyFileError } from './crypto-errors.ts';
import { readSecretFile, writeSecretFile } from './secret-file.ts';

/**
 * Key material: Ed25519 for signatures (gateway events, centre plans), X25519 for encryption (JWE to a
 * gateway). Private keys live in PKCS#8 PEM files with mode 0600; public keys in SPKI PEM files, or as the
 * raw 32-byte key in base64url (the JWK `x` member) for registries and config.
 */

export type KeyKind = 'ed25519' | 'x25519';

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

const PURPOSE: Record<KeyKind, string> = {
  ed25519: 'an Ed25519 signing key',
  x25519: 'an X25519 encryption key',
};
const JWK_CURVE: Record<KeyKind, string> = { ed25519: 'Ed25519', x25519: 'X25519' };

export function generateSigningKeyPair(): KeyPair {
  return generateKeyPairSync('ed25519');
}

export function generateEncryptionKeyPair(): KeyPair {
  return generateKeyPairSync('x25519');
}

export function privateKeyToPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function publicKeyToPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** The raw 32-byte public key, base64url (what a registry of gateway keys stores). */
export function publicKeyToRaw(key: KeyObject): string {
  const { x } = key.export({ format: 'jwk' });
  if (!x) throw new KeyFileError('(public key)', 'is not an Ed25519 or X25519 key');
  return x;
}

export function publicKeyFromRaw(raw: string, kind: KeyKind): KeyObject {
  // 32 bytes are 43 base64url characters without padding.
  if (!/^[A-Za-z0-9_-]{43}$/.test(raw)) {
    throw new KeyFileError('(raw public key)', `"${raw}" is not a 32-byte key in base64url (43 characters)`);
  }
  return createPublicKey({ key: { kty: 'OKP', crv: JWK_CURVE[kind], x: raw }, format: 'jwk' });
}

export function privateKeyFromPem(pem: string, kind: KeyKind, source = '(private key)'): KeyObject {
  return expectKind(
    parse(() => createPrivateKey(pem), source),
    kind,
    source,
  );
}

export function publicKeyFromPem(pem: string, kind: KeyKind, source = '(public key)'): KeyObject {
  // createPublicKey would quietly derive a public key from a private one; a private key handed where a
  // public one belongs has been copied somewhere it should not be.
  if (pem.includes('PRIVATE KEY')) {
    throw new KeyFileError(
      source,
      'holds a private key where a public key is expected; give the *-public.pem file',
    );
  }
  return expectKind(
    parse(() => createPublicKey(pem), source),
    kind,
    source,
  );
}

/** Loads a private key, refusing a file that group or others may read. */
export function loadPrivateKey(file: string, kind: KeyKind): KeyObject {
  return privateKeyFromPem(readSecretFile(file).toString('utf8'), kind, file);
}

export function loadPublicKey(file: string, kind: KeyKind): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KeyFileError(file, `cannot be read (${(error as Error).message})`, { cause: error });
  }
  return publicKeyFromPem(pem, kind, file);
}

/**
 * Writes `<dir>/<name>-private.pem` (mode 0600, never overwritten) and `<dir>/<name>-public.pem`
 * (mode 0644). The private file is written first, so a failure never leaves a public key without one.
 */
export function writeKeyPair(
  dir: string,
  name: string,
  pair: KeyPair,
): { privateFile: string; publicFile: string } {
  const privateFile = join(dir, `${name}-private.pem`);
  const publicFile = join(dir, `${name}-public.pem`);
  writeSecretFile(privateFile, privateKeyToPem(pair.privateKey));
  writeFileSync(publicFile, publicKeyToPem(pair.publicKey), { mode: 0o644 });
  return { privateFile, publicFile };
}

function parse(read: () => KeyObject, source: string): KeyObject {
  try {
    return read();
  } catch (error) {
    throw new KeyFileError(source, `is not a PEM key (${(error as Error).message})`, { cause: error });
  }
}

function expectKind(key: KeyObject, kind: KeyKind, source: string): KeyObject {
  if (key.asymmetricKeyType !== kind) {
    throw new KeyFileError(
      source,
      `holds a ${key.asymmetricKeyType ?? 'symmetric'} key; ${PURPOSE[kind]} is expected here`,
    );
  }
  return key;
}
