import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCentreStore } from '../../src/store/open-store.ts';
import { runCentreCli } from '../backup/centre-process.ts';
import { tempDir } from '../store/store-fixture.ts';
import { at, dayDraft, runR1, seedRegistries } from './plan-fixture.ts';

describe('vaultline-center plan import', () => {
  const dir = tempDir('vl-plan-cli-');
  const config = join(dir.dir, 'center.json');
  const dbFile = join(dir.dir, 'data', 'center.db');
  // The CLI plans against the real clock.
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(() => {
    writeFileSync(config, JSON.stringify({ dataDir: join(dir.dir, 'data') }));
    const store = openCentreStore(dbFile, { atRestKey: randomBytes(32) });
    seedRegistries(store);
    store.close();
  });
  afterAll(() => dir.cleanup());

  it('prints every problem of a bad CSV with its line and column, exits 1 and stores nothing', async () => {
    const csv = join(dir.dir, 'plan.csv');
    writeFileSync(
      csv,
      [
        'run_id,vehicle_id,crew,stop_seq,site_id,kind,window_start,window_end,boxes',
        `R1,V1,E1,1,VAULT-1,dispatch,${at('08:00', today)},${at('08:30', today)},`,
        `R1,,,2,BR-001,dispatch,${at('09:00', today)},${at('09:30', today)},`,
      ].join('\n'),
    );
    const result = await runCentreCli(['plan', 'import', csv, '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      `${csv}: the plan was not stored, 2 problem(s):`,
      '  line 2, column crew: run R1 has 1 escort(s); every run needs at least two different escorts',
      '  line 3, column kind: run R1, stop 2: a dispatch stop cannot be at BR-001, which is a branch (dispatch and return happen at a vault, deliver and collect at a branch)',
      '',
    ]);
    const store = openCentreStore(dbFile);
    expect(store.plans.versions(today)).toEqual([]);
    expect(store.audit.list().at(-1)).toMatchObject({
      action: 'plan.refused',
      actor: expect.stringMatching(/^cli:/),
    });
    store.close();
  }, 40_000);

  it('stores a sound JSON plan as the next version', async () => {
    const file = join(dir.dir, 'plan.json');
    writeFileSync(file, JSON.stringify(dayDraft(today, [runR1(today)])));
    const first = await runCentreCli(['plan', 'import', file, '--config', config]);
    expect(first).toMatchObject({
      code: 0,
      stdout: `plan of ${today} version 1 stored (1 runs); a running centre publishes it to the gateways within seconds\n`,
    });
    const second = await runCentreCli(['plan', 'import', file, '--config', config]);
    expect(second.stdout).toContain(`plan of ${today} version 2 stored`);
    const notJson = join(dir.dir, 'broken.json');
    writeFileSync(notJson, '{"date": ');
    const broken = await runCentreCli(['plan', 'import', notJson, '--config', config]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /broken\.json is not JSON \(.+\); a plan is a \.json draft or a \.csv file/,
    );
  }, 60_000);
});
