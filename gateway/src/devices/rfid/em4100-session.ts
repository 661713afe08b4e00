import type { Clock, Logger } from '@vaultline/shared';
import type { Em4100Card } from '@vaultline/shared/codecs/rfid-em4100/em4100-codec';
import { Em4100Framer } from '@vaultline/shared/codecs/rfid-em4100/em4100-framer';
import { DeviceChannel } from '../driver/device-channel.ts';
import type { DeviceLink } from '../transport/device-link.ts';
import type { TagObservation } from './tag-dedup.ts';

export interface Em4100SessionOptions {
  id: string;
  link: DeviceLink;
  clock: Clock;
  logger: Logger;
  observe: (tag: TagObservation) => void;
  record: (outcome: 'ok' | unknown) => void;
}

/**
 * The EM4100 side of the RFID driver (protocols/rfid-uhf-r2000.md §9): the reader only talks, so every
 * card frame arrives unsolicited; while listening each one becomes an observation (the driver
 * de-duplicates the ~10 repeats per second a resting card produces).
 */
export class Em4100Session {
  private readonly channel: DeviceChannel<Em4100Card>;
  private listening = false;

  constructor(private readonly options: Em4100SessionOptions) {
    const framer = new Em4100Framer((error, skipped) => this.channel.frameError(error, skipped));
    this.channel = new DeviceChannel({
      name: options.id,
      link: options.link,
      framer,
      clock: options.clock,
      logger: options.logger,
      onUnsolicited: (card) => this.card(card),
    });
  }

  get badFrameCount(): number {
    return this.channel.badFrameCount;
  }

  startInventory(): void {
    this.listening = true;
  }

  async stopInventory(): Promise<void> {
    this.listening = false;
  }

  private card(card: Em4100Card): void {
    this.options.record('ok');
    if (!this.listening) return;
    // An EM4100 reader has one coil and no signal strength: antenna 1, RSSI not a number.
    this.options.observe({ epc: card.tagId, rssi: Number.NaN, antenna: 1, at: this.options.clock.now() });
  }
}
