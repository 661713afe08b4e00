import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCentreStore } from '../../src/store/open-store.ts';
import { StoreError } from '../../src/store/store-errors.ts';
import { openTestStore, tempDir } from './store-fixture.ts';

const TABLES = [
  'alarms',
  'api_tokens',
  'audit_log',
  'boxes',
  'chain_heads',
  'console_login_failures',
  'console_sessions',
  'console_users',
  'day_plans',
  'events',
  'face_captures',
  'gateway_credentials',
  'gateways',
  'people',
  'person_templates',
  'personnel_imports',
  'plan_publications',
  'sites',
  'vehicles',
];

function inspect(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all();
    const migrations = db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
    return { tables, migrations };
  } finally {
    db.close();
  }
}

describe('openCentreStore', () => {
  let handle: ReturnType<typeof openTestStore> | undefined;
  afterEach(() => {
    handle?.dispose();
    handle = undefined;
  });

  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    handle = openTestStore();
    expect(handle.store.settings()).toEqual({
      journalMode: 'wal',
      synchronous: 'full',
      foreignKeys: true,
      busyTimeoutMs: 5000,
    });
  });

  it('creates every table on a fresh file and applies no migration twice on reopen', () => {
    handle = openTestStore();
    const fresh = inspect(handle.path);
    expect(fresh.tables).toEqual(['__drizzle_migrations', ...TABLES]);
    expect(fresh.migrations).toBe(4);
    handle.reopen();
    expect(inspect(handle.path)).toEqual(fresh);
  });

  it('creates the file readable by its owner only', () => {
    handle = openTestStore();
    expect(statSync(handle.path).mode & 0o777).toBe(0o600);
  });

  it('rolls back everything a transaction wrote when it throws', () => {
    handle = openTestStore();
    const { store } = handle;
    expect(() =>
      store.transaction(() => {
        store.audit.append({ at: 1, actor: 'admin', action: 'test', target: 'x' });
        throw new Error('crash after the write');
      }),
    ).toThrow('crash after the write');
    expect(store.audit.list()).toEqual([]);
  });

  it('refuses a file that is not a database with a StoreError that says what to check', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'centre.db');
      writeFileSync(path, 'not a database at all, just text '.repeat(100));
      expect(() => openCentreStore(path)).toThrow(StoreError);
      expect(() => openCentreStore(path)).toThrow(/cannot open the centre store/);
    } finally {
      cleanup();
    }
  });
});
