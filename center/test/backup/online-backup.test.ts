import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/backup-errors.ts';
import { backupFileName } from '../../src/backup/backup-names.ts';
import { buildSchemaVersion, checkCentreDatabase } from '../../src/backup/database-check.ts';
import { writeBackup } from '../../src/backup/online-backup.ts';
import type { CentreStore } from '../../src/store/open-store.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { centreFolder, chainFacts, dumpTables, populate } from './backup-fixture.ts';

describe('writeBackup: SQLite online backup of the live centre database', () => {
  let c: ReturnType<typeof centreFolder>;
  let store: CentreStore;
  const gw = new TestGateway();
  beforeEach(() => {
    c = centreFolder();
    store = c.open();
  });
  afterEach(() => {
    store.close();
    c.cleanup();
  });

  it('copies a consistent state while the centre keeps appending events on its own connection', async () => {
    await populate(store, c.clock, gw, 2_000);
    const pending = gw.emit(1_500);
    let written = 0;
    let writing = true;
    const writeNext = () => {
      const env = pending[written];
      if (!writing || !env) return;
      store.events.appendVerified(gw.gatewayId, [env], c.clock.now());
      written += 1;
      setImmediate(writeNext);
    };
    setImmediate(writeNext);
    // Small steps, so the copy spans many turns of the event loop and the writer lands between them.
    const record = await writeBackup({
      source: c.database,
      folder: c.backups,
      clock: c.clock,
      pagesPerStep: 8,
    });
    const writtenDuringBackup = written;
    writing = false;
    expect(writtenDuringBackup).toBeGreaterThan(0);
    // The writer did not have to stop for the copy to finish: restarts end in one last whole step.
    expect(writtenDuringBackup).toBeLessThan(pending.length);

    const { head, rows } = chainFacts(record.file, gw.gatewayId);
    expect(head.lastSeq).toBeGreaterThanOrEqual(2_000);
    expect(head.lastSeq).toBeLessThanOrEqual(2_000 + writtenDuringBackup);
    // Every event up to the head and none beyond it; each row is the gateway's own envelope.
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: head.lastSeq }, (_, i) => i + 1));
    expect(rows.at(-1)?.hash).toBe(head.lastHash);
    for (const row of rows) expect(JSON.parse(row.envelope)).toEqual(gw.chain[row.seq - 1]);
    expect(checkCentreDatabase(record.file)).toEqual(buildSchemaVersion());
    expect(store.events.head(gw.gatewayId).lastSeq).toBe(2_000 + writtenDuringBackup);
  });

  it('writes one self-contained 0600 file named by its UTC time into a 0700 folder', async () => {
    await populate(store, c.clock, gw, 5);
    const record = await writeBackup({ source: c.database, folder: c.backups, clock: c.clock });
    expect(record).toEqual({
      file: join(c.backups, backupFileName(c.clock.now())),
      at: c.clock.now(),
      bytes: statSync(record.file).size,
      ms: expect.any(Number),
    });
    expect(statSync(record.file).mode & 0o777).toBe(0o600);
    expect(statSync(c.backups).mode & 0o777).toBe(0o700);
    // No -wal, -shm, journal or partial file: the backup is the one file.
    expect(readdirSync(c.backups)).toEqual([backupFileName(c.clock.now())]);
    const copy = new Database(record.file, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(dumpTables(record.file)).toEqual(dumpTables(c.database));
  });

  it('refuses a source that is not a centre database and leaves no file behind', async () => {
    const other = join(c.dir, 'other.db');
    new Database(other).exec('CREATE TABLE notes (text TEXT)');
    const error = await writeBackup({ source: other, folder: c.backups, clock: c.clock }).catch((e) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect(error).toMatchObject({
      code: 'BACKUP_SOURCE',
      message: expect.stringContaining('not a Vaultline centre database'),
    });
    expect(existsSync(c.backups)).toBe(false);
  });

  it('refuses a missing source with a hint at the config', async () => {
    const error = await writeBackup({
      source: join(c.dir, 'nope.db'),
      folder: c.backups,
      clock: c.clock,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'BACKUP_SOURCE', message: expect.stringContaining('check dataDir') });
  });

  it('fails cleanly when the backup folder is not a directory', async () => {
    const folder = join(c.dataDir, 'center.db'); // a file where a folder should be
    const error = await writeBackup({
      source: c.database,
      folder: join(folder, 'backups'),
      clock: c.clock,
    }).catch((e) => e);
    expect(error).toMatchObject({
      code: 'BACKUP_FAILED',
      message: expect.stringContaining('writable directory'),
    });
  });
});
