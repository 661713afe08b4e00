import { DeviceError } from '@vaultline/shared';

/** A door may not unlock while another door of the mantrap is open, or its contact cannot be read. */
export class InterlockError extends DeviceError {
  constructor(
    readonly device: string,
    readonly door: number,
    readonly blockingDoor: number,
    readonly blockingState: 'open' | 'unknown',
  ) {
    super(
      'INTERLOCK',
      blockingState === 'open'
        ? `${device}: door ${door} stays locked because door ${blockingDoor} is open — wait until it is closed`
        : `${device}: door ${door} stays locked because the state of door ${blockingDoor} is unknown (its contact cannot be read) — check the door contact module`,
    );
  }
}
