import type { Database } from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { storeSchema } from './schema.ts';
import { StoreError } from './store-errors.ts';

/** The drizzle handle every repository of the store works through, with its better-sqlite3 connection. */
export type StoreDb = BetterSQLite3Database<typeof storeSchema> & { $client: Database };

/**
 * Runs `fn` in one SQLite transaction, or in a savepoint when a transaction is already open, so that a
 * repository call is atomic alone and still commits or rolls back with the caller's transaction.
 * `BEGIN IMMEDIATE` takes the write lock up front: reading the chain's head and appending to it can then
 * never interleave with another writer.
 */
export function atomic<T>(db: StoreDb, fn: () => T): T {
  return db.$client
    .transaction(() => {
      const result = fn();
      if (isPromiseLike(result)) {
        // Throwing here, before the transaction function returns, rolls back what `fn` did synchronously.
        throw new StoreError(
          'ASYNC_TRANSACTION',
          'store.transaction got a function that returned a promise; SQLite transactions here are synchronous, so do the awaiting before and pass a synchronous function',
        );
      }
      return result;
    })
    .immediate();
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
