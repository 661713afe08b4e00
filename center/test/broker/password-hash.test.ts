import { describe, expect, it } from 'vitest';
import {
  generateBrokerPassword,
  mosquittoHash,
  scryptHash,
  verifyMosquittoHash,
  verifyScrypt,
} from '../../src/broker/password-hash.ts';

/** Written by the real `mosquitto_passwd -c -b passwd gw1 secret` (Mosquitto 2.0.11). */
const MOSQUITTO_PASSWD_LINE =
  'gw1:$7$101$1txyXjtSiTF2IYdw$A9t2fXKk55fbYfnc1/JDjeX/UZJyJJv3SdGrN2/YMZowRGCfnZgVs6LxZwKoJOo6c+uLbgtgA7kmVnSdUlE7RQ==';

describe('broker password hashes', () => {
  it('generates 32-byte random passwords', () => {
    const a = generateBrokerPassword();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(generateBrokerPassword()).not.toBe(a);
  });

  it('verifies scrypt hashes, with a fresh salt each time', async () => {
    const hash = scryptHash('s3cret');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(scryptHash('s3cret')).not.toBe(hash);
    await expect(verifyScrypt('s3cret', hash)).resolves.toBe(true);
    await expect(verifyScrypt('s3cres', hash)).resolves.toBe(false);
  });

  it('treats malformed scrypt hashes as no match, never as an error', async () => {
    for (const bad of [
      '',
      'scrypt$',
      'bcrypt$1$2$3$4$5',
      'scrypt$x$8$1$c2FsdA==$aGFzaA==',
      'scrypt$3$8$1$c2FsdA==$aGFzaA==',
    ]) {
      await expect(verifyScrypt('s3cret', bad)).resolves.toBe(false);
    }
  });

  it('computes the same $7$ entry as mosquitto_passwd for the same salt', () => {
    const [, entry] = MOSQUITTO_PASSWD_LINE.split(/:(.*)/s) as [string, string];
    const salt = Buffer.from(entry.split('$')[3] ?? '', 'base64');
    expect(salt).toHaveLength(12);
    expect(mosquittoHash('secret', salt)).toBe(entry);
    expect(verifyMosquittoHash('secret', entry)).toBe(true);
    expect(verifyMosquittoHash('Secret', entry)).toBe(false);
  });

  it('writes entries in the mosquitto_passwd shape: 101 iterations, 12-byte salt, 64-byte hash', () => {
    const entry = mosquittoHash('pw');
    const [, seven, iterations, salt, hash] = entry.split('$');
    expect([seven, iterations]).toEqual(['7', '101']);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(12);
    expect(Buffer.from(hash ?? '', 'base64')).toHaveLength(64);
    expect(verifyMosquittoHash('pw', entry)).toBe(true);
  });
});
