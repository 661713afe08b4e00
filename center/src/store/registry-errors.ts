import { StoreError } from './store-errors.ts';

/** A registry (sites, boxes, people, vehicles, gateways) refused a change; the message says what to do. */
export class RegistryError extends StoreError {}

/** An id that is not in its registry. */
export class UnknownRecordError extends RegistryError {
  constructor(
    readonly what: 'site' | 'box' | 'person' | 'vehicle' | 'gateway',
    readonly id: string,
    hint: string,
  ) {
    super(`UNKNOWN_${what.toUpperCase()}`, `${what} "${id}" is not registered; ${hint}`);
  }
}
