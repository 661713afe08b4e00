import { scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Gateway-local staff passwords for "password + fingerprint" confirmation, stored as
 * `scrypt$<N>$<salt b64>$<hash b64>` (no plaintext anywhere; console logins at the centre use argon2id).
 */
export function hashStaffPassword(password: string, salt: Buffer, cost = 16_384): string {
  const hash = scryptSync(password, salt, 32, { N: cost });
  return `scrypt$${cost}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyStaffPassword(password: string, stored: string | undefined): boolean {
  const [scheme, cost, salt, hash] = stored?.split('$') ?? [];
  if (scheme !== 'scrypt' || !cost || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(cost) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
