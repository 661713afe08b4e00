import type { Database } from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { storeSchema } from './schema.ts';

/** The drizzle handle every repository of the centre's store works through, with its connection. */
export type StoreDb = BetterSQLite3Database<typeof storeSchema> & { $client: Database };

/**
 * Runs `fn` in one SQLite transaction, or a savepoint inside an open one, so a repository call is atomic
 * alone and still commits or rolls back with its caller. `BEGIN IMMEDIATE` takes the write lock first:
 * reading a chain head and appending to it never interleave with another writer.
 */
export function atomic<T>(db: StoreDb, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/** JSON text column → object; a row written by this store always holds valid JSON (CHECK json_valid). */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
