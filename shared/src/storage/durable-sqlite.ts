import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultlineError } from '../errors.ts';

/** The part of a better-sqlite3 connection these helpers use (shared does not depend on the driver). */
export interface PragmaConnection {
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

export const SYNCHRONOUS_NAMES = ['off', 'normal', 'full', 'extra'] as const;
export type SynchronousName = (typeof SYNCHRONOUS_NAMES)[number];

export interface DurableSqliteSettings {
  journalMode: string;
  synchronous: SynchronousName;
  foreignKeys: boolean;
  busyTimeoutMs: number;
}

export class DurableSqliteError extends VaultlineError {}

/**
 * Creates the database file readable by its owner only (hand-over records, face captures, credential
 * hashes); SQLite gives its -wal and -shm files the same mode.
 */
export function prepareDatabaseFile(path: string): void {
  if (path === ':memory:') return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/**
 * The settings both ends keep records under. WAL, so readers (kiosk, API) never block the writer.
 * `synchronous = FULL`, not WAL's usual NORMAL: NORMAL syncs the WAL only at checkpoints, so a power cut can
 * take back a commit already reported — a hand-over the crew saw completed, or events the centre already
 * acknowledged (the gateway then drops them for good: lost at both ends). FULL syncs on every commit.
 */
export function configureDurableSqlite(sqlite: PragmaConnection, busyTimeoutMs: number): void {
  const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && mode !== 'memory') {
    throw new DurableSqliteError(
      'STORE_WAL',
      `SQLite refused WAL mode (got ${String(mode)}); put the store on a local file system`,
    );
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
}

/** The connection settings as SQLite reports them (read back, not assumed). */
export function readDurableSettings(sqlite: PragmaConnection): DurableSqliteSettings {
  return {
    journalMode: String(sqlite.pragma('journal_mode', { simple: true })),
    synchronous: SYNCHRONOUS_NAMES[Number(sqlite.pragma('synchronous', { simple: true }))] ?? 'off',
    foreignKeys: sqlite.pragma('foreign_keys', { simple: true }) === 1,
    busyTimeoutMs: Number(sqlite.pragma('busy_timeout', { simple: true })),
  };
}
