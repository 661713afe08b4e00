import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { backupTimeOf, expiredBackups } from './backup-names.ts';

/** A backup file found in the folder. */
export interface BackupFile {
  file: string;
  /** The time in its name (UTC), when the copy was taken. */
  at: number;
  bytes: number;
}

/** Creates the backup folder if needed and keeps it to its owner (the copies hold the whole centre). */
export function prepareBackupFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
}

/** The backups in `folder`, oldest first; other files are left out. */
export function listBackups(folder: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.sort().flatMap((name) => {
    const at = backupTimeOf(name);
    return at === undefined
      ? []
      : [{ file: join(folder, name), at, bytes: statSync(join(folder, name)).size }];
  });
}

/** Deletes all but the newest `keep` backups in `folder`; returns the files deleted. */
export function pruneBackups(folder: string, keep: number): string[] {
  const expired = expiredBackups(readdirSync(folder), keep).map((name) => join(folder, name));
  for (const file of expired) unlinkSync(file);
  return expired;
}

/** Makes a rename or unlink in `folder` survive a power cut (the directory entry itself is synced). */
export function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
