import { sign, verify } from 'node:crypto';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyFileError } from '../../src/crypto/crypto-errors.ts';
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  loadPrivateKey,
  loadPublicKey,
  privateKeyFromPem,
  privateKeyToPem,
  publicKeyFromPem,
  publicKeyFromRaw,
  publicKeyToPem,
  publicKeyToRaw,
  writeKeyPair,
} from '../../src/crypto/keys.ts';
import { useTempDir } from './temp-dir.ts';

const tempDir = useTempDir('vaultline-keys');

describe('key files', () => {
  it('writes the private key with mode 0600 and loads a working pair back', () => {
    const dir = tempDir();
    const { privateFile, publicFile } = writeKeyPair(dir, 'gateway', generateSigningKeyPair());
    expect(privateFile).toBe(join(dir, 'gateway-private.pem'));
    expect(statSync(privateFile).mode & 0o777).toBe(0o600);
    expect(statSync(publicFile).mode & 0o077).not.toBe(0);
    const privateKey = loadPrivateKey(privateFile, 'ed25519');
    const publicKey = loadPublicKey(publicFile, 'ed25519');
    const message = Buffer.from('door.opened');
    expect(verify(null, message, publicKey, sign(null, message, privateKey))).toBe(true);
  });

  it('refuses a private key file that group or others can read, saying how to fix it', () => {
    const dir = tempDir();
    const { privateFile } = writeKeyPair(dir, 'gateway', generateSigningKeyPair());
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      chmodSync(privateFile, mode);
      const call = () => loadPrivateKey(privateFile, 'ed25519');
      expect(call).toThrow(KeyFileError);
      expect(call).toThrow(`chmod 600 ${privateFile}`);
    }
    chmodSync(privateFile, 0o400);
    expect(loadPrivateKey(privateFile, 'ed25519').asymmetricKeyType).toBe('ed25519');
  });

  it('never overwrites an existing private key', () => {
    const dir = tempDir();
    const first = writeKeyPair(dir, 'centre', generateSigningKeyPair());
    const before = loadPrivateKey(first.privateFile, 'ed25519');
    expect(() => writeKeyPair(dir, 'centre', generateSigningKeyPair())).toThrow('already exists');
    expect(privateKeyToPem(loadPrivateKey(first.privateFile, 'ed25519'))).toBe(privateKeyToPem(before));
  });

  it('refuses a key of the wrong kind, a private key given as public, and non-keys', () => {
    const dir = tempDir();
    const files = writeKeyPair(dir, 'gateway-x25519', generateEncryptionKeyPair());
    expect(() => loadPrivateKey(files.privateFile, 'ed25519')).toThrow(
      'holds a x25519 key; an Ed25519 signing key is expected here',
    );
    expect(() => loadPublicKey(files.publicFile, 'ed25519')).toThrow(KeyFileError);
    expect(loadPublicKey(files.publicFile, 'x25519').asymmetricKeyType).toBe('x25519');
    expect(() => loadPublicKey(files.privateFile, 'x25519')).toThrow(
      'holds a private key where a public key is expected',
    );
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a key', { mode: 0o600 });
    expect(() => loadPrivateKey(garbage, 'ed25519')).toThrow('is not a PEM key');
    expect(() => loadPrivateKey(join(dir, 'missing.pem'), 'ed25519')).toThrow('cannot be read');
    expect(() => loadPublicKey(join(dir, 'missing.pem'), 'ed25519')).toThrow('cannot be read');
  });

  it('exports public keys as PEM and as raw base64url, and reads both back', () => {
    for (const [kind, pair] of [
      ['ed25519', generateSigningKeyPair()],
      ['x25519', generateEncryptionKeyPair()],
    ] as const) {
      const raw = publicKeyToRaw(pair.publicKey);
      expect(raw).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The raw key is the last 32 bytes of the SPKI DER encoding.
      const der = pair.publicKey.export({ type: 'spki', format: 'der' });
      expect(Buffer.from(raw, 'base64url').equals(der.subarray(der.length - 32))).toBe(true);
      const pem = publicKeyToPem(pair.publicKey);
      expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(publicKeyToPem(publicKeyFromRaw(raw, kind))).toBe(pem);
      expect(publicKeyToPem(publicKeyFromPem(pem, kind))).toBe(pem);
      expect(privateKeyToPem(privateKeyFromPem(privateKeyToPem(pair.privateKey), kind))).toBe(
        privateKeyToPem(pair.privateKey),
      );
    }
    expect(() => publicKeyFromRaw('too-short', 'ed25519')).toThrow('not a 32-byte key');
  });
});
