import { VaultlineError } from '../errors.ts';

/** A personnel file the centre refuses; nothing of it is stored. Each subclass says why and what to do. */
export class PersonnelFileError extends VaultlineError {}

/** Not a compact JWE at all, or a JWE that carries something other than a personnel file. */
export class PersonnelFormatError extends PersonnelFileError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'PERSONNEL_FORMAT',
      `personnel file refused: ${detail}. Ask the escort company for the .jwe file made by \`vaultline-center personnel seal\``,
      options,
    );
  }
}

/** A JWE that does not open with this centre's key: sealed to another key, or altered on the way. */
export class PersonnelDecryptError extends PersonnelFileError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'PERSONNEL_DECRYPT',
      `personnel file refused: it cannot be opened with this centre's encryption key (${detail}). Either it was sealed to another key — the company must seal it to this centre's centre-encryption-public.pem (\`vaultline-center keys\` shows it) — or it was altered in transit (header or ciphertext): ask for the file again`,
      options,
    );
  }
}

/** Opened, but its content breaks the schema or a rule; every problem is listed with its path. */
export class PersonnelContentError extends PersonnelFileError {
  constructor(
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(
      'PERSONNEL_CONTENT',
      `personnel file refused, its content is invalid: ${problems.join('; ')}. The company must correct people.json and seal it again`,
      options,
    );
  }
}

/** The same personId or employeeNo twice in one file. */
export class PersonnelDuplicateError extends PersonnelFileError {
  constructor(readonly problems: string[]) {
    super(
      'PERSONNEL_DUPLICATE',
      `personnel file refused, it names someone twice: ${problems.join('; ')}. Each person appears once, with a unique employee number`,
    );
  }
}
