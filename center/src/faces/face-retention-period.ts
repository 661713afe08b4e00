/** Default retention of face captures at the centre, days: the same as the gateway's (DESIGN §9). */
export const DEFAULT_FACE_RETENTION_DAYS = 90;

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Captures taken before this instant (epoch ms) are past the retention period at `now`. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY_MS;
}
