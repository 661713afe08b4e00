import { closeSync, existsSync, linkSync, openSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Clock } from '@vaultline/shared/time/clock';
import Database from 'better-sqlite3';
import { BackupError } from './backup-errors.ts';
import { prepareBackupFolder, syncFolder } from './backup-folder.ts';
import { backupFileName } from './backup-names.ts';
import { checkCentreDatabase, readSchemaVersion, type SchemaVersion } from './database-check.ts';

/**
 * Pages copied per step of the online backup (4 MiB at SQLite's default 4 KiB page): between steps the
 * event loop runs, so a backup inside the centre never holds up ingest for long.
 */
export const DEFAULT_PAGES_PER_STEP = 1_024;

/** A backup that was written and checked. */
export interface BackupRecord {
  file: string;
  /** When the copy was taken (the time in its name). */
  at: number;
  bytes: number;
  /** How long copying and checking took. */
  ms: number;
}

export interface WriteBackupOptions {
  /** The live centre database (`<dataDir>/center.db`). */
  source: string;
  folder: string;
  clock: Clock;
  pagesPerStep?: number;
}

/**
 * Copies the live centre database into `folder` as `center-<UTC time>.db` with SQLite's online backup
 * API on a connection of its own, so the centre keeps writing meanwhile. The copy is written under a
 * temporary name (mode 0600), turned into a single self-contained file (rollback journal, not WAL),
 * opened read-only and checked (integrity, centre tables, the same migrations as the source), and only
 * then given its name. Throws a BackupError; a failed attempt leaves no file behind.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<BackupRecord> {
  const started = performance.now();
  const at = options.clock.now();
  const file = join(options.folder, backupFileName(at));
  const partial = join(options.folder, `.${backupFileName(at)}.${process.pid}.partial`);
  const source = openSource(options.source);
  try {
    const sourceVersion = readSourceVersion(source, options.source);
    prepareBackupFolder(options.folder);
    if (existsSync(file)) {
      throw new BackupError('BACKUP_EXISTS', `${file} already exists; wait a moment and back up again`);
    }
    closeSync(openSync(partial, 'wx', 0o600));
    await source.backup(partial, { progress: stepPolicy(options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP) });
    source.close();
    useRollbackJournal(partial);
    assertSameVersion(file, sourceVersion, checkCopy(partial));
    linkSync(partial, file);
    unlinkSync(partial);
    syncFolder(options.folder);
    return { file, at, bytes: statSync(file).size, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      'BACKUP_FAILED',
      `backup of ${options.source} into ${options.folder} failed: ${(error as Error).message}; check that the folder is a writable directory with free space`,
      { cause: error },
    );
  } finally {
    if (source.open) source.close();
    if (existsSync(partial)) unlinkSync(partial);
  }
}

/** The read-only check of the fresh copy; a copy that fails it is discarded, never named a backup. */
function checkCopy(partial: string): SchemaVersion {
  try {
    return checkCentreDatabase(partial);
  } catch (error) {
    throw new BackupError(
      'BACKUP_CHECK',
      `the fresh copy failed its check and was discarded (${(error as Error).message}); check the backup disk and back up again`,
      { cause: error },
    );
  }
}

function openSource(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(
      'BACKUP_SOURCE',
      `cannot open the centre database ${path}: ${(error as Error).message}; check dataDir in the centre config`,
      { cause: error },
    );
  }
}

function readSourceVersion(source: Database.Database, path: string): SchemaVersion {
  try {
    return readSchemaVersion(source);
  } catch (error) {
    throw new BackupError(
      'BACKUP_SOURCE',
      `${path} is not a Vaultline centre database (${(error as Error).message}); check dataDir in the centre config`,
      { cause: error },
    );
  }
}

/**
 * Steps of `pagesPerStep`, until SQLite restarts the copy because another connection (the centre)
 * wrote meanwhile — the remaining pages then grow back. From there on the rest goes in one step, inside
 * one read transaction: a busy centre can never keep a backup restarting forever. In WAL mode that read
 * does not block the centre's writer.
 */
function stepPolicy(pagesPerStep: number) {
  let lastRemaining = Number.POSITIVE_INFINITY;
  let restarted = false;
  return ({ remainingPages }: { totalPages: number; remainingPages: number }): number => {
    if (remainingPages >= lastRemaining) restarted = true;
    lastRemaining = remainingPages;
    return restarted ? Number.MAX_SAFE_INTEGER : pagesPerStep;
  };
}

/** The copy carries the source's WAL flag; a backup is one file, with no -wal or -shm beside it. */
function useRollbackJournal(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function assertSameVersion(file: string, source: SchemaVersion, copy: SchemaVersion): void {
  if (copy.migrations !== source.migrations || copy.latestMigrationAt !== source.latestMigrationAt) {
    throw new BackupError(
      'BACKUP_INCOMPLETE',
      `the copy for ${file} records ${copy.migrations} schema migrations but the centre database ${source.migrations}; the copy was discarded — back up again`,
    );
  }
}
