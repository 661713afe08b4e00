import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { VaultlineError } from '@vaultline/shared';
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  loadPrivateKey,
  loadPublicKey,
  publicKeyToPem,
  publicKeyToRaw,
  writeKeyPair,
} from '@vaultline/shared/crypto/keys';

/**
 * A gateway's own keys: Ed25519 to sign its event chain, X25519 so the centre can encrypt fingerprint
 * templates to it (JWE). Private key files are mode 0600 and never overwritten.
 */
export interface GatewayIdentity {
  signingKey: KeyObject;
  signingPublicKey: KeyObject;
  encryptionKey: KeyObject;
  encryptionPublicKey: KeyObject;
}

export class GatewayIdentityError extends VaultlineError {
  constructor(message: string) {
    super('GATEWAY_IDENTITY', message);
  }
}

const keysDir = (dataDir: string) => join(dataDir, 'keys');

/** `vaultline-gateway init`: creates the key pairs; refuses to replace existing ones. */
export function initGatewayIdentity(dataDir: string): {
  signingPublicKey: string;
  encryptionPublicKeyPem: string;
  /** The PEM file to give `vaultline-center gateway add --encryption-key`. */
  encryptionPublicKeyFile: string;
  dir: string;
} {
  const dir = keysDir(dataDir);
  if (existsSync(join(dir, 'gateway-signing-private.pem'))) {
    throw new GatewayIdentityError(
      `${dir} already holds this gateway's keys; a gateway keeps its identity (remove the folder only to re-provision it at the centre)`,
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signing = generateSigningKeyPair();
  const encryption = generateEncryptionKeyPair();
  writeKeyPair(dir, 'gateway-signing', signing);
  const { publicFile } = writeKeyPair(dir, 'gateway-encryption', encryption);
  return {
    dir,
    encryptionPublicKeyFile: publicFile,
    signingPublicKey: publicKeyToRaw(signing.publicKey),
    encryptionPublicKeyPem: publicKeyToPem(encryption.publicKey),
  };
}

export function loadGatewayIdentity(dataDir: string): GatewayIdentity {
  const dir = keysDir(dataDir);
  if (!existsSync(join(dir, 'gateway-signing-private.pem'))) {
    throw new GatewayIdentityError(`no gateway keys in ${dir}; run \`vaultline-gateway init\` first`);
  }
  return {
    signingKey: loadPrivateKey(join(dir, 'gateway-signing-private.pem'), 'ed25519'),
    signingPublicKey: loadPublicKey(join(dir, 'gateway-signing-public.pem'), 'ed25519'),
    encryptionKey: loadPrivateKey(join(dir, 'gateway-encryption-private.pem'), 'x25519'),
    encryptionPublicKey: loadPublicKey(join(dir, 'gateway-encryption-public.pem'), 'x25519'),
  };
}
