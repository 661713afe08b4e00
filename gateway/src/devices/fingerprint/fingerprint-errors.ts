import { DeviceError, VaultlineError } from '@vaultline/shared';

/** More people to load than the module has template pages; the module was left unchanged. */
export class TemplateCapacityError extends DeviceError {
  constructor(
    readonly device: string,
    readonly wanted: number,
    readonly capacity: number,
  ) {
    super(
      'TEMPLATE_CAPACITY',
      `${device}: ${wanted} templates do not fit the module's ${capacity} pages; the module was left unchanged — load fewer people on this reader or fit a module with a larger library`,
    );
  }
}

/** The templates handed to a sync are unusable as given (wrong size, one template for two people). */
export class TemplateInputError extends VaultlineError {
  constructor(detail: string) {
    super('TEMPLATE_INPUT', `fingerprint template sync: ${detail}`);
  }
}
