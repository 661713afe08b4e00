import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openGatewayStore } from '../../src/store/open-store.ts';
import { StoreError } from '../../src/store/store-errors.ts';
import { openTestStore, sampleEngineState, tempDir } from './store-fixture.ts';

const TABLES = [
  'engine_state',
  'enrolment_outbox',
  'events',
  'face_captures',
  'face_outbox',
  'plans',
  'reports',
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
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
      .pluck()
      .all();
    return { tables, migrations, indexes };
  } finally {
    db.close();
  }
}

describe('openGatewayStore', () => {
  let handle: ReturnType<typeof openTestStore> | undefined;
  afterEach(() => handle?.dispose());

  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout on the connection', () => {
    handle = openTestStore();
    expect(handle.store.settings()).toEqual({
      journalMode: 'wal',
      synchronous: 'full',
      foreignKeys: true,
      busyTimeoutMs: 5000,
    });
  });

  it('creates the schema on a fresh file and applies no migration twice on reopen', () => {
    handle = openTestStore();
    const fresh = inspect(handle.path);
    expect(fresh.tables).toEqual(['__drizzle_migrations', ...TABLES]);
    expect(fresh.indexes).toEqual(expect.arrayContaining(['events_unacked', 'face_captures_captured_at']));
    handle.reopen();
    handle.reopen();
    expect(inspect(handle.path)).toEqual(fresh);
  });

  it('creates the file readable by its owner only (it holds face captures)', () => {
    handle = openTestStore();
    expect(statSync(handle.path).mode & 0o777).toBe(0o600);
    expect(statSync(`${handle.path}-wal`).mode & 0o777).toBe(0o600);
  });

  it('rolls back everything a transaction wrote when it throws', () => {
    handle = openTestStore();
    const { store } = handle;
    const state = sampleEngineState(['r1#1']);
    expect(() =>
      store.transaction(() => {
        store.engineState.save(state);
        throw new Error('crash after the write');
      }),
    ).toThrow('crash after the write');
    expect(store.engineState.load()).toBeNull();
  });

  it('refuses an async function, rolling back what it wrote before its first await', () => {
    handle = openTestStore();
    const { store } = handle;
    const state = sampleEngineState();
    const attempt = () =>
      store.transaction(async () => {
        store.engineState.save(state);
      });
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(/synchronous/);
    expect(store.engineState.load()).toBeNull();
  });

  it('returns the value of the transaction function and nests as a savepoint', () => {
    handle = openTestStore();
    const { store } = handle;
    const state = sampleEngineState();
    const result = store.transaction(() => {
      store.engineState.save(state);
      expect(() =>
        store.transaction(() => {
          store.engineState.save(sampleEngineState(['inner']));
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
      return 42;
    });
    expect(result).toBe(42);
    expect(store.engineState.load()?.completedStops).toEqual([]);
  });

  it('explains what to do when the file is not a database', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'not-a-db');
      writeFileSync(path, 'this is not SQLite, just text long enough to fill a header page'.repeat(10));
      expect(() => openGatewayStore(path)).toThrow(/cannot open the gateway store at .*not-a-db/);
    } finally {
      cleanup();
    }
  });

  it('close is idempotent', () => {
    handle = openTestStore();
    handle.store.close();
    expect(() => handle?.store.close()).not.toThrow();
  });

  it('leaves only the database file once closed, with the background checkpointer stopped first', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'gateway.db');
      for (let round = 0; round < 10; round++) {
        const store = openGatewayStore(path);
        store.engineState.save(sampleEngineState([`r${round}#1`]));
        // Give the worker time to open its connection on some rounds and not on others.
        if (round % 2 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
        store.close();
        expect(readdirSync(dir)).toEqual(['gateway.db']);
      }
      const reopened = openGatewayStore(path, { backgroundCheckpoints: false });
      expect(reopened.engineState.load()?.completedStops).toEqual(['r9#1']);
      reopened.close();
    } finally {
      cleanup();
    }
  });
});
