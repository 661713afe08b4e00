import { openAtRest } from '@vaultline/shared/crypto/at-rest';
import { SealedDataError } from '@vaultline/shared/crypto/crypto-errors';
import { RegistryError } from './registry-errors.ts';

/**
 * The centre's at-rest key as a repository holding sealed biometric data needs it: present, or a clear
 * refusal (never a plaintext fallback); and a sealed blob opened with what it is named in the error.
 */
export function requireAtRestKey(key: Uint8Array | undefined, action: string): Uint8Array {
  if (!key) {
    throw new RegistryError(
      'AT_REST_KEY_MISSING',
      `cannot ${action}: this store was opened without the centre's at-rest key; open it with openCentreStore(path, { atRestKey: loadOrCreateCentreKeys(dataDir).atRestKey })`,
    );
  }
  return key;
}

export function openSealed(key: Uint8Array, sealed: Uint8Array, context: string, what: string): Uint8Array {
  try {
    return openAtRest(key, sealed, context);
  } catch (error) {
    throw new SealedDataError(`${what}: ${(error as Error).message}`, { cause: error });
  }
}
