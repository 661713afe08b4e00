import { describe, expect, it } from 'vitest';
import {
  backupFileName,
  backupTimeOf,
  expiredBackups,
  nextBackupDue,
} from '../../src/backup/backup-names.ts';

const T = Date.UTC(2026, 10, 23, 8, 5, 9, 42);
const HOUR = 3_600_000;

describe('backup names and retention', () => {
  it('names a backup by its UTC time, with no colon, and reads the time back', () => {
    expect(backupFileName(T)).toBe('center-2026-11-23T08-05-09.042Z.db');
    expect(backupTimeOf('center-2026-11-23T08-05-09.042Z.db')).toBe(T);
  });

  it('reads no time from any other file', () => {
    for (const name of [
      'center.db',
      'center-2026-11-23T08-05-09.042Z.db-journal',
      '.center-2026-11-23T08-05-09.042Z.db.123.partial',
      'center-2026-13-45T99-05-09.042Z.db',
      'notes.txt',
    ]) {
      expect(backupTimeOf(name)).toBeUndefined();
    }
  });

  it('sorts names in time order, so the oldest beyond `keep` expire and nothing else', () => {
    const names = [0, 3, 1, 4, 2].map((h) => backupFileName(T + h * HOUR));
    expect(expiredBackups([...names, 'center.db', 'notes.txt'], 2)).toEqual(
      [0, 1, 2].map((h) => backupFileName(T + h * HOUR)),
    );
    expect(expiredBackups(names, 5)).toEqual([]);
    // Years and months roll over without breaking the order.
    const rollover = [Date.UTC(2026, 11, 31, 23), Date.UTC(2027, 0, 1, 1)].map(backupFileName);
    expect(expiredBackups(rollover.toReversed(), 1)).toEqual([rollover[0]]);
  });

  it('never lets `keep` fall below one backup', () => {
    const names = [0, 1].map((h) => backupFileName(T + h * HOUR));
    expect(expiredBackups(names, 0)).toEqual([names[0]]);
  });

  it('is due now without a backup or after a missed interval, else one interval after the newest', () => {
    expect(nextBackupDue(undefined, T, 6 * HOUR)).toBe(T);
    expect(nextBackupDue(T - 7 * HOUR, T, 6 * HOUR)).toBe(T);
    expect(nextBackupDue(T - 2 * HOUR, T, 6 * HOUR)).toBe(T + 4 * HOUR);
  });
});
