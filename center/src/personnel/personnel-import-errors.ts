import { VaultlineError } from '@vaultline/shared';

/** A personnel file the centre opened but will not import; nothing of it was stored. */
export class PersonnelImportError extends VaultlineError {}

/** The file's people do not fit the centre's registries (unknown site, someone else's person …). */
export class PersonnelRegistryError extends PersonnelImportError {
  constructor(readonly problems: string[]) {
    super(
      'PERSONNEL_REGISTRY',
      `personnel file refused, it does not fit the centre's registries: ${problems.join('; ')}. Nothing was imported`,
    );
  }
}

/** The very same sealed file was imported before. */
export class PersonnelAlreadyImportedError extends PersonnelImportError {
  constructor(importId: string, importedAt: number, importedBy: string) {
    super(
      'PERSONNEL_ALREADY_IMPORTED',
      `this personnel file was already imported (import ${importId}, ${new Date(importedAt).toISOString()}, by ${importedBy}); nothing was imported again — ask the company for a new file if people changed`,
    );
  }
}
