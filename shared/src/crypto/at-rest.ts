import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyFileError, SealedDataError } from './crypto-errors.ts';
import { readSecretFile, writeSecretFile } from './secret-file.ts';

/**
 * Data at rest (fingerprint templates, face captures) sealed with AES-256-GCM under a 32-byte key kept
 * in a 0600 file. Sealed blob, version 1:
 *
 *   offset 0   1 byte   version (0x01)
 *   offset 1  12 bytes  IV, random per blob (the 96-bit IV NIST SP 800-38D recommends for GCM)
 *   offset 13 16 bytes  GCM tag
 *   offset 29 …         ciphertext
 *
 * The version byte and an optional `context` (e.g. the person id a template belongs to) are
 * authenticated as associated data, so a blob cannot be moved to another row or downgraded unnoticed.
 */

export const AT_REST_KEY_BYTES = 32;
const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export function generateAtRestKey(): Uint8Array {
  return Uint8Array.from(randomBytes(AT_REST_KEY_BYTES));
}

/** Creates a new key file (mode 0600; an existing file is never replaced) and returns the key. */
export function createAtRestKeyFile(file: string): Uint8Array {
  const key = generateAtRestKey();
  writeSecretFile(file, key);
  return key;
}

/** Loads a key file, refusing one that group or others may read, or that is not exactly 32 bytes. */
export function loadAtRestKey(file: string): Uint8Array {
  const key = readSecretFile(file);
  if (key.length !== AT_REST_KEY_BYTES) {
    throw new KeyFileError(
      file,
      `holds ${key.length} bytes; an at-rest key file holds exactly ${AT_REST_KEY_BYTES}`,
    );
  }
  return Uint8Array.from(key);
}

export function sealAtRest(key: Uint8Array, plaintext: Uint8Array, context = ''): Uint8Array {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Uint8Array.from(Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]));
}

/** Opens a sealed blob; throws `SealedDataError` if key, context or any byte differs from sealing. */
export function openAtRest(key: Uint8Array, sealed: Uint8Array, context = ''): Uint8Array {
  checkKey(key);
  if (sealed.length < HEADER_BYTES) {
    throw new SealedDataError(
      `sealed data is ${sealed.length} bytes, shorter than the ${HEADER_BYTES}-byte header: it is truncated`,
    );
  }
  if (sealed[0] !== VERSION) {
    throw new SealedDataError(
      `sealed data has format version ${sealed[0]}; this build reads version ${VERSION}`,
    );
  }
  const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 1 + IV_BYTES));
  decipher.setAAD(associatedData(context));
  decipher.setAuthTag(blob.subarray(1 + IV_BYTES, HEADER_BYTES));
  try {
    return Uint8Array.from(Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]));
  } catch (error) {
    throw new SealedDataError(
      'sealed data failed authentication: it was altered, belongs to another record, or was sealed with another key (check the at-rest key file)',
      { cause: error },
    );
  }
}

function associatedData(context: string): Buffer {
  return Buffer.concat([Buffer.of(VERSION), Buffer.from(context, 'utf8')]);
}

function checkKey(key: Uint8Array): void {
  if (key.length !== AT_REST_KEY_BYTES) {
    throw new SealedDataError(`an at-rest key is ${AT_REST_KEY_BYTES} bytes, not ${key.length}`);
  }
}
