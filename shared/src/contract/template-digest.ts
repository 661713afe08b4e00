import { sha256Hex } from '../crypto/sha256-hex.ts';

/**
 * Hex SHA-256 of a fingerprint module template: what a branch enrolment's signed `person.enrolled` event
 * carries in place of the template, and what the centre compares the decrypted `enrol` message against.
 */
export function templateSha256(template: Uint8Array): string {
  return sha256Hex(template);
}
