import { join } from 'node:path';
import { prepareDatabaseFile } from '@vaultline/shared/storage/durable-sqlite';
import Database from 'better-sqlite3';
import { CentreRunningError } from './backup-errors.ts';

/** The lock a running centre (or a restore) holds on its data folder. */
export const centreLockFile = (dataDir: string) => join(dataDir, 'center.lock');

export interface CentreLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes the data folder's lock, or throws CentreRunningError while another centre or restore holds it.
 *
 * The lock is SQLite's exclusive lock on `center.lock` (a POSIX advisory lock underneath), kept for the
 * life of the connection (`locking_mode = EXCLUSIVE`). The operating system drops it when the holder's
 * process ends in any way — exit, crash, `kill -9` — so a stale lock cannot exist, unlike a pid file
 * whose pid a later process may reuse. SQLite also tracks its locks per file inside one process, so two
 * holders in the same process (tests) exclude each other as two processes do.
 */
export function acquireCentreLock(dataDir: string): CentreLock {
  const file = centreLockFile(dataDir);
  prepareDatabaseFile(file);
  const sqlite = new Database(file, { timeout: 0 });
  try {
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('BEGIN EXCLUSIVE');
    // A write makes SQLite keep the exclusive lock after COMMIT (exclusive locking mode).
    sqlite.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    sqlite.exec('DELETE FROM holder');
    sqlite.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    sqlite.exec('COMMIT');
  } catch (error) {
    sqlite.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new CentreRunningError(dataDir, file);
    throw error;
  }
  return {
    file,
    release: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
