import type { TimerHandle } from '@vaultline/shared';
import { decodeEm4100Frame, encodeEm4100Frame } from '@vaultline/shared/codecs/rfid-em4100/em4100-codec';
import type { SimDeviceContext, SimulatedDevice } from '../simulated-device.ts';
import { normaliseCardIds, RfidSettingError } from './rfid-tags.ts';

export interface Em4100CardReaderOptions {
  id: string;
  /** How often the reader repeats the frame while a card rests on it, ms. */
  repeatMs?: number;
}

/**
 * RDM6300-style readers repeat the frame while the card stays in the field; the rdm6300 library treats
 * the same card within 220 ms as still present (protocols/rfid-uhf-r2000.md §9), so ~100 ms fits.
 */
const DEFAULT_REPEAT_MS = 100;
/** Card power-up, one 64-bit EM4100 code at RF/64 (33 ms) and 14 bytes at 9600 bd (15 ms) before the first frame, ms. */
const FIRST_READ_MS = 50;

/**
 * Firmware of an output-only EM4100 125 kHz reader (§9): while a card is in the field it sends the card's
 * 14-byte ASCII frame, over and over; it ignores anything written to it (the host opens RX only).
 */
export class Em4100CardReader implements SimulatedDevice {
  readonly kind = 'rfid' as const;
  readonly id: string;
  private readonly repeatMs: number;
  private output: (frame: Uint8Array) => void = () => {};
  private card: string | undefined;
  private timer: TimerHandle | undefined;
  private framesSent = 0;

  constructor(
    options: Em4100CardReaderOptions,
    private readonly ctx: SimDeviceContext,
  ) {
    this.id = options.id;
    this.repeatMs = options.repeatMs ?? DEFAULT_REPEAT_MS;
  }

  attach(output: (frame: Uint8Array) => void): void {
    this.output = output;
  }

  /** `[tagId]` puts a card (10 hex digits) on the reader, `[]` takes it away; the antenna reads one card at a time. */
  setTags(tagIds: string[]): void {
    const cards = normaliseCardIds(tagIds);
    if (cards.length > 1) {
      throw new RfidSettingError(
        `reader ${this.id}: an EM4100 reader reads one card at a time, got ${cards.length}`,
      );
    }
    const next = cards[0];
    if (next === this.card) return;
    this.stopTimer();
    this.card = next;
    if (next === undefined) return;
    if (this.ctx.timing === 'fast') this.send();
    else this.schedule(FIRST_READ_MS);
  }

  receive(_chunk: Uint8Array): void {}

  snapshot(): Record<string, unknown> {
    const card = this.card === undefined ? null : decodeEm4100Frame(encodeEm4100Frame(this.card));
    return { tags: this.card === undefined ? [] : [this.card], card, framesSent: this.framesSent };
  }

  close(): void {
    this.stopTimer();
    this.card = undefined;
  }

  private send(): void {
    if (this.card === undefined) return;
    this.framesSent++;
    this.schedule(this.repeatMs);
    this.output(encodeEm4100Frame(this.card));
  }

  private schedule(ms: number): void {
    this.timer = this.ctx.clock.setTimeout(() => {
      this.timer = undefined;
      this.send();
    }, ms);
  }

  private stopTimer(): void {
    if (this.timer) this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
