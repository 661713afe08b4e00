import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import type { EngineState } from '../../src/handover/handover-types.ts';
import type { EventSigner } from '../../src/store/event-log.ts';
import { type GatewayStore, openGatewayStore } from '../../src/store/open-store.ts';

/** A fresh temp directory per test, removed by the returned `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vaultline-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** ULID-shaped ids from a counter: `…0001`, `…0002` (digits are valid Crockford base32). */
export function counterIds(start = 1): () => string {
  let next = start;
  return () => String(next++).padStart(26, '0');
}

export function testSigner(gatewayId = 'gw-branch-a'): EventSigner & { publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { gatewayId, privateKey, publicKey, newId: counterIds() };
}

/** A real store file in a temp dir, with a fake clock; `reopen` closes and opens the same file again. */
export function openTestStore() {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'gateway.db');
  const clock = new FakeClock();
  const handle = {
    path,
    clock,
    store: openGatewayStore(path, { clock }),
    reopen(): GatewayStore {
      handle.store.close();
      handle.store = openGatewayStore(path, { clock });
      return handle.store;
    },
    dispose(): void {
      handle.store.close();
      cleanup();
    },
  };
  return handle;
}

/** An engine state between hand-overs; `completedStops` makes states tell apart. */
export function sampleEngineState(completedStops: string[] = []): EngineState {
  return {
    v: 1,
    active: null,
    readers: {},
    completedStops,
    offlineAlarms: {},
    doors: {},
    vehicleQuiet: {},
    justHandedOver: {},
  };
}
