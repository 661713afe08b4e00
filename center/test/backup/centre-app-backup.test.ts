import { join } from 'node:path';
import { silentLogger } from '@vaultline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupFileName } from '../../src/backup/backup-names.ts';
import { restoreDatabase } from '../../src/backup/restore-database.ts';
import { type CenterApp, startCenterApp } from '../../src/center-app.ts';
import { parseCenterConfig } from '../../src/config/center-config.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { centreFolder, dumpTables, populate } from './backup-fixture.ts';

describe('the centre app runs its backups and holds its data folder', () => {
  let c: ReturnType<typeof centreFolder>;
  let app: CenterApp | undefined;

  beforeEach(async () => {
    c = centreFolder();
    const store = c.open();
    await populate(store, c.clock, new TestGateway(), 5);
    store.close();
  });
  afterEach(async () => {
    await app?.stop();
    c.cleanup();
  });

  it('backs up at start with the default settings, shows it in status, and lets go of the lock on stop', async () => {
    const config = parseCenterConfig({
      dataDir: c.dataDir,
      broker: { port: 0 },
      http: { port: 0 },
      logLevel: 'silent',
    });
    expect(config.backup).toEqual({ intervalMinutes: 360, keep: 14 });
    app = await startCenterApp(config, { clock: c.clock, logger: silentLogger });
    await c.clock.advance(0);
    while (app.backup.status().running) await new Promise((resolve) => setImmediate(resolve));
    const file = join(c.dataDir, 'backups', backupFileName(c.clock.now()));
    expect(app.backup.status()).toMatchObject({
      folder: join(c.dataDir, 'backups'),
      intervalMinutes: 360,
      keep: 14,
      last: { ok: true, file },
      nextAt: c.clock.now() + 360 * 60_000,
    });
    expect(() => restoreDatabase({ dataDir: c.dataDir, backup: file, clock: c.clock })).toThrow(
      /is running on/,
    );
    await app.stop();
    app = undefined;
    const report = restoreDatabase({ dataDir: c.dataDir, backup: file, clock: c.clock });
    expect(dumpTables(report.database)).toEqual(dumpTables(file));
  });
});
