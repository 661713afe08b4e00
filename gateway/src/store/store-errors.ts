import { VaultlineError } from '@vaultline/shared';

/** Storage layer: the gateway's SQLite store refused an operation or holds data it cannot read. */
export class StoreError extends VaultlineError {}

/** A plan whose version is not above the stored one (replay or downgrade; the verifier checks first). */
export class PlanVersionError extends StoreError {
  constructor(
    readonly offered: number,
    readonly current: number,
  ) {
    super(
      'PLAN_VERSION_NOT_NEWER',
      `plan version ${offered} refused: version ${current} is already stored; the centre must issue a higher version`,
    );
  }
}
