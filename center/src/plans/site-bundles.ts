import type { KeyObject } from 'node:crypto';
import { VaultlineError } from '@vaultline/shared';
import { publicKeyFromPem } from '@vaultline/shared/crypto/keys';
import { encryptTemplate, signSitePlan } from '@vaultline/shared/plan/plan-bundle';
import { PlanError } from '@vaultline/shared/plan/plan-errors';
import type { Person, SitePlan, Vehicle } from '@vaultline/shared/plan/plan-schema';
import type { PeopleDirectory } from '../registry/registry-ports.ts';
import type { DayPlan } from '../runs/day-plan.ts';
import type { PlannedVehicle } from './plan-validation.ts';
import { bundleVersion } from './plan-versions.ts';

/**
 * The part of a day's plan one gateway gets (DESIGN §3 "pushes each gateway the part that concerns its
 * site"): the runs that stop at its site, their vehicles, and the people it must recognise — the crews of
 * those runs and the site's own staff — with their stored photo and their fingerprint templates
 * encrypted to that gateway alone. Signed with the centre's key. A gateway the centre cannot encrypt to
 * is reported, never skipped in silence.
 */

export interface BundleTarget {
  gatewayId: string;
  siteId: string;
  /** X25519 public key, SPKI PEM; absent until the gateway is provisioned with it. */
  encryptionPublicKey?: string;
}

export interface BundleSources {
  people: Pick<PeopleDirectory, 'get' | 'list' | 'photo' | 'templates'>;
  vehicle(vehicleId: string): PlannedVehicle | undefined;
  /** The centre's Ed25519 signing key. */
  signingKey: KeyObject;
}

export type NotPublishableCode =
  | 'gateway.no_encryption_key'
  | 'gateway.bad_encryption_key'
  | 'bundle.invalid';

/** Why a gateway cannot have its bundle, in words an operator acts on (and a code for the console). */
export interface NotPublishable {
  code: NotPublishableCode;
  reason: string;
}

export type SiteBundle = { ok: true; plan: SitePlan; jws: string } | ({ ok: false } & NotPublishable);

/** The signed bundle of `day` for `target`, or why there can be none. */
export async function buildSiteBundle(
  day: DayPlan,
  target: BundleTarget,
  sources: BundleSources,
  issuedAt: number,
): Promise<SiteBundle> {
  if (!target.encryptionPublicKey) {
    return notPublishable(
      'gateway.no_encryption_key',
      `gateway ${target.gatewayId} has no encryption key registered, so its fingerprint templates cannot be sent to it; register the key it printed at init (vaultline-center gateway add --encryption-key)`,
    );
  }
  let encryptionKey: KeyObject;
  try {
    encryptionKey = publicKeyFromPem(target.encryptionPublicKey, 'x25519', `gateway ${target.gatewayId}`);
  } catch (error) {
    return notPublishable(
      'gateway.bad_encryption_key',
      `gateway ${target.gatewayId}: its registered encryption key is unusable (${(error as Error).message}); provision the gateway again`,
    );
  }
  try {
    const plan = await sitePlanOf(day, target, encryptionKey, sources, issuedAt);
    return { ok: true, plan, jws: await signSitePlan(plan, sources.signingKey) };
  } catch (error) {
    if (!(error instanceof PlanError || error instanceof BundleSourceError)) throw error;
    return notPublishable(
      'bundle.invalid',
      `the bundle for gateway ${target.gatewayId} at ${target.siteId} cannot be made: ${error.message}`,
    );
  }
}

async function sitePlanOf(
  day: DayPlan,
  target: BundleTarget,
  encryptionKey: KeyObject,
  sources: BundleSources,
  issuedAt: number,
): Promise<SitePlan> {
  const runs = day.runs.filter((run) => run.stops.some((stop) => stop.siteId === target.siteId));
  const vehicles = [...new Set(runs.map((run) => run.vehicleId))].map((id) => vehicleOf(id, sources));
  const personIds = new Set(runs.flatMap((run) => run.crew));
  for (const staff of sources.people.list({ siteId: target.siteId })) personIds.add(staff.personId);
  const people: Person[] = [];
  for (const personId of personIds) people.push(await personOf(personId, encryptionKey, sources));
  return {
    v: 1,
    planId: `plan-${day.date}`,
    version: bundleVersion(day.date, day.version),
    date: day.date,
    issuedAt: new Date(issuedAt).toISOString(),
    siteId: target.siteId,
    gatewayId: target.gatewayId,
    runs,
    vehicles,
    people,
  };
}

function vehicleOf(vehicleId: string, sources: BundleSources): Vehicle {
  const vehicle = sources.vehicle(vehicleId);
  if (!vehicle?.tagEpc) {
    throw new BundleSourceError(
      `vehicle ${vehicleId} is no longer registered with a tag EPC; record its tag`,
    );
  }
  return { vehicleId, plate: vehicle.plate, tagEpc: vehicle.tagEpc };
}

async function personOf(personId: string, encryptionKey: KeyObject, sources: BundleSources): Promise<Person> {
  const record = sources.people.get(personId);
  if (!record) throw new BundleSourceError(`person ${personId} is no longer registered`);
  const photo = record.hasPhoto ? sources.people.photo(personId) : undefined;
  const templates: string[] = [];
  for (const template of sources.people.templates(personId)) {
    templates.push(await encryptTemplate(template, encryptionKey));
  }
  return {
    personId,
    name: record.name,
    employeeNo: record.employeeNo,
    role: record.role,
    ...(record.company ? { company: record.company } : {}),
    ...(photo ? { photoJpeg: Buffer.from(photo).toString('base64') } : {}),
    templates,
  };
}

function notPublishable(code: NotPublishableCode, reason: string): SiteBundle {
  return { ok: false, code, reason };
}

/** The registries no longer hold what a stored plan names (a vehicle lost its tag, a person was removed). */
class BundleSourceError extends VaultlineError {
  constructor(detail: string) {
    super('BUNDLE_SOURCE', detail);
  }
}
