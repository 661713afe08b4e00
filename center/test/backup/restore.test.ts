import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BackupError, CentreRunningError } from '../../src/backup/backup-errors.ts';
import { acquireCentreLock } from '../../src/backup/centre-lock.ts';
import { buildSchemaVersion } from '../../src/backup/database-check.ts';
import { type BackupRecord, writeBackup } from '../../src/backup/online-backup.ts';
import { restoreDatabase } from '../../src/backup/restore-database.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { alarm, centreFolder, dumpTables, ingestInto, populate, TEMPLATE } from './backup-fixture.ts';

describe('restoreDatabase', () => {
  let c: ReturnType<typeof centreFolder>;
  let gw: TestGateway;
  let backup: BackupRecord;
  let atBackup: Record<string, unknown[]>;

  /** A centre with 5 events backed up, then 5 more events and other changes the backup does not have. */
  beforeEach(async () => {
    c = centreFolder();
    gw = new TestGateway();
    const store = c.open();
    await populate(store, c.clock, gw, 5);
    backup = await writeBackup({ source: c.database, folder: c.backups, clock: c.clock });
    atBackup = dumpTables(backup.file);
    await c.clock.advance(60_000);
    await ingestInto(store, c.clock).receive(gw, gw.emit(5));
    store.alarms.update({
      ...alarm('a-1', 0),
      state: 'acknowledged',
      acknowledgedBy: 'li',
      acknowledgedAt: 1,
    });
    store.alarms.insert(alarm('a-2', c.clock.now()));
    store.plans.save('2026-11-23', 2, { date: '2026-11-23', version: 2, runs: [] });
    store.people.save(
      { personId: 'p-2', name: '李明', employeeNo: 'E-002', role: 'teller', siteId: 'site-a' },
      'console:admin',
    );
    store.close();
  });
  afterEach(() => c.cleanup());

  const restore = (file = backup.file) =>
    restoreDatabase({ dataDir: c.dataDir, backup: file, clock: c.clock });
  const refusal = (file: string) => {
    const before = readFileSync(c.database);
    const error = (() => {
      try {
        restore(file);
      } catch (caught) {
        return caught;
      }
      throw new Error('restore was not refused');
    })();
    // Refused before touching anything: the live database is byte for byte the same, nothing set aside.
    expect(readFileSync(c.database).equals(before)).toBe(true);
    expect(readdirSync(c.dataDir).filter((name) => name.includes('before-restore'))).toEqual([]);
    return error as BackupError;
  };

  it('brings back exactly the backed-up state and keeps the previous database aside', () => {
    const previous = dumpTables(c.database);
    const report = restore();
    const aside = join(c.dataDir, 'center.db.before-restore-2026-11-23T08-01-00.000Z');
    expect(report).toMatchObject({
      backup: backup.file,
      database: c.database,
      // The read-only look at the old database above left its -wal and -shm: they move with it.
      keptAside: [aside, `${aside}-wal`, `${aside}-shm`],
      version: buildSchemaVersion(),
      keysDir: join(c.dataDir, 'keys'),
      keysPresent: true,
    });
    expect(dumpTables(c.database)).toEqual(atBackup);
    expect(dumpTables(aside)).toEqual(previous);
    expect(statSync(c.database).mode & 0o777).toBe(0o600);
    expect(readdirSync(c.dataDir).filter((name) => name.startsWith('.center.db'))).toEqual([]);

    const store = c.open();
    try {
      expect(store.events.head(gw.gatewayId)).toMatchObject({ lastSeq: 5, lastHash: gw.chain[4]?.hash });
      expect(store.events.range(gw.gatewayId, 1, 100)).toEqual(gw.chain.slice(0, 5));
      expect(store.alarms.list({}).map((a) => [a.alarmId, a.state])).toEqual([['a-1', 'raised']]);
      expect(store.plans.get('2026-11-23')?.version).toBe(1);
      expect(store.people.list().map((p) => p.personId)).toEqual(['p-1']);
      // Sealed at rest: the template opens again only because the keys folder is the same.
      expect(store.people.templates('p-1')).toEqual([TEMPLATE]);
      expect(store.audit.list()).toEqual([
        { at: backup.at, actor: 'li', action: 'alarm.ack', target: 'a-1' },
      ]);
    } finally {
      store.close();
    }
  });

  it('lets the restored centre take each chain up again: what the backup lacks is re-sent and accepted', async () => {
    restore();
    const store = c.open();
    const ingest = ingestInto(store, c.clock);
    ingest.service.start();
    try {
      // The gateway's next event shows the gap; the centre asks for everything after its restored head.
      expect(await ingest.receive(gw, gw.emit(1))).toMatchObject({ stored: 0 });
      await c.clock.advance(1_000);
      expect(ingest.resends).toEqual([6]);
      // The gateway keeps its signed log after acks and re-sends 6..10; the held 11 follows.
      expect(await ingest.receive(gw, gw.slice(6, 10))).toMatchObject({ stored: 6, ackedUpTo: 11 });
      expect(store.events.range(gw.gatewayId, 1, 100)).toEqual(gw.chain);
      expect(ingest.service.metrics()).toMatchObject({ tampered: 0 });
    } finally {
      ingest.service.stop();
      store.close();
    }
  });

  it('refuses a damaged backup', () => {
    const damaged = join(c.dir, 'damaged.db');
    const bytes = readFileSync(backup.file);
    // Page 1 (the schema) stays readable; every page after it is overwritten.
    for (let i = 4_096; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
    writeFileSync(damaged, bytes);
    expect(refusal(damaged)).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('damaged'),
    });
  });

  it('refuses a truncated backup and a file that is no database at all', () => {
    const truncated = join(c.dir, 'truncated.db');
    writeFileSync(truncated, readFileSync(backup.file).subarray(0, 3 * 4_096));
    expect(refusal(truncated)).toMatchObject({ code: 'BACKUP_CORRUPT' });
    const text = join(c.dir, 'notes.db');
    writeFileSync(text, 'this is not a database, just some notes\n'.repeat(200));
    expect(refusal(text)).toMatchObject({
      code: 'BACKUP_CORRUPT',
      message: expect.stringContaining('is not a readable SQLite database'),
    });
  });

  it('refuses an SQLite file that is not a Vaultline centre database', () => {
    const other = join(c.dir, 'other.db');
    const sqlite = new Database(other);
    sqlite.exec('CREATE TABLE events (id INTEGER); INSERT INTO events VALUES (1)');
    sqlite.close();
    expect(refusal(other)).toMatchObject({
      code: 'BACKUP_NOT_CENTRE',
      message: expect.stringContaining('not a Vaultline centre database'),
    });
  });

  it('refuses a backup with migrations newer than this build knows', () => {
    const newer = join(c.dir, 'newer.db');
    copyFileSync(backup.file, newer);
    const sqlite = new Database(newer);
    sqlite
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('future', Date.UTC(2099, 0, 1));
    sqlite.close();
    expect(refusal(newer)).toMatchObject({
      code: 'BACKUP_TOO_NEW',
      message: expect.stringContaining('made by a newer Vaultline'),
    });
  });

  it('refuses a live database that still has its write-ahead log', () => {
    const live = join(c.dir, 'live.db');
    const sqlite = new Database(live);
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)');
    expect(existsSync(`${live}-wal`)).toBe(true);
    expect(refusal(live)).toMatchObject({ code: 'RESTORE_LIVE_FILE' });
    sqlite.close();
  });

  it('refuses while a centre holds the data folder, and goes ahead once it has let go', () => {
    const running = acquireCentreLock(c.dataDir);
    const error = refusal(backup.file);
    expect(error).toBeInstanceOf(CentreRunningError);
    expect(error.message).toContain(`a centre (or a restore) is running on ${c.dataDir}`);
    running.release();
    expect(restore().keptAside).toHaveLength(1);
    expect(dumpTables(c.database)).toEqual(atBackup);
  });

  it('restores into an empty data folder (a new machine)', () => {
    const fresh = join(c.dir, 'fresh');
    const report = restoreDatabase({ dataDir: fresh, backup: backup.file, clock: c.clock });
    expect(report).toMatchObject({ keptAside: [], keysPresent: false, keysDir: join(fresh, 'keys') });
    expect(dumpTables(join(fresh, 'center.db'))).toEqual(atBackup);
  });
});
