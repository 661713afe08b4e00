import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAtRestKeyFile, loadAtRestKey } from '@vaultline/shared/crypto/at-rest';
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  loadPrivateKey,
  loadPublicKey,
  writeKeyPair,
} from '@vaultline/shared/crypto/keys';

/**
 * The centre's own keys, in `<dataDir>/keys`:
 * - `centre-signing-*.pem` (Ed25519): signs every plan bundle; gateways are provisioned with the public half.
 * - `centre-encryption-*.pem` (X25519): escort companies seal personnel files to the public half (JWE).
 * - `at-rest.key` (32 bytes): seals photos and fingerprint templates in the centre database.
 * Private files are mode 0600 and never overwritten; a lost key means re-provisioning, never a silent new one.
 */
export interface CentreKeys {
  dir: string;
  signingKey: KeyObject;
  signingPublicKey: KeyObject;
  /** The PEM file gateways take as `centrePublicKey`. */
  signingPublicKeyFile: string;
  encryptionKey: KeyObject;
  encryptionPublicKey: KeyObject;
  /** The PEM file escort companies seal personnel files to. */
  encryptionPublicKeyFile: string;
  atRestKey: Uint8Array;
}

export const centreKeysDir = (dataDir: string) => join(dataDir, 'keys');

/** Loads the centre's keys, creating whichever pair or key does not exist yet (first start). */
export function loadOrCreateCentreKeys(dataDir: string): CentreKeys {
  const dir = centreKeysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(dir, name);
  if (!existsSync(file('centre-signing-private.pem')))
    writeKeyPair(dir, 'centre-signing', generateSigningKeyPair());
  if (!existsSync(file('centre-encryption-private.pem'))) {
    writeKeyPair(dir, 'centre-encryption', generateEncryptionKeyPair());
  }
  const atRestKey = existsSync(file('at-rest.key'))
    ? loadAtRestKey(file('at-rest.key'))
    : createAtRestKeyFile(file('at-rest.key'));
  return {
    dir,
    signingKey: loadPrivateKey(file('centre-signing-private.pem'), 'ed25519'),
    signingPublicKey: loadPublicKey(file('centre-signing-public.pem'), 'ed25519'),
    signingPublicKeyFile: file('centre-signing-public.pem'),
    encryptionKey: loadPrivateKey(file('centre-encryption-private.pem'), 'x25519'),
    encryptionPublicKey: loadPublicKey(file('centre-encryption-public.pem'), 'x25519'),
    encryptionPublicKeyFile: file('centre-encryption-public.pem'),
    atRestKey,
  };
}
