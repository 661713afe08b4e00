import { createHash } from 'node:crypto';

/**
 * Hex SHA-256 of raw bytes: how a signed event commits to data that travels beside the chain (a
 * fingerprint template, a face capture's JPEG), so the receiver can check what arrived against it.
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
