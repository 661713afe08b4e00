import { VaultlineError } from '@vaultline/shared';

/** A provisioning file this gateway will not take; its config is left as it was. */
export class ProvisioningError extends VaultlineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('GATEWAY_PROVISIONING', message, options);
  }
}
