import { sealAtRest } from '@vaultline/shared/crypto/at-rest';
import type { PersonRole } from '@vaultline/shared/plan/plan-schema';
import type { Clock } from '@vaultline/shared/time/clock';
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { PeopleDirectory, PersonInput, PersonRecord } from '../registry/registry-ports.ts';
import { openSealed as opened, requireAtRestKey } from './at-rest-key.ts';
import {
  checkEnrolledVia,
  checkPhoto,
  checkTemplate,
  photoContext,
  templateContext,
} from './person-media.ts';
import { RegistryError, UnknownRecordError } from './registry-errors.ts';
import { checkPerson } from './registry-input.ts';
import { people, personTemplates, sites } from './schema.ts';
import { atomic, type StoreDb } from './store-db.ts';

/**
 * Escorts and site staff, with their photo and fingerprint templates sealed at rest (AES-256-GCM under
 * the centre's at-rest key, bound to the person and slot). Particulars need no key; anything touching a
 * photo or template does, and without one it fails with a clear error rather than storing plaintext.
 *
 * Retiring a person keeps the row and photo (hand-over history shows them) but deletes the templates:
 * biometric data is kept only while it can be used. `save` un-retires, as for boxes; re-enrol templates.
 */
export class PeopleRepo implements PeopleDirectory {
  private readonly columns;

  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
    private readonly atRestKey?: Uint8Array,
  ) {
    // The summary of a row without loading its photo.
    this.columns = {
      personId: people.personId,
      name: people.name,
      employeeNo: people.employeeNo,
      role: people.role,
      company: people.company,
      siteId: people.siteId,
      source: people.source,
      retiredAt: people.retiredAt,
      hasPhoto: sql<number>`${people.photoSealed} IS NOT NULL`,
      // Spelled out: inside a one-table select drizzle leaves column names unqualified, which here would
      // compare person_templates.person_id with itself.
      templateCount: sql<number>`(SELECT count(*) FROM person_templates t WHERE t.person_id = "people"."person_id")`,
    };
  }

  get(personId: string): PersonRecord | undefined {
    const row = this.db.select(this.columns).from(people).where(eq(people.personId, personId)).get();
    return row && toRecord(row);
  }

  /** Ordered by person id; retired people only with `includeRetired`. */
  list(filter: { role?: PersonRole; siteId?: string; includeRetired?: boolean } = {}): PersonRecord[] {
    const where: (SQL | undefined)[] = [
      filter.role === undefined ? undefined : eq(people.role, filter.role),
      filter.siteId === undefined ? undefined : eq(people.siteId, filter.siteId),
      filter.includeRetired ? undefined : isNull(people.retiredAt),
    ];
    return this.db
      .select(this.columns)
      .from(people)
      .where(and(...where))
      .orderBy(asc(people.personId))
      .all()
      .map(toRecord);
  }

  /**
   * Creates or updates a person's particulars (and un-retires them). Staff must belong to a registered
   * site; `source` says where the record came from (`personnel-file:<importId>`, `console:<username>`).
   */
  save(person: PersonInput, source: string): void {
    const checked = checkPerson(person);
    if (checked.role !== 'escort' && checked.siteId === undefined) {
      throw new RegistryError(
        'STAFF_WITHOUT_SITE',
        `person ${checked.personId} is a ${checked.role}: staff work at one site, give their siteId`,
      );
    }
    const now = this.clock.now();
    const particulars = {
      name: checked.name,
      employeeNo: checked.employeeNo,
      role: checked.role,
      company: checked.company ?? null,
      siteId: checked.siteId ?? null,
      source,
      updatedAt: now,
      retiredAt: null,
    };
    atomic(this.db, () => {
      const { siteId } = particulars;
      if (siteId !== null && !this.db.select().from(sites).where(eq(sites.siteId, siteId)).get()) {
        throw new UnknownRecordError(
          'site',
          siteId,
          `add the site before the staff of person ${checked.personId}`,
        );
      }
      this.db
        .insert(people)
        .values({ personId: checked.personId, ...particulars, createdAt: now })
        .onConflictDoUpdate({ target: people.personId, set: particulars })
        .run();
    });
  }

  /** Retires a person (idempotent) and deletes their templates; the row and photo stay for history. */
  retire(personId: string): void {
    atomic(this.db, () => {
      const person = this.existing(personId);
      this.db.delete(personTemplates).where(eq(personTemplates.personId, personId)).run();
      if (person.retired) return;
      this.db.update(people).set({ retiredAt: this.clock.now() }).where(eq(people.personId, personId)).run();
    });
  }

  photo(personId: string): Uint8Array | undefined {
    const key = this.key('read the photo');
    const row = this.db
      .select({ sealed: people.photoSealed })
      .from(people)
      .where(eq(people.personId, personId))
      .get();
    if (!row?.sealed) return undefined;
    return opened(key, row.sealed, photoContext(personId), `photo of person ${personId}`);
  }

  setPhoto(personId: string, jpeg: Uint8Array): void {
    const key = this.key('store a photo');
    checkPhoto(personId, jpeg);
    const sealed = Buffer.from(sealAtRest(key, jpeg, photoContext(personId)));
    atomic(this.db, () => {
      this.active(personId, 'a photo');
      this.db
        .update(people)
        .set({ photoSealed: sealed, updatedAt: this.clock.now() })
        .where(eq(people.personId, personId))
        .run();
    });
  }

  templates(personId: string): Uint8Array[] {
    const key = this.key('read templates');
    return this.db
      .select({ slot: personTemplates.slot, sealed: personTemplates.templateSealed })
      .from(personTemplates)
      .where(eq(personTemplates.personId, personId))
      .orderBy(asc(personTemplates.slot))
      .all()
      .map(({ slot, sealed }) =>
        opened(key, sealed, templateContext(personId, slot), `template ${slot} of person ${personId}`),
      );
  }

  setTemplate(personId: string, slot: number, template: Uint8Array, via: string): void {
    const key = this.key('store a template');
    checkTemplate(personId, slot, template);
    checkEnrolledVia(via);
    const row = {
      personId,
      slot,
      templateSealed: Buffer.from(sealAtRest(key, template, templateContext(personId, slot))),
      enrolledVia: via,
      enrolledAt: this.clock.now(),
    };
    const { personId: _p, slot: _s, ...replaced } = row;
    atomic(this.db, () => {
      this.active(personId, 'templates');
      this.db
        .insert(personTemplates)
        .values(row)
        .onConflictDoUpdate({ target: [personTemplates.personId, personTemplates.slot], set: replaced })
        .run();
    });
  }

  /** Deletes a person's templates, or only those enrolled via `enrolledVia`; returns how many went. */
  removeTemplates(personId: string, enrolledVia?: string): number {
    return this.db
      .delete(personTemplates)
      .where(
        and(
          eq(personTemplates.personId, personId),
          enrolledVia === undefined ? undefined : eq(personTemplates.enrolledVia, enrolledVia),
        ),
      )
      .run().changes;
  }

  private key(action: string): Uint8Array {
    return requireAtRestKey(this.atRestKey, action);
  }

  private existing(personId: string): PersonRecord {
    const person = this.get(personId);
    if (!person) throw new UnknownRecordError('person', personId, 'save the person first');
    return person;
  }

  private active(personId: string, what: string): void {
    if (this.existing(personId).retired) {
      throw new RegistryError(
        'PERSON_RETIRED',
        `person ${personId} is retired: ${what} cannot be stored for them; save the person again to reinstate them first`,
      );
    }
  }
}

interface SummaryRow {
  personId: string;
  name: string;
  employeeNo: string;
  role: string;
  company: string | null;
  siteId: string | null;
  source: string;
  retiredAt: number | null;
  hasPhoto: number;
  templateCount: number;
}

function toRecord(row: SummaryRow): PersonRecord {
  return {
    personId: row.personId,
    name: row.name,
    employeeNo: row.employeeNo,
    role: row.role as PersonRole,
    ...(row.company === null ? {} : { company: row.company }),
    ...(row.siteId === null ? {} : { siteId: row.siteId }),
    hasPhoto: Boolean(row.hasPhoto),
    templateCount: Number(row.templateCount),
    source: row.source,
    retired: row.retiredAt !== null,
  };
}
