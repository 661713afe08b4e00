import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { BackupError } from './backup-errors.ts';

/** The migrations this build applies (the same folder `openCentreStore` migrates from). */
const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Tables every centre database has had since its first migration: the verified chains and registries. */
const CENTRE_TABLES = ['gateways', 'events', 'chain_heads', 'alarms', 'audit_log', '__drizzle_migrations'];

/** What drizzle recorded about the schema of a centre database. */
export interface SchemaVersion {
  /** How many migrations were applied. */
  migrations: number;
  /** The newest applied migration's time stamp (drizzle's `created_at`, the journal's `when`). */
  latestMigrationAt: number;
}

/** The part of a better-sqlite3 connection the version read uses. */
interface QueryConnection {
  prepare(sql: string): { get(): unknown };
}

/** The schema version this build knows: what `openCentreStore` brings every database up to. */
export function buildSchemaVersion(): SchemaVersion {
  const known = readMigrationFiles({ migrationsFolder: MIGRATIONS });
  return { migrations: known.length, latestMigrationAt: Math.max(0, ...known.map((m) => m.folderMillis)) };
}

/** Reads the applied migrations from an open centre database. */
export function readSchemaVersion(sqlite: QueryConnection): SchemaVersion {
  const row = sqlite
    .prepare(
      'SELECT count(*) AS migrations, coalesce(max(created_at), 0) AS latest FROM __drizzle_migrations',
    )
    .get() as { migrations: number; latest: number };
  return { migrations: row.migrations, latestMigrationAt: Number(row.latest) };
}

/**
 * Opens `file` read-only and proves it is a whole Vaultline centre database: SQLite's full
 * `integrity_check`, the centre's tables, and drizzle's migration record. Returns its schema version;
 * throws a BackupError that says what is wrong and what to do.
 */
export function checkCentreDatabase(file: string): SchemaVersion {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new BackupError(
      'BACKUP_MISSING',
      `${file} does not exist or is not a file; give the path of a backup`,
    );
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const problems = (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>)
      .map((row) => row.integrity_check)
      .filter((line) => line !== 'ok');
    if (problems.length > 0) {
      throw new BackupError(
        'BACKUP_CORRUPT',
        `${file} fails SQLite's integrity check (${problems.slice(0, 3).join('; ')}); it is damaged — use an older backup`,
      );
    }
    const tables = new Set(
      (
        sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
      ).map((row) => row.name),
    );
    const missing = CENTRE_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) {
      throw new BackupError(
        'BACKUP_NOT_CENTRE',
        `${file} is an SQLite database but not a Vaultline centre database (no ${missing.join(', ')}); give a file written by \`vaultline-center backup\` or the automatic backup`,
      );
    }
    return readSchemaVersion(sqlite);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new BackupError(
        'BACKUP_CORRUPT',
        `${file} is not a readable SQLite database (${(error as Error).message}): it is damaged or not a centre backup — use another backup`,
        { cause: error },
      );
    }
    throw new BackupError('BACKUP_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    sqlite?.close();
  }
}

/**
 * Refuses a database made by a newer build: this build's store would run on a schema it does not know.
 * An older one is fine: `openCentreStore` migrates it forward at the next start.
 */
export function assertRestorableVersion(
  file: string,
  version: SchemaVersion,
  build = buildSchemaVersion(),
): void {
  if (version.migrations > build.migrations || version.latestMigrationAt > build.latestMigrationAt) {
    throw new BackupError(
      'BACKUP_TOO_NEW',
      `${file} has ${version.migrations} schema migrations, the newest from ${new Date(version.latestMigrationAt).toISOString()}, but this build knows ${build.migrations} (newest ${new Date(build.latestMigrationAt).toISOString()}): it was made by a newer Vaultline — restore it with that version or later`,
    );
  }
}
