import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { VaultlineError } from '@vaultline/shared';

/**
 * Console passwords as argon2id PHC strings with OWASP's minimum settings (Password Storage Cheat
 * Sheet: m = 19 MiB, t = 2, p = 1). About 10–20 ms per hash on the centre's machine.
 */
/** `Algorithm.Argon2id` of @node-rs/argon2 (an ambient const enum, which this build cannot read by name). */
const ARGON2ID = 2 as Algorithm.Argon2id;

export const ARGON2_SETTINGS = {
  algorithm: ARGON2ID,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

/** NIST SP 800-63B asks for at least 8; a bank's console users get 12. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer input is refused before hashing: argon2 would accept it, but nobody types 1 KiB. */
export const MAX_PASSWORD_LENGTH = 1024;

export class PasswordPolicyError extends VaultlineError {}

/** Refuses a password a user may not set, saying what is needed. */
export function checkPasswordPolicy(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new PasswordPolicyError(
      'PASSWORD_TOO_SHORT',
      `the password has ${length} characters; use at least ${MIN_PASSWORD_LENGTH} (a passphrase of a few words is easy to remember)`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new PasswordPolicyError(
      'PASSWORD_TOO_LONG',
      `the password is longer than ${MAX_PASSWORD_LENGTH} characters; use a shorter one`,
    );
  }
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  return hash(password, ARGON2_SETTINGS);
}

/** True when `password` matches the PHC string; a malformed hash counts as no match. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A hash with the same settings to verify against when the user does not exist, so an unknown user
 * name costs the same time as a wrong password and cannot be told apart by timing.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hash('not a real password, only for timing', ARGON2_SETTINGS);
  return dummy;
}
