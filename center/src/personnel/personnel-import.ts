import { createHash, type KeyObject } from 'node:crypto';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';
import { entryMedia, type PersonnelFile } from '@vaultline/shared/personnel/personnel-file';
import { openPersonnelFile } from '@vaultline/shared/personnel/personnel-seal';
import type { Clock } from '@vaultline/shared/time/clock';
import type { CentreStore } from '../store/open-store.ts';
import { PersonnelAlreadyImportedError, PersonnelRegistryError } from './personnel-import-errors.ts';
import { registryProblems } from './personnel-registry-check.ts';

export interface PersonnelImportDeps {
  store: Pick<CentreStore, 'people' | 'sites' | 'audit' | 'personnelImports' | 'transaction'>;
  /** The centre's X25519 private key (`loadOrCreateCentreKeys(dataDir).encryptionKey`). */
  centreEncryptionKey: KeyObject;
  clock: Clock;
  newId?: () => string;
}

export interface PersonnelImportSummary {
  importId: string;
  company: string;
  /** People new to the centre. */
  added: number;
  /** People already known (particulars, photo and file-enrolled templates replaced). */
  updated: number;
  /** Templates stored. */
  templates: number;
}

/** Who enrolled templates that came in a personnel file (person_templates.enrolled_via). */
const VIA_FILE = 'personnel-file';

/**
 * Imports a sealed personnel file (DESIGN §2: the escort company's delivery): opens it with the centre's
 * key, checks it against the registries, then stores people, photos, templates, the import record and
 * an audit entry in one transaction. Anything wrong throws a typed error and stores nothing; the same
 * file twice is refused. A person's templates from an earlier file are replaced; those enrolled at the
 * centre or a branch stay unless the file fills their slot.
 */
export async function importPersonnelFile(
  sealed: string,
  deps: PersonnelImportDeps,
  actor: string,
): Promise<PersonnelImportSummary> {
  const { store, clock } = deps;
  const fileSha256 = createHash('sha256').update(sealed.trim(), 'utf8').digest('hex');
  refuseRepeat(store, fileSha256);
  const file = await openPersonnelFile(sealed, deps.centreEncryptionKey);
  const importId = (deps.newId ?? createUlidGenerator({ clock }))();
  return store.transaction(() => {
    // Checked again inside the write lock: a second import of the same file racing this one loses here.
    refuseRepeat(store, fileSha256);
    const problems = registryProblems(file, {
      siteIds: new Set(store.sites.list().map((site) => site.siteId)),
      people: store.people.list({ includeRetired: true }),
    });
    if (problems.length > 0) throw new PersonnelRegistryError(problems);
    const summary = { importId, company: file.company, added: 0, updated: 0, templates: 0 };
    for (const entry of file.people) {
      if (store.people.get(entry.personId)) summary.updated++;
      else summary.added++;
      summary.templates += storePerson(store, file, entry, importId);
    }
    const at = clock.now();
    store.personnelImports.record({
      importId,
      fileSha256,
      company: file.company,
      peopleCount: file.people.length,
      importedBy: actor,
      importedAt: at,
    });
    store.audit.append({
      at,
      actor,
      action: 'personnel.import',
      target: importId,
      detail: {
        company: file.company,
        issuedAt: file.issuedAt,
        fileSha256,
        added: summary.added,
        updated: summary.updated,
        templates: summary.templates,
      },
    });
    return summary;
  });
}

function refuseRepeat(store: PersonnelImportDeps['store'], fileSha256: string): void {
  const earlier = store.personnelImports.bySha256(fileSha256);
  if (earlier)
    throw new PersonnelAlreadyImportedError(earlier.importId, earlier.importedAt, earlier.importedBy);
}

/** Saves one person with photo and templates; returns the number of templates stored. */
function storePerson(
  store: PersonnelImportDeps['store'],
  file: PersonnelFile,
  entry: PersonnelFile['people'][number],
  importId: string,
): number {
  const { photo, templates } = entryMedia(entry);
  const { personId, name, employeeNo, role, siteId } = entry;
  store.people.save(
    { personId, name, employeeNo, role, company: file.company, ...(siteId ? { siteId } : {}) },
    `personnel-file:${importId}`,
  );
  store.people.setPhoto(personId, photo);
  store.people.removeTemplates(personId, VIA_FILE);
  templates.forEach((template, slot) => {
    store.people.setTemplate(personId, slot, template, VIA_FILE);
  });
  return templates.length;
}
