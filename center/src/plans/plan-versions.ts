/**
 * Versions. The centre numbers each day's plan 1, 2, 3 … (every ad-hoc task is a new version). A gateway
 * accepts a bundle only with a version above the one it holds, whatever the day (DESIGN §7, no
 * downgrade), so the version inside a site bundle must keep rising from one day to the next: it is the
 * day followed by the day's version, `YYYYMMDD` × 1000 + n (2026-11-23 version 2 → 20261123002).
 */

/** Versions a day may have, so that the day's version fits in the bundle version's last three digits. */
export const MAX_DAY_VERSIONS = 999;

export function bundleVersion(date: string, dayVersion: number): number {
  if (!Number.isInteger(dayVersion) || dayVersion < 1 || dayVersion > MAX_DAY_VERSIONS) {
    throw new RangeError(`a day's plan version is 1..${MAX_DAY_VERSIONS}, not ${dayVersion}`);
  }
  return Number(date.replaceAll('-', '')) * 1000 + dayVersion;
}

/** The day and day version a bundle version stands for. */
export function dayVersionOf(version: number): { date: string; version: number } {
  const day = String(Math.floor(version / 1000)).padStart(8, '0');
  return { date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, version: version % 1000 };
}
