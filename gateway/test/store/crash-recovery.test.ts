import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyChain } from '@vaultline/shared/contract/chain-verifier';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openGatewayStore } from '../../src/store/open-store.ts';
import { tempDir } from './store-fixture.ts';

const CHILD = fileURLToPath(new URL('./append-loop-child.ts', import.meta.url));
const GATEWAY_DIR = fileURLToPath(new URL('../..', import.meta.url));
const BATCH = 3;
/** Bound on waiting for the child's progress, so a child that cannot start fails the test. */
const PROGRESS_TIMEOUT_MS = 30_000;

interface Running {
  child: ChildProcess;
  /** Resolves with the last committed seq the child reported once it reported one ≥ `atLeast`. */
  reached(atLeast: number): Promise<number>;
  killed(): Promise<void>;
}

function runChild(args: string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: GATEWAY_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let reported = 0;
  let pending = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) reported = Number(line);
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    reached: (atLeast) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`child reported seq ${reported} only: ${stderr}`)),
          PROGRESS_TIMEOUT_MS,
        );
        const poll = () => {
          if (reported >= atLeast) {
            clearTimeout(timer);
            resolve(reported);
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`child exited with ${child.exitCode}: ${stderr}`));
          } else waiters.push(poll);
        };
        exited.then(poll, reject);
        poll();
      }),
    killed: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Reads the file as another process would: raw rows, no store code involved. */
function rawRows(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const integrity = db.prepare('PRAGMA integrity_check').pluck().get();
    const rows = db.prepare('SELECT seq, id, type, hash, envelope FROM events ORDER BY seq').all() as Array<{
      seq: number;
      id: string;
      type: string;
      hash: string;
      envelope: string;
    }>;
    const faces = db.prepare('SELECT count(*) FROM face_captures').pluck().get();
    return { integrity, rows, faces };
  } finally {
    db.close();
  }
}

describe('a gateway killed with SIGKILL while appending', () => {
  let running: Running | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null)
      await running.killed();
    cleanup?.();
  });

  it('reopens to a gap-free, hash-linked chain with whole transactions and the matching state', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'gateway.db');
    const keyFile = join(temp.dir, 'gateway-key.pem');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });

    let previous = 0;
    for (const progress of [60, 150, 30]) {
      running = runChild([path, keyFile, 'gw-crash', String(BATCH)]);
      const reported = await running.reached(previous + progress);
      await running.killed();

      const { integrity, rows, faces } = rawRows(path);
      expect(integrity).toBe('ok');
      const lastSeq = rows.at(-1)?.seq ?? 0;
      // Everything reported committed is there; at most the one commit the child had no time to report.
      expect([reported, reported + BATCH]).toContain(lastSeq);
      expect(lastSeq % BATCH).toBe(0);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
      const envelopes = rows.map((row) => {
        const envelope = JSON.parse(row.envelope) as EventEnvelope;
        expect({ seq: envelope.seq, id: envelope.id, type: envelope.type, hash: envelope.hash }).toEqual({
          seq: row.seq,
          id: row.id,
          type: row.type,
          hash: row.hash,
        });
        return envelope;
      });
      expect(verifyChain(envelopes, publicKey, { gatewayId: 'gw-crash' })).toEqual({
        ok: true,
        lastSeq,
        lastHash: rows.at(-1)?.hash,
      });
      expect(faces).toBe(lastSeq / BATCH);

      const store = openGatewayStore(path);
      expect(store.engineState.load()?.completedStops).toEqual([`upTo:${lastSeq}`]);
      expect(store.events.lastSeq()).toBe(lastSeq);
      store.close();
      previous = lastSeq;
    }
  }, 120_000);
});
