import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { KeyFileError } from './crypto-errors.ts';

/** Permission bits for group and others: a secret file must have none of them. */
const GROUP_OTHER_BITS = 0o077;

/**
 * Writes a new secret file with mode 0600. Refuses to replace an existing file: overwriting a private
 * key by mistake would orphan everything signed or encrypted with it.
 */
export function writeSecretFile(file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KeyFileError(
        file,
        'already exists; move it away first if you really mean to replace this key',
        {
          cause: error,
        },
      );
    }
    throw new KeyFileError(file, `cannot be written (${(error as Error).message})`, { cause: error });
  }
}

/** Reads a secret file, refusing one that group or others may read (or that is not a regular file). */
export function readSecretFile(file: string): Buffer {
  let mode: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new KeyFileError(file, 'is not a regular file');
    mode = stats.mode;
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError(file, `cannot be read (${(error as Error).message})`, { cause: error });
  }
  if ((mode & GROUP_OTHER_BITS) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    throw new KeyFileError(
      file,
      `holds a secret but has mode ${octal}, so other users can read or replace it; run \`chmod 600 ${file}\` and start again`,
    );
  }
  return readFileSync(file);
}
