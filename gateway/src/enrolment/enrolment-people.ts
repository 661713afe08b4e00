import type { Person, PersonRole, SitePlan } from '@vaultline/shared/plan/plan-schema';

/** Someone the manager may enrol, from the current plan (crews due here and the site's staff). */
export interface EnrolmentCandidate {
  personId: string;
  name: string;
  employeeNo: string;
  role: PersonRole;
  /** The slot offered by default: the next one after the templates the plan holds (0–9). */
  defaultSlot: number;
}

/** Template slots a person has at the centre (registry-ports: slot 0–9). */
export const MAX_SLOT = 9;
/** Plan roles that may approve an enrolment at a site. */
const MANAGER_ROLES: ReadonlySet<PersonRole> = new Set(['branch-manager', 'vault-manager']);
/** Same ids as the plan's (`plan-schema.ts`): what the centre's registry can name. */
const PERSON_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The people of the plan, escorts first then staff, each by name. */
export function enrolmentCandidates(plan: SitePlan | null): EnrolmentCandidate[] {
  const rank = (person: Person) => (person.role === 'escort' ? 0 : 1);
  return [...(plan?.people ?? [])]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh-CN'))
    .map((person) => ({
      personId: person.personId,
      name: person.name,
      employeeNo: person.employeeNo,
      role: person.role,
      defaultSlot: Math.min(person.templates.length, MAX_SLOT),
    }));
}

/** The plan's record of a person, if the plan lists them. */
export function planPerson(plan: SitePlan | null, personId: string): Person | undefined {
  return plan?.people.find((person) => person.personId === personId);
}

/** A manager of this site in the plan (the plan lists only this site's staff). */
export function isSiteManager(person: Person | undefined): boolean {
  return person !== undefined && MANAGER_ROLES.has(person.role);
}

/** Why a chosen person id or slot cannot be used, or undefined when both are fine. */
export function choiceProblem(personId: string, slot: number): string | undefined {
  if (!PERSON_ID.test(personId)) {
    return `person id "${personId}" is not valid: use the id the centre knows (letters, digits, . _ : -)`;
  }
  if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) {
    return `template slot ${slot} does not exist: choose 0 to ${MAX_SLOT}`;
  }
  return undefined;
}
