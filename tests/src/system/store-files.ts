import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The part of better-sqlite3 used here. */
interface Database {
  prepare(sql: string): {
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): { changes: number };
  };
  close(): void;
}
type DatabaseConstructor = new (
  path: string,
  options: { readonly?: boolean; fileMustExist: boolean },
) => Database;

// Each package owns its SQLite binding; load the very copy it uses rather than a second one.
const sqliteOf = (pkg: string) =>
  createRequire(fileURLToPath(new URL(`../../../${pkg}/package.json`, import.meta.url)))(
    'better-sqlite3',
  ) as DatabaseConstructor;

function withDb<T>(pkg: 'center' | 'gateway', file: string, readonly: boolean, use: (db: Database) => T): T {
  const Sqlite = sqliteOf(pkg);
  const db = new Sqlite(file, { readonly, fileMustExist: true });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/**
 * When the centre committed each event of a gateway (`received_at`, epoch ms), by seq, read from its
 * store file while it runs (WAL: a reader never blocks ingest).
 */
export function centreReceivedAt(centreDb: string, gatewayId: string): Map<number, number> {
  return withDb('center', centreDb, true, (db) => {
    const rows = db
      .prepare('SELECT seq, received_at AS at FROM events WHERE gateway_id = ? ORDER BY seq')
      .all(gatewayId) as Array<{ seq: number; at: number }>;
    return new Map(rows.map((row) => [row.seq, row.at]));
  });
}

/** When the gateway took each event out of its outbox (`acked_at`, epoch ms; null: still waiting), by seq. */
export function gatewayAckedAt(gatewayDb: string): Map<number, number | null> {
  return withDb('gateway', gatewayDb, true, (db) => {
    const rows = db.prepare('SELECT seq, acked_at AS at FROM events ORDER BY seq').all() as Array<{
      seq: number;
      at: number | null;
    }>;
    return new Map(rows.map((row) => [row.seq, row.at]));
  });
}

/**
 * Deletes one record from a gateway's store file behind the gateway's back (an insider with access to
 * the disk): the signed chain then has a hole the gateway itself cannot fill.
 */
export function removeGatewayEvent(gatewayDb: string, seq: number): void {
  withDb('gateway', gatewayDb, false, (db) => {
    const { changes } = db.prepare('DELETE FROM events WHERE seq = ?').run(seq);
    if (changes !== 1) throw new Error(`the gateway store holds no event ${seq} to remove`);
  });
}

/**
 * Rewrites one field of a stored envelope in the centre's store file behind the centre's back (an
 * insider editing the database): `jsonPath` as SQLite's json_set takes it, e.g. `$.body.boxes.missing`.
 */
export function alterCentreEvent(
  centreDb: string,
  gatewayId: string,
  seq: number,
  jsonPath: string,
  value: unknown,
): void {
  withDb('center', centreDb, false, (db) => {
    const { changes } = db
      .prepare('UPDATE events SET envelope = json_set(envelope, ?, json(?)) WHERE gateway_id = ? AND seq = ?')
      .run(jsonPath, JSON.stringify(value), gatewayId, seq);
    if (changes !== 1) throw new Error(`the centre store holds no event ${seq} of ${gatewayId} to alter`);
  });
}
