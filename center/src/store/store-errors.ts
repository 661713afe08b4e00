import { VaultlineError } from '@vaultline/shared';

/** Storage layer: the centre's store refused an operation or cannot be opened. */
export class StoreError extends VaultlineError {}

/** An envelope for a (gateway, seq) already stored with a different hash: two versions of one record. */
export class ChainForkError extends StoreError {
  constructor(
    readonly gatewayId: string,
    readonly seq: number,
  ) {
    super(
      'CHAIN_FORK',
      `gateway ${gatewayId}: seq ${seq} is already stored with a different hash; the gateway's chain was altered (RECORD_TAMPERED) — inspect both versions before accepting anything more from it`,
    );
  }
}

/** Envelopes that do not extend the stored chain (seq gap or wrong prev): ingest must verify first. */
export class ChainLinkError extends StoreError {
  constructor(gatewayId: string, seq: number, detail: string) {
    super(
      'CHAIN_LINK',
      `gateway ${gatewayId}: seq ${seq} does not extend the stored chain (${detail}); only verified, contiguous runs can be appended`,
    );
  }
}

/** A day plan whose version is not above the stored one for that date. */
export class PlanVersionError extends StoreError {
  constructor(date: string, offered: number, current: number) {
    super(
      'PLAN_VERSION_NOT_NEWER',
      `plan for ${date}: version ${offered} refused, version ${current} is already stored; save it as version ${current + 1} or higher`,
    );
  }
}

/** A credential for an id that is not registered (gateway) or that cannot be a broker user name. */
export class CredentialError extends StoreError {}
