import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from '@vaultline/shared/time/clock';
import { centreKeysDir } from '../keys/centre-keys.ts';
import { BackupError } from './backup-errors.ts';
import { syncFolder } from './backup-folder.ts';
import { fileTimestamp } from './backup-names.ts';
import { acquireCentreLock } from './centre-lock.ts';
import {
  assertRestorableVersion,
  buildSchemaVersion,
  checkCentreDatabase,
  type SchemaVersion,
} from './database-check.ts';

/** SQLite's companion files of a WAL database: they belong to the main file and move with it. */
const COMPANIONS = ['', '-wal', '-shm'] as const;

export interface RestoreReport {
  backup: string;
  /** The centre database now holding the backup's content. */
  database: string;
  /** Where the database that was there before went (with its -wal/-shm); empty when there was none. */
  keptAside: string[];
  version: SchemaVersion;
  build: SchemaVersion;
  /** The keys folder the restored database needs: the at-rest key opens its photos and templates. */
  keysDir: string;
  keysPresent: boolean;
}

export interface RestoreOptions {
  dataDir: string;
  backup: string;
  clock: Clock;
}

/**
 * Puts a backup in place as `<dataDir>/center.db`. Holds the data folder's lock throughout, so it refuses
 * while a centre runs there and no centre can start halfway. Refuses a file that is damaged, not a
 * centre database, or from a newer build. Never deletes anything: the current database (and its -wal and
 * -shm) is renamed `center.db.before-restore-<time>`. Throws a BackupError that says what to do.
 */
export function restoreDatabase(options: RestoreOptions): RestoreReport {
  const dataDir = resolve(options.dataDir);
  const backup = resolve(options.backup);
  const database = join(dataDir, 'center.db');
  const lock = acquireCentreLock(dataDir);
  try {
    if (backup === database) {
      throw new BackupError('RESTORE_SELF', `${backup} is the centre's own database; give a backup file`);
    }
    if (existsSync(`${backup}-wal`) && statSync(`${backup}-wal`).size > 0) {
      throw new BackupError(
        'RESTORE_LIVE_FILE',
        `${backup} has a write-ahead log beside it (${backup}-wal), so the file alone is not the whole database: with nothing else using it, fold the log in (\`sqlite3 ${backup} 'PRAGMA wal_checkpoint(TRUNCATE)'\`) and restore again, or restore a backup written by \`vaultline-center backup\``,
      );
    }
    const version = checkCentreDatabase(backup);
    const build = buildSchemaVersion();
    assertRestorableVersion(backup, version, build);
    const staging = join(dataDir, `.center.db.restoring-${process.pid}`);
    try {
      stage(backup, staging);
      const keptAside = moveAside(database, fileTimestamp(options.clock.now()));
      putInPlace(staging, database, keptAside);
      syncFolder(dataDir);
      const keysDir = centreKeysDir(dataDir);
      return {
        backup,
        database,
        keptAside,
        version,
        build,
        keysDir,
        keysPresent: existsSync(join(keysDir, 'at-rest.key')),
      };
    } finally {
      if (existsSync(staging)) unlinkSync(staging);
    }
  } finally {
    lock.release();
  }
}

/** Copies the backup beside the database (same file system, so the final rename is atomic), 0600, synced. */
function stage(backup: string, staging: string): void {
  try {
    if (existsSync(staging)) unlinkSync(staging);
    copyFileSync(backup, staging, constants.COPYFILE_EXCL);
    chmodSync(staging, 0o600);
    const fd = openSync(staging, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new BackupError(
      'RESTORE_FAILED',
      `cannot copy ${backup} into the data folder: ${(error as Error).message}; nothing was changed — check free space and permissions`,
      { cause: error },
    );
  }
}

/** Renames the current database and its companions to `center.db.before-restore-<time>[-wal|-shm]`. */
function moveAside(database: string, timestamp: string): string[] {
  const aside = `${database}.before-restore-${timestamp}`;
  const moved: string[] = [];
  for (const suffix of COMPANIONS) {
    if (!existsSync(database + suffix)) continue;
    renameSync(database + suffix, aside + suffix);
    moved.push(aside + suffix);
  }
  return moved;
}

function putInPlace(staging: string, database: string, keptAside: string[]): void {
  try {
    renameSync(staging, database);
  } catch (error) {
    const undo = keptAside[0]
      ? `; the previous database is ${keptAside[0]}: rename it back to ${database}`
      : '';
    throw new BackupError(
      'RESTORE_FAILED',
      `cannot put the backup in place as ${database}: ${(error as Error).message}${undo}`,
      { cause: error },
    );
  }
}
