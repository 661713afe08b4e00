import type { KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, errors as joseErrors } from 'jose';
import { canonicalJson } from '../contract/canonical-json.ts';
import { check } from '../contract/validate.ts';
import {
  decryptWithX25519,
  encryptToX25519,
  isX25519PublicKey,
  looksLikeX25519Jwe,
} from '../crypto/jwe-x25519.ts';
import {
  PlanSchemaError,
  PlanSignatureError,
  PlanTargetError,
  PlanTemplateError,
  PlanVersionError,
} from './plan-errors.ts';
import { SitePlan } from './plan-schema.ts';

/**
 * Signed plan bundles (DESIGN §3, §7): the centre signs a site's plan as a JWS (compact, EdDSA over
 * Ed25519); the gateway accepts it only with a valid signature by the centre key it was provisioned with,
 * for itself, and newer than the plan it holds. Fingerprint templates inside are JWE (`jwe-x25519.ts`)
 * encrypted to the one gateway that needs them.
 */

export const PLAN_JWS_TYPE = 'vaultline-plan+jws';
const JWS_ALG = 'EdDSA';

export interface PlanExpectation {
  gatewayId: string;
  siteId: string;
  /** Version of the plan this gateway holds; the bundle must be newer. */
  currentVersion?: number;
}

/** Schema and plan rules; returns the typed plan or throws `PlanSchemaError` listing every problem. */
export function parseSitePlan(value: unknown): SitePlan {
  const shape = check(SitePlan, value);
  if (!shape.ok) throw new PlanSchemaError(shape.errors);
  const problems = planProblems(shape.value);
  if (problems.length > 0) throw new PlanSchemaError(problems);
  return shape.value;
}

/** The plan rules a schema cannot express, each as `<path> <what is wrong>`; empty when the plan is sound. */
export function planProblems(plan: SitePlan): string[] {
  const problems: string[] = [];
  const people = new Map(plan.people.map((p) => [p.personId, p]));
  const vehicles = new Set(plan.vehicles.map((v) => v.vehicleId));
  duplicates(
    plan.runs.map((r) => r.runId),
    '/runs',
    'runId',
    problems,
  );
  duplicates(
    plan.people.map((p) => p.personId),
    '/people',
    'personId',
    problems,
  );
  duplicates(
    plan.vehicles.map((v) => v.vehicleId),
    '/vehicles',
    'vehicleId',
    problems,
  );
  duplicates(
    plan.vehicles.map((v) => v.tagEpc),
    '/vehicles',
    'tagEpc',
    problems,
  );
  plan.runs.forEach((run, r) => {
    const at = `/runs/${r}`;
    if (!vehicles.has(run.vehicleId)) problems.push(`${at}/vehicleId "${run.vehicleId}" is not in /vehicles`);
    duplicates(run.crew, `${at}/crew`, 'person', problems);
    run.crew.forEach((personId, c) => {
      const person = people.get(personId);
      if (!person) problems.push(`${at}/crew/${c} "${personId}" is not in /people`);
      else if (person.role !== 'escort')
        problems.push(`${at}/crew/${c} "${personId}" is a ${person.role}, not an escort`);
    });
    if (!run.stops.some((s) => s.siteId === plan.siteId)) {
      problems.push(
        `${at}/stops has no stop at site "${plan.siteId}", so the run does not belong in this site's plan`,
      );
    }
    // A box is handed over once per direction within a run: the same EPC in two deliveries is a plan error.
    const boxesByKind = new Map<string, Map<string, number>>();
    run.stops.forEach((stop, s) => {
      const stopAt = `${at}/stops/${s}`;
      if (stop.seq !== s + 1)
        problems.push(`${stopAt}/seq is ${stop.seq}, expected ${s + 1} (stops are numbered 1..n in order)`);
      if (!(Date.parse(stop.windowStart) < Date.parse(stop.windowEnd))) {
        problems.push(`${stopAt}/windowEnd must be later than windowStart`);
      }
      const seen = boxesByKind.get(stop.kind) ?? new Map<string, number>();
      boxesByKind.set(stop.kind, seen);
      stop.boxes.forEach((epc, b) => {
        const earlier = seen.get(epc);
        if (earlier !== undefined) {
          const where = earlier === stop.seq ? 'this stop' : `stop ${earlier}`;
          problems.push(`${stopAt}/boxes/${b} box ${epc} is already in ${where} (${stop.kind}) of this run`);
        }
        seen.set(epc, stop.seq);
      });
    });
  });
  plan.people.forEach((person, p) => {
    if ('templatesRaw' in person) {
      problems.push(
        `/people/${p}/templatesRaw raw templates must never travel in a bundle; encrypt them to the gateway`,
      );
    }
    person.templates.forEach((template, t) => {
      if (!looksLikeX25519Jwe(template))
        problems.push(`/people/${p}/templates/${t} is not a JWE encrypted to the gateway`);
    });
  });
  return problems;
}

function duplicates(values: readonly string[], at: string, what: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) problems.push(`${at} has ${what} "${value}" more than once`);
    seen.add(value);
  }
}

/** Signs a plan after checking it: the centre never issues a bundle a gateway would refuse as invalid. */
export async function signSitePlan(
  plan: SitePlan,
  centrePrivateKey: KeyObject,
  options: { kid?: string } = {},
): Promise<string> {
  const checked = parseSitePlan(plan);
  const header = { alg: JWS_ALG, typ: PLAN_JWS_TYPE, ...(options.kid ? { kid: options.kid } : {}) };
  return new CompactSign(Buffer.from(canonicalJson(checked), 'utf8'))
    .setProtectedHeader(header)
    .sign(centrePrivateKey);
}

/**
 * Verifies a bundle and returns its plan. Refuses, in this order: a bundle that is not a JWS, not a plan,
 * or not signed by `centrePublicKey` (`PlanSignatureError`); a plan that breaks the schema or a plan rule
 * (`PlanSchemaError`); one made for another gateway or site (`PlanTargetError`); one not newer than
 * `currentVersion` (`PlanVersionError`).
 */
export async function verifySitePlan(
  jws: string,
  centrePublicKey: KeyObject,
  expect: PlanExpectation,
): Promise<SitePlan> {
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(jws.trim(), centrePublicKey, { algorithms: [JWS_ALG] });
  } catch (error) {
    const detail =
      error instanceof joseErrors.JWSSignatureVerificationFailed
        ? 'its signature does not verify with the centre key (the bundle was altered, forged, or signed by another centre)'
        : `it is not a signed plan bundle (${(error as Error).message})`;
    throw new PlanSignatureError(detail, { cause: error });
  }
  if (verified.protectedHeader.typ !== PLAN_JWS_TYPE) {
    throw new PlanSignatureError(
      `it is signed but of type "${verified.protectedHeader.typ}", not "${PLAN_JWS_TYPE}"`,
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(verified.payload).toString('utf8'));
  } catch (error) {
    throw new PlanSchemaError(['the signed payload is not JSON'], { cause: error });
  }
  const plan = parseSitePlan(payload);
  if (plan.gatewayId !== expect.gatewayId || plan.siteId !== expect.siteId) {
    throw new PlanTargetError({ gatewayId: plan.gatewayId, siteId: plan.siteId }, expect);
  }
  if (expect.currentVersion !== undefined && plan.version <= expect.currentVersion) {
    throw new PlanVersionError(plan.version, expect.currentVersion);
  }
  return plan;
}

/** Encrypts one fingerprint template to a gateway's X25519 public key (JWE compact). */
export async function encryptTemplate(
  template: Uint8Array,
  gatewayEncryptionPublicKey: KeyObject,
): Promise<string> {
  if (!isX25519PublicKey(gatewayEncryptionPublicKey)) {
    throw new PlanTemplateError(
      "templates are encrypted to the gateway's X25519 public key; another kind of key was given",
    );
  }
  return encryptToX25519(template, gatewayEncryptionPublicKey);
}

export async function decryptTemplate(
  jwe: string,
  gatewayEncryptionPrivateKey: KeyObject,
): Promise<Uint8Array> {
  try {
    return (await decryptWithX25519(jwe, gatewayEncryptionPrivateKey)).plaintext;
  } catch (error) {
    throw new PlanTemplateError(
      `cannot be decrypted with this gateway's encryption key (${(error as Error).message}); the bundle was encrypted to another gateway or altered — import the bundle made for this gateway`,
      { cause: error },
    );
  }
}
