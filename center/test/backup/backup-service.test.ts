import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupFileName } from '../../src/backup/backup-names.ts';
import { BackupService, type BackupSettings } from '../../src/backup/backup-service.ts';
import { writeBackup } from '../../src/backup/online-backup.ts';
import type { CentreStore } from '../../src/store/open-store.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { centreFolder, populate } from './backup-fixture.ts';

const MINUTE = 60_000;

describe('BackupService: scheduled backups, retention, status', () => {
  let c: ReturnType<typeof centreFolder>;
  let store: CentreStore;
  let service: BackupService | undefined;
  let logs: Array<{ level: number; msg: string; [key: string]: unknown }>;

  beforeEach(async () => {
    c = centreFolder();
    store = c.open();
    await populate(store, c.clock, new TestGateway(), 3);
    logs = [];
    service = undefined;
  });
  afterEach(async () => {
    await service?.stop();
    store.close();
    c.cleanup();
  });

  const startService = (settings: Partial<BackupSettings> = {}, source = c.database) => {
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
    service = new BackupService({
      folder: c.backups,
      intervalMinutes: 60,
      keep: 3,
      ...settings,
      source,
      clock: c.clock,
      logger,
    });
    service.start();
    return service;
  };
  /** Moves the fake clock, then lets the backups it started finish (they run on real I/O). */
  const advance = async (ms: number) => {
    await c.clock.advance(ms);
    while (service?.status().running) await new Promise((resolve) => setImmediate(resolve));
    await c.clock.advance(0);
  };
  const backupNames = () => readdirSync(c.backups).filter((name) => name.startsWith('center-'));

  it('backs up at start when there is no backup, then every interval, keeping the newest `keep`', async () => {
    writeFileSync(join(c.dir, 'keep-me.txt'), 'x');
    const t0 = c.clock.now();
    const backups = startService();
    await advance(0);
    expect(backupNames()).toEqual([backupFileName(t0)]);
    expect(backups.status()).toMatchObject({
      running: false,
      nextAt: t0 + 60 * MINUTE,
      last: { ok: true, at: t0, file: join(c.backups, backupFileName(t0)) },
      lastGood: { at: t0 },
    });
    for (let hour = 0; hour < 4; hour++) await advance(60 * MINUTE);
    expect(backupNames()).toEqual([2, 3, 4].map((h) => backupFileName(t0 + h * 60 * MINUTE)));
    const written = logs.filter((l) => l.msg === 'centre database backed up');
    expect(written).toHaveLength(5);
    expect(written[0]).toMatchObject({
      level: 30,
      component: 'center.backup',
      file: expect.stringContaining(c.backups),
      bytes: expect.any(Number),
      ms: expect.any(Number),
    });
    expect(logs.filter((l) => l.msg === 'old backups deleted')).toHaveLength(2);
  });

  it('waits one interval after a recent backup found at start, and reports it as the last good one', async () => {
    const earlier = await writeBackup({ source: c.database, folder: c.backups, clock: c.clock });
    await advance(10 * MINUTE);
    const backups = startService();
    await advance(0);
    expect(backupNames()).toHaveLength(1);
    expect(backups.status()).toMatchObject({
      nextAt: earlier.at + 60 * MINUTE,
      lastGood: { file: earlier.file, at: earlier.at, bytes: earlier.bytes },
    });
    expect(backups.status().last).toBeUndefined();
    await advance(50 * MINUTE);
    expect(backupNames()).toHaveLength(2);
  });

  it('logs a failed backup at error level, shows it in status, keeps running and tries again within 30 minutes', async () => {
    writeFileSync(c.backups, 'a file where the backup folder should be');
    const t0 = c.clock.now();
    const backups = startService({ intervalMinutes: 360 });
    await advance(0);
    expect(backups.status()).toMatchObject({
      last: { ok: false, at: t0, code: 'BACKUP_FAILED', error: expect.stringContaining(c.backups) },
      nextAt: t0 + 30 * MINUTE,
    });
    expect(backups.status().lastGood).toBeUndefined();
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 50, msg: 'centre database backup failed', code: 'BACKUP_FAILED' }),
    );
    // The disk is back: the retry succeeds and the schedule returns to the interval.
    rmSync(c.backups);
    await advance(30 * MINUTE);
    expect(backupNames()).toEqual([backupFileName(t0 + 30 * MINUTE)]);
    expect(backups.status()).toMatchObject({ last: { ok: true }, nextAt: t0 + 30 * MINUTE + 360 * MINUTE });
  });

  it('with intervalMinutes 0 schedules nothing, yet backs up on demand', async () => {
    const backups = startService({ intervalMinutes: 0 });
    expect(c.clock.pending).toBe(0);
    expect(backups.status().nextAt).toBeUndefined();
    const [first, joined] = [backups.backupNow(), backups.backupNow()];
    expect(backups.status().running).toBe(true);
    expect(await joined).toBe(await first);
    expect(await first).toMatchObject({ ok: true, file: join(c.backups, backupFileName(c.clock.now())) });
    expect(backupNames()).toHaveLength(1);
    expect(backups.status().running).toBe(false);
  });

  it('stops its schedule on stop()', async () => {
    const backups = startService();
    await advance(0);
    await backups.stop();
    expect(c.clock.pending).toBe(0);
    await advance(5 * 60 * MINUTE);
    expect(backupNames()).toHaveLength(1);
    expect(backups.status().nextAt).toBeUndefined();
  });
});
