import { VaultlineError } from '@vaultline/shared';
import { isEm4100TagId } from '@vaultline/shared/codecs/rfid-em4100/em4100-codec';

/** A tag id or antenna setting a simulated reader cannot take; the control API answers 400. */
export class RfidSettingError extends VaultlineError {
  constructor(message: string) {
    super('SIM_RFID_SETTING', message);
  }
}

/**
 * EPC length limits: a real-time inventory tag frame needs at least 4 EPC bytes to be told apart from the
 * 7-byte summary (protocols/rfid-uhf-r2000.md §5), and the PC word counts at most 31 words = 62 bytes.
 */
export const MIN_EPC_BYTES = 4;
export const MAX_EPC_BYTES = 62;

/** Validates EPCs as even-length hex of 4…62 bytes; returns them uppercase, duplicates removed. */
export function normaliseEpcs(epcs: readonly string[]): string[] {
  for (const epc of epcs) {
    const bytes = epc.length / 2;
    if (!/^([0-9A-Fa-f]{2})+$/.test(epc) || bytes < MIN_EPC_BYTES || bytes > MAX_EPC_BYTES) {
      throw new RfidSettingError(
        `EPC "${epc}" is not valid: give an even number of hex digits, ${MIN_EPC_BYTES}–${MAX_EPC_BYTES} bytes (e.g. a 96-bit EPC of 24 hex digits)`,
      );
    }
  }
  return [...new Set(epcs.map((epc) => epc.toUpperCase()))];
}

/** Validates EM4100 card ids (10 hex digits: version byte + 32-bit card number); returns them uppercase. */
export function normaliseCardIds(tagIds: readonly string[]): string[] {
  for (const tagId of tagIds) {
    if (!isEm4100TagId(tagId)) {
      throw new RfidSettingError(
        `card id "${tagId}" is not valid: an EM4100 card id is 10 hex digits (version byte + 32-bit card number, e.g. 010A2B3C4D)`,
      );
    }
  }
  return tagIds.map((tagId) => tagId.toUpperCase());
}
