import {
  importPersonnelFile,
  type PersonnelImportDeps,
  type PersonnelImportSummary,
} from '../../personnel/personnel-import.ts';
import type { ConsoleDeps } from '../console-context.ts';

/** What the people pages need beyond the store: the personnel import, which holds the centre's key. */
export interface PeopleConsoleService {
  /** Imports a sealed personnel file (JWE) as `actor`; throws a typed error and stores nothing when refused. */
  importSealed(sealed: string, actor: string): Promise<PersonnelImportSummary>;
}

/** The service the centre wires into `ConsoleDeps.people`. */
export function peopleConsoleService(deps: PersonnelImportDeps): PeopleConsoleService {
  return { importSealed: (sealed, actor) => importPersonnelFile(sealed, deps, actor) };
}

/** `deps.people` when the centre wired the people service in, else undefined (import then says so). */
export function peopleServiceOf(deps: ConsoleDeps): PeopleConsoleService | undefined {
  const service = deps.people as Partial<PeopleConsoleService> | undefined;
  return typeof service?.importSealed === 'function' ? (service as PeopleConsoleService) : undefined;
}
