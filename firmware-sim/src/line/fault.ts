/**
 * Faults every simulated device can be put into through the control API:
 * - `silent`: the device receives but never answers;
 * - `garbage`: every answer is replaced by random bytes of about the same length;
 * - `corrupt`: every answer has its last byte (the checksum byte in the framed protocols) flipped;
 * - `split`: every answer is cut into 1–5 byte pieces written with short gaps;
 * - `disconnect`: the line goes away (pty removed, BLE device disconnected) until the fault is cleared;
 * - `none`: normal behaviour.
 */
export const FAULT_KINDS = ['silent', 'garbage', 'corrupt', 'split', 'disconnect', 'none'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}
