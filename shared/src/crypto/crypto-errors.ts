import { VaultlineError } from '../errors.ts';

/** A key file that is missing, unreadable, of the wrong kind, or readable by others. */
export class KeyFileError extends VaultlineError {
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('KEY_FILE', `${file}: ${detail}`, options);
  }
}

/** Data sealed at rest that cannot be opened: another key, another context, or altered bytes. */
export class SealedDataError extends VaultlineError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('SEALED_DATA', detail, options);
  }
}
