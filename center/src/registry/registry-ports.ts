import type { GeoPoint, PersonRole } from '@vaultline/shared/plan/plan-schema';

/**
 * The centre's registries as the rest of the centre sees them (plans, console, provisioning). The SQLite
 * repositories under `../store/` implement them; photos and templates are sealed at rest there and come
 * out of these ports already opened.
 */

export type SiteKind = 'vault' | 'branch';

export interface SiteRecord {
  siteId: string;
  name: string;
  kind: SiteKind;
  position: GeoPoint;
  geofenceM: number;
}

export interface SiteRegistry {
  get(siteId: string): SiteRecord | undefined;
  list(): SiteRecord[];
  /** Creates or updates. */
  save(site: SiteRecord): void;
}

export interface BoxRecord {
  epc: string;
  label: string;
  homeSiteId?: string;
  retired: boolean;
}

export interface BoxRegistry {
  get(epc: string): BoxRecord | undefined;
  list(): BoxRecord[];
  /** Creates or updates (un-retires). */
  save(box: Omit<BoxRecord, 'retired'>): void;
  retire(epc: string): void;
}

export interface PersonInput {
  personId: string;
  name: string;
  employeeNo: string;
  role: PersonRole;
  company?: string;
  /** Site of staff (tellers, managers); undefined for escorts, who travel. */
  siteId?: string;
}

export interface PersonRecord extends PersonInput {
  hasPhoto: boolean;
  templateCount: number;
  source: string;
  retired: boolean;
}

export interface PeopleDirectory {
  get(personId: string): PersonRecord | undefined;
  list(filter?: { role?: PersonRole; siteId?: string; includeRetired?: boolean }): PersonRecord[];
  /** Creates or updates a person's particulars (not photo or templates). */
  save(person: PersonInput, source: string): void;
  retire(personId: string): void;
  /** The stored photo, opened (JPEG bytes), or undefined. */
  photo(personId: string): Uint8Array | undefined;
  setPhoto(personId: string, jpeg: Uint8Array): void;
  /** The fingerprint module templates, opened, by slot order. Callers must never log them. */
  templates(personId: string): Uint8Array[];
  /** Stores a template in `slot` (0–9), replacing what was there; `via`: personnel-file | centre:<user> | branch:<gw>. */
  setTemplate(personId: string, slot: number, template: Uint8Array, via: string): void;
}
