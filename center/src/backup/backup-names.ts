/**
 * How backup files are named and which ones go: `center-<UTC time>.db`, the time written so that the
 * names sort in time order and hold no character a file system refuses (no `:`).
 */
const BACKUP_NAME = /^center-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z\.db$/;

/** `2026-11-23T08-00-00.000Z` for 2026-11-23 08:00:00.000 UTC: ISO 8601 with `-` for `:`. */
export function fileTimestamp(at: number): string {
  return new Date(at).toISOString().replaceAll(':', '-');
}

/** `center-2026-11-23T08-00-00.000Z.db` for a copy taken at 2026-11-23 08:00:00.000 UTC. */
export function backupFileName(at: number): string {
  return `center-${fileTimestamp(at)}.db`;
}

/** The time a backup file name stands for, or undefined for any other file. */
export function backupTimeOf(name: string): number | undefined {
  const match = BACKUP_NAME.exec(name);
  if (!match) return undefined;
  const [, date, hours, minutes, seconds, millis] = match;
  const at = Date.parse(`${date}T${hours}:${minutes}:${seconds}.${millis}Z`);
  return Number.isNaN(at) ? undefined : at;
}

/** The backup names beyond the newest `keep`, oldest first; other names are never chosen. */
export function expiredBackups(names: readonly string[], keep: number): string[] {
  const backups = names.filter((name) => backupTimeOf(name) !== undefined).sort();
  return backups.slice(0, Math.max(0, backups.length - Math.max(1, keep)));
}

/**
 * When the next automatic backup is due: one interval after the newest, or now when there is none or
 * the newest is already older than the interval (the centre was down, or backups failed).
 */
export function nextBackupDue(newestAt: number | undefined, now: number, intervalMs: number): number {
  if (newestAt === undefined) return now;
  return Math.max(now, newestAt + intervalMs);
}
