import type { ChildProcess } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentreRunningError } from '../../src/backup/backup-errors.ts';
import { restoreDatabase } from '../../src/backup/restore-database.ts';
import { startCenterApp } from '../../src/center-app.ts';
import { loadCenterConfig } from '../../src/config/center-config.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { centreFolder, dumpTables, populate } from './backup-fixture.ts';
import { killHard, runCentreCli, spawnCentre } from './centre-process.ts';

describe('vaultline-center backup / restore against a running centre process', () => {
  let c: ReturnType<typeof centreFolder>;
  let configFile: string;
  let centre: ChildProcess | undefined;

  beforeEach(async () => {
    c = centreFolder();
    const store = c.open();
    await populate(store, c.clock, new TestGateway(), 5);
    store.close();
    configFile = join(c.dir, 'center.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        dataDir: 'data',
        broker: { port: 0 },
        http: { port: 0 },
        logLevel: 'warn',
        backup: { folder: 'backups', intervalMinutes: 0, keep: 2 },
      }),
    );
  });
  afterEach(async () => {
    if (centre) await killHard(centre);
    c.cleanup();
  });

  it('backs up the live database while the centre runs; restore waits until the centre is gone, even by kill -9', async () => {
    centre = await spawnCentre(configFile);
    // A second centre on the same data folder is refused before it binds anything.
    await expect(startCenterApp(loadCenterConfig(configFile))).rejects.toBeInstanceOf(CentreRunningError);
    // Written by another connection while the centre runs (what `plan load` does): the backup has it.
    const writer = c.open();
    writer.plans.save('2026-11-23', 2, { date: '2026-11-23', version: 2, runs: [] });

    const backup = await runCentreCli(['backup', '--config', configFile]);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    const file = /backup written and checked: (\S+) \(\d+ bytes, \d+ ms\)/.exec(backup.stdout)?.[1] ?? '';
    expect(file.startsWith(join(c.dir, 'backups', 'center-'))).toBe(true);
    expect(backup.stdout).toContain(`keep the keys folder ${join(c.dataDir, 'keys')} too`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const backedUp = dumpTables(file);
    expect(backedUp.day_plans).toHaveLength(2);

    writer.plans.save('2026-11-23', 3, { date: '2026-11-23', version: 3, runs: [] });
    writer.close();
    // The lock is held by another process: restore refuses and changes nothing.
    const before = dumpTables(c.database);
    expect(() => restoreDatabase({ dataDir: c.dataDir, backup: file, clock: c.clock })).toThrow(
      `a centre (or a restore) is running on ${c.dataDir}`,
    );
    expect(dumpTables(c.database)).toEqual(before);

    await killHard(centre);
    const restored = await runCentreCli(['restore', file, '--config', configFile]);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(restored.stdout).toContain(`restored ${file}`);
    expect(restored.stdout).toMatch(/previous database was kept as \S+center\.db\.before-restore-\S+Z/);
    expect(restored.stdout).toContain(
      `${join(c.dataDir, 'keys')} must hold the keys of the centre that made this backup`,
    );
    expect(restored.stdout).toContain(`vaultline-center run --config ${configFile}`);
    expect(dumpTables(c.database)).toEqual(backedUp);
    // The killed centre's database, with what its WAL held (plan version 3), was set aside, not deleted.
    const aside = /previous database was kept as (\S+?)[,\s]/.exec(restored.stdout)?.[1] ?? '';
    expect(dumpTables(aside).day_plans).toHaveLength(3);
  }, 60_000);
});
