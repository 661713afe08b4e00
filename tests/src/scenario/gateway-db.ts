import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { PersistedEngineState } from '@vaultline/gateway/runtime/handover-service';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';

/** The part of better-sqlite3 used here: prepared statements on a read-only connection. */
interface ReadOnlyDatabase {
  prepare(sql: string): { all(): unknown[] };
  close(): void;
}
type DatabaseConstructor = new (
  path: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => ReadOnlyDatabase;

// The gateway owns the SQLite binding; load the very copy it uses rather than a second one.
const requireFromGateway = createRequire(
  fileURLToPath(new URL('../../../gateway/package.json', import.meta.url)),
);
const Database = requireFromGateway('better-sqlite3') as DatabaseConstructor;

/**
 * Reads a gateway's store file directly, read-only, while the gateway runs in another process or after it
 * was killed: the file is the source of truth for what was recorded. WAL lets this reader see every
 * committed transaction without blocking the writer.
 */
export function readGatewayDb<T>(dbFile: string, read: (db: ReadOnlyDatabase) => T): T {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every event of the signed chain, by seq. */
export function readEvents(dbFile: string): EventEnvelope[] {
  return readGatewayDb(dbFile, (db) =>
    (db.prepare('SELECT envelope FROM events ORDER BY seq').all() as Array<{ envelope: string }>).map(
      (row) => JSON.parse(row.envelope) as EventEnvelope,
    ),
  );
}

/** The hand-over engine's persisted state (what a restarted gateway resumes from); null before any step. */
export function readEngineState(dbFile: string): PersistedEngineState | null {
  return readGatewayDb(dbFile, (db) => {
    const [row] = db.prepare('SELECT state FROM engine_state WHERE id = 1').all() as Array<{ state: string }>;
    return row ? (JSON.parse(row.state) as PersistedEngineState) : null;
  });
}
