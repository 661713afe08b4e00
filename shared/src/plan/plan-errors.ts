import { VaultlineError } from '../errors.ts';

/** A plan bundle the gateway refuses. Each subclass says why and what to do; the held plan stays in force. */
export class PlanError extends VaultlineError {}

/** Not a plan bundle, a bad or forged signature, or a payload changed after signing. */
export class PlanSignatureError extends PlanError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'PLAN_SIGNATURE',
      `plan bundle refused: ${detail}. Get the bundle again from the centre (or its signed file), and check that this gateway was provisioned with the centre's current public key`,
      options,
    );
  }
}

/** Correctly signed, but the plan itself breaks the schema or a plan rule (crew of at least two …). */
export class PlanSchemaError extends PlanError {
  constructor(
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
    super(
      'PLAN_SCHEMA',
      `plan: ${problems[0] ?? 'is not valid'}${more}; correct the plan at the centre and sign a new version`,
      options,
    );
  }
}

/** A valid bundle made for another gateway or site. */
export class PlanTargetError extends PlanError {
  constructor(
    readonly bundle: { gatewayId: string; siteId: string },
    readonly expected: { gatewayId: string; siteId: string },
  ) {
    super(
      'PLAN_TARGET',
      `plan bundle is for gateway "${bundle.gatewayId}" at site "${bundle.siteId}", but this is gateway "${expected.gatewayId}" at site "${expected.siteId}"; import the bundle made for this gateway`,
    );
  }
}

/** A valid bundle whose version is not newer than the plan held: replayed or downgraded. */
export class PlanVersionError extends PlanError {
  constructor(
    readonly version: number,
    readonly currentVersion: number,
  ) {
    super(
      'PLAN_VERSION',
      `plan version ${version} is not newer than version ${currentVersion} held by this gateway: a replayed or downgraded plan is refused; the held plan stays in force (ask the centre for a new version if it is wrong)`,
    );
  }
}

/** A fingerprint template that cannot be encrypted to, or decrypted by, this gateway's key. */
export class PlanTemplateError extends PlanError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('PLAN_TEMPLATE', `fingerprint template: ${detail}`, options);
  }
}
