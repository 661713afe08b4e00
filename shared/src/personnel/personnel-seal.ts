import type { KeyObject } from 'node:crypto';
import { check } from '../contract/validate.ts';
import {
  decryptWithX25519,
  encryptToX25519,
  isX25519PublicKey,
  looksLikeX25519Jwe,
  type OpenedJwe,
} from '../crypto/jwe-x25519.ts';
import {
  PersonnelContentError,
  PersonnelDecryptError,
  PersonnelDuplicateError,
  PersonnelFormatError,
} from './personnel-errors.ts';
import { duplicateProblems, mediaProblems, PersonnelFile } from './personnel-file.ts';

/**
 * A personnel file sealed to the centre (DESIGN §7): JWE compact to the centre's X25519 key
 * (`jwe-x25519.ts`), content type `vaultline-personnel+json`. Only the holder of the centre's encryption private key
 * reads it; the protected header is authenticated with the content, so neither can be altered unnoticed.
 */

export const PERSONNEL_CONTENT_TYPE = 'vaultline-personnel+json';

/** The checked file, or the first kind of problem: content (all listed) before duplicates (all listed). */
export function parsePersonnelFile(value: unknown): PersonnelFile {
  const shape = check(PersonnelFile, value);
  if (!shape.ok) throw new PersonnelContentError(shape.errors);
  const media = mediaProblems(shape.value);
  if (media.length > 0) throw new PersonnelContentError(media);
  const duplicates = duplicateProblems(shape.value);
  if (duplicates.length > 0) throw new PersonnelDuplicateError(duplicates);
  return shape.value;
}

/** Checks the file (a company never ships what the centre would refuse) and seals it to the centre. */
export async function sealPersonnelFile(
  file: unknown,
  centreEncryptionPublicKey: KeyObject,
): Promise<string> {
  const checked = parsePersonnelFile(file);
  if (!isX25519PublicKey(centreEncryptionPublicKey)) {
    throw new PersonnelFormatError(
      "a personnel file is sealed to the centre's X25519 public key (centre-encryption-public.pem); another kind of key was given",
    );
  }
  return encryptToX25519(
    Buffer.from(JSON.stringify(checked), 'utf8'),
    centreEncryptionPublicKey,
    PERSONNEL_CONTENT_TYPE,
  );
}

/**
 * Opens and checks a sealed file. Refuses, each with its own error: not a JWE (`PersonnelFormatError`),
 * another key or altered bytes (`PersonnelDecryptError`), a JWE of another content type
 * (`PersonnelFormatError`), invalid content (`PersonnelContentError`), a person twice
 * (`PersonnelDuplicateError`).
 */
export async function openPersonnelFile(
  sealed: string,
  centreEncryptionPrivateKey: KeyObject,
): Promise<PersonnelFile> {
  const jwe = sealed.trim();
  if (!looksLikeX25519Jwe(jwe)) {
    throw new PersonnelFormatError(
      'it is not a JWE in compact form (five base64url parts separated by dots)',
    );
  }
  let opened: OpenedJwe;
  try {
    opened = await decryptWithX25519(jwe, centreEncryptionPrivateKey);
  } catch (error) {
    throw new PersonnelDecryptError((error as Error).message, { cause: error });
  }
  if (opened.contentType !== PERSONNEL_CONTENT_TYPE) {
    throw new PersonnelFormatError(
      `it is a JWE of content type "${opened.contentType ?? '(none)'}", not "${PERSONNEL_CONTENT_TYPE}"`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(opened.plaintext).toString('utf8'));
  } catch (error) {
    throw new PersonnelContentError(['/ the sealed content is not JSON'], { cause: error });
  }
  return parsePersonnelFile(value);
}
