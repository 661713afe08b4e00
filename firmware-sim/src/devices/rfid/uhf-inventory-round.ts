import { encodeRoundEnd, encodeTagFrame } from '@vaultline/shared/codecs/rfid-r2000/r2000-codec';

/**
 * One real-time inventory round of the simulated R2000 reader (protocols/rfid-uhf-r2000.md §5, §8): which
 * tags answer, on which channel, how strong, and when each frame leaves the reader. Pure apart from the
 * injected random source.
 */

/** Carrier on and channel settled before the first tag singulates, ms. */
export const ROUND_SETUP_MS = 25;
/** Singulating and reporting one tag (Query/ACK + frame at 115200 bd), ms. */
export const PER_TAG_MS = 3;
/** Closing the round and sending the summary, ms. A round thus takes ~30 ms + ~3 ms per tag. */
export const ROUND_CLOSE_MS = 5;

/**
 * FCC hopping: indexes 7…59 are 902.0…928.0 MHz in the §5 table. A stride coprime with the 53 channels
 * visits each channel once per cycle, in a scattered order as a hopping reader does.
 */
const FIRST_FCC_INDEX = 7;
const FCC_CHANNELS = 53;
const HOP_STRIDE = 19;

export interface FieldTag {
  epc: string;
  /** 1-based antennas whose field reaches the tag; all antennas when undefined. */
  antennas: readonly number[] | undefined;
  /** Typical RSSI byte for this tag (distance and orientation), before per-read jitter. */
  rssiBase: number;
}

export interface TimedFrame {
  atMs: number;
  bytes: Uint8Array;
}

export class FrequencyHopper {
  private position = 0;

  next(): number {
    this.position = (this.position + HOP_STRIDE) % FCC_CHANNELS;
    return FIRST_FCC_INDEX + this.position;
  }
}

export interface RoundInput {
  address: number;
  antenna: number;
  tags: readonly FieldTag[];
  hopper: FrequencyHopper;
  random: () => number;
  /** Chance that a tag in the field does not answer this round (0 in fast mode). */
  missProbability: number;
}

/** The tag frames and the summary of one round, each with the time it leaves after the command. */
export function planInventoryRound(input: RoundInput): TimedFrame[] {
  const { address, antenna, random } = input;
  const answering = input.tags.filter(
    (tag) =>
      (tag.antennas === undefined || tag.antennas.includes(antenna)) && random() >= input.missProbability,
  );
  const frames = answering.map((tag, index) => ({
    atMs: ROUND_SETUP_MS + PER_TAG_MS * (index + 1),
    bytes: encodeTagFrame(address, {
      antenna,
      frequencyIndex: input.hopper.next(),
      pc: protocolControl(tag.epc),
      epc: tag.epc,
      rssiRaw: jitter(tag.rssiBase, random),
    }),
  }));
  const roundMs = ROUND_SETUP_MS + PER_TAG_MS * answering.length + ROUND_CLOSE_MS;
  const readRate = Math.round((answering.length * 1000) / roundMs);
  frames.push({
    atMs: roundMs,
    bytes: encodeRoundEnd(address, { antenna, readRate, totalReads: answering.length }),
  });
  return frames;
}

/** Typical RSSI byte of a tag: a stable value from its EPC, raw 70…89 (−60…−41 dBm by §5). */
export function rssiBaseFor(epc: string): number {
  let hash = 0;
  for (const char of epc) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 70 + (hash % 20);
}

/** PC word: EPC length in 16-bit words in bits 15…11 (0x3000 for a 96-bit EPC), other bits zero. */
export function protocolControl(epc: string): number {
  const words = Math.ceil(epc.length / 4);
  return words << 11;
}

/** A read varies by up to ±2 RSSI steps from the tag's typical value. */
function jitter(base: number, random: () => number): number {
  return Math.max(0, Math.min(0x7f, base + Math.round((random() - 0.5) * 4)));
}
