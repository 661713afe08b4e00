import { type Static, Type } from '@sinclair/typebox';
import { Id, Person } from '../plan/plan-schema.ts';
import { photoProblem, templateProblem } from './biometric-rules.ts';
import { MAX_PHOTO_BYTES, MAX_TEMPLATE_BYTES, MAX_TEMPLATES } from './personnel-limits.ts';

/**
 * The personnel file an escort company delivers to the centre (DESIGN §2, §7): who its people are, their
 * photo and their fingerprint module templates. It travels sealed (JWE to the centre's encryption key,
 * see `personnel-seal.ts`); this is the plaintext inside. One schema, one static type (STYLE.md §5).
 */

/** Base64 characters needed for `bytes` bytes (4 per 3, padded). */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;
const Base64 = (maxBytes: number, description: string) =>
  Type.String({
    minLength: 4,
    maxLength: base64Length(maxBytes),
    // Whole 4-character groups, padded at the end (RFC 4648 §4): what Buffer.from would otherwise guess at.
    pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$',
    description,
  });

/** Who a person is, as the registries keep it (no photo, no templates). */
export const PersonParticulars = Type.Composite(
  [
    Type.Pick(Person, ['personId', 'name', 'employeeNo', 'role']),
    Type.Object({
      siteId: Type.Optional(Id('site of staff (tellers, managers); absent for escorts, who travel')),
    }),
  ],
  { additionalProperties: false },
);
export type PersonParticulars = Static<typeof PersonParticulars>;

export const PersonnelEntry = Type.Composite(
  [
    PersonParticulars,
    Type.Object({
      photoJpeg: Base64(MAX_PHOTO_BYTES, 'portrait photo, JPEG, base64 (at most 300 KB decoded)'),
      templates: Type.Array(Base64(MAX_TEMPLATE_BYTES, 'fingerprint module template, base64'), {
        minItems: 1,
        maxItems: MAX_TEMPLATES,
        description: 'fingerprint module templates in slot order (slot 0 first); never images',
      }),
    }),
  ],
  { additionalProperties: false },
);
export type PersonnelEntry = Static<typeof PersonnelEntry>;

export const PersonnelFile = Type.Object(
  {
    v: Type.Literal(1),
    company: Type.String({ minLength: 1, maxLength: 100, description: 'the escort company delivering it' }),
    issuedAt: Type.String({ format: 'date-time', description: 'when the company sealed the file' }),
    people: Type.Array(PersonnelEntry, { minItems: 1, maxItems: 2000 }),
  },
  { additionalProperties: false },
);
export type PersonnelFile = Static<typeof PersonnelFile>;

/** The bytes of an entry's photo and templates (the schema guarantees well-formed base64). */
export function entryMedia(entry: PersonnelEntry): { photo: Uint8Array; templates: Uint8Array[] } {
  const bytes = (base64: string) => Uint8Array.from(Buffer.from(base64, 'base64'));
  return { photo: bytes(entry.photoJpeg), templates: entry.templates.map(bytes) };
}

/** Photos and templates that break the biometric rules, each as `<path> <what is wrong>`. */
export function mediaProblems(file: PersonnelFile): string[] {
  const problems: string[] = [];
  file.people.forEach((entry, p) => {
    const { photo, templates } = entryMedia(entry);
    const photoIssue = photoProblem(photo);
    if (photoIssue) problems.push(`/people/${p}/photoJpeg ${photoIssue}`);
    templates.forEach((template, t) => {
      const issue = templateProblem(template);
      if (issue) problems.push(`/people/${p}/templates/${t} ${issue}`);
    });
  });
  return problems;
}

/** personId and employeeNo are each unique within a file: every repeat, with the entry it repeats. */
export function duplicateProblems(file: PersonnelFile): string[] {
  const problems: string[] = [];
  for (const key of ['personId', 'employeeNo'] as const) {
    const first = new Map<string, number>();
    file.people.forEach((person, index) => {
      const earlier = first.get(person[key]);
      if (earlier === undefined) first.set(person[key], index);
      else problems.push(`/people/${index}/${key} "${person[key]}" is already used by /people/${earlier}`);
    });
  }
  return problems;
}
