import { Type } from '@sinclair/typebox';
import { validate } from '@vaultline/shared/contract/validate';
import { PersonParticulars } from '@vaultline/shared/personnel/personnel-file';
import { Epc, GeoPoint, Id } from '@vaultline/shared/plan/plan-schema';
import type { BoxRecord, PersonInput, SiteRecord } from '../registry/registry-ports.ts';

/**
 * What the registries accept, checked before anything is written: the same id, EPC and position rules a
 * plan bundle is checked against, so a registry never holds what a gateway would refuse in a plan.
 */

const SiteInput = Type.Object(
  {
    siteId: Id('site id'),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Union([Type.Literal('vault'), Type.Literal('branch')]),
    position: GeoPoint,
    // The same bounds as a stop's geofence in a plan (plan-schema.ts).
    geofenceM: Type.Integer({ minimum: 10, maximum: 5000, description: 'stop geofence radius, m' }),
  },
  { additionalProperties: false },
);

const BoxInput = Type.Object(
  {
    epc: Epc,
    label: Type.String({ minLength: 1, maxLength: 100 }),
    homeSiteId: Type.Optional(Id('site the box belongs to')),
  },
  { additionalProperties: false },
);

const PersonInputSchema = Type.Composite(
  [PersonParticulars, Type.Object({ company: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) })],
  { additionalProperties: false },
);

/** Throws `ValidationError` listing every problem with its path. */
export function checkSite(site: SiteRecord): SiteRecord {
  return validate(SiteInput, site, `site "${site.siteId}"`);
}

export function checkBox(box: Omit<BoxRecord, 'retired'>): Omit<BoxRecord, 'retired'> {
  return validate(BoxInput, box, `box "${box.epc}"`);
}

export function checkPerson(person: PersonInput): PersonInput {
  return validate(PersonInputSchema, person, `person "${person.personId}"`);
}
