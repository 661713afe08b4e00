import type { PersonnelFile } from '@vaultline/shared/personnel/personnel-file';
import type { PersonRecord } from '../registry/registry-ports.ts';

/**
 * What a personnel file must agree with at the centre, as pure checks: staff belong to a registered site,
 * and a company delivers only its own people — it may not overwrite (and so re-enrol the fingers of)
 * someone of another company or a bank employee registered at the centre.
 */
export function registryProblems(
  file: PersonnelFile,
  registries: { siteIds: ReadonlySet<string>; people: readonly PersonRecord[] },
): string[] {
  const problems: string[] = [];
  const byId = new Map(registries.people.map((person) => [person.personId, person]));
  const ownEmployeeNos = new Map(
    registries.people.filter((p) => p.company === file.company).map((p) => [p.employeeNo, p.personId]),
  );
  file.people.forEach((entry, index) => {
    const at = `/people/${index}`;
    if (entry.role !== 'escort' && entry.siteId === undefined) {
      problems.push(`${at}/siteId is required: a ${entry.role} works at one site`);
    }
    if (entry.siteId !== undefined && !registries.siteIds.has(entry.siteId)) {
      problems.push(`${at}/siteId "${entry.siteId}" is not a registered site (add it at the centre first)`);
    }
    const existing = byId.get(entry.personId);
    if (existing && existing.company !== file.company) {
      const owner = existing.company
        ? `company "${existing.company}"`
        : 'the bank (registered at the centre)';
      problems.push(
        `${at}/personId "${entry.personId}" belongs to ${owner}; "${file.company}" may deliver only its own people`,
      );
    }
    const holder = ownEmployeeNos.get(entry.employeeNo);
    if (holder !== undefined && holder !== entry.personId) {
      problems.push(
        `${at}/employeeNo "${entry.employeeNo}" is already person "${holder}" of "${file.company}"; one employee, one person id`,
      );
    }
  });
  return problems;
}
