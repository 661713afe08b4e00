import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { type CentreStore, openCentreStore } from '../../src/store/open-store.ts';

/** A fresh temp directory, removed by `cleanup`. */
export function tempDir(prefix = 'vaultline-centre-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real store file in a temp dir with a fake clock; `reopen` closes and opens the same file. */
export function openTestStore() {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'centre.db');
  const clock = new FakeClock();
  const handle = {
    dir,
    path,
    clock,
    store: openCentreStore(path, { clock }),
    reopen(): CentreStore {
      handle.store.close();
      handle.store = openCentreStore(path, { clock });
      return handle.store;
    },
    dispose(): void {
      handle.store.close();
      cleanup();
    },
  };
  return handle;
}
