import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const testsDir = fileURLToPath(new URL('../..', import.meta.url));
/** The day plays in about a minute on 2 cores; the bound only turns a hang into a failure. */
const DEMO_TIMEOUT_MS = 170_000;

/** The summary rows the day must produce: what, expected, and the same count at the centre. */
const SUMMARY_ROWS: Array<[string, number]> = [
  ['hand-over records at VAULT-1', 2],
  ['hand-over records at BR-001', 1],
  ['hand-over records at BR-002', 1],
  ['alarm STOP_SKIPPED', 1],
  ['alarm AUTH_FAILED_5X', 1],
  ['alarm WRONG_BOX', 1],
  ['alarm ROUTE_DEVIATION', 1],
  ['alarm MISSING_BOX', 1],
  ['alarm ROUTE_DEVIATION cleared', 1],
  ['alarm MISSING_BOX cleared', 1],
];

/** Live processes whose command line mentions `marker`, by pid. */
function processesMentioning(marker: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (command.includes(marker)) found.set(Number(entry), command);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return found;
}

function runDemo(tmp: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', '--', '--exit'], {
    cwd: testsDir,
    // Every folder the demo and its simulators make lands under `tmp`: their command lines name it.
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), DEMO_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('npm run demo -- --exit', () => {
  it(
    'plays the day, reports every record, alarm and chain at the centre, exits 0 and leaves no simulator or socat behind',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'vl-demo-test-'));
      try {
        const children = new Map<number, string>();
        const watch = setInterval(() => {
          for (const [pid, command] of processesMentioning(tmp)) children.set(pid, command);
        }, 250);
        const run = await runDemo(tmp).finally(() => clearInterval(watch));

        expect(run.stderr).toBe('');
        expect(run.code, `the demo's output ended:\n${run.stdout.slice(-2500)}`).toBe(0);
        const out = run.stdout;
        for (const [what, count] of SUMMARY_ROWS) {
          expect(out).toMatch(new RegExp(`\\n  ${literally(what)}\\s+${count}\\s+ok\\s+${count}\\n`));
        }
        for (const gateway of ['gw-VAULT-1', 'gw-BR-001', 'gw-BR-002']) {
          expect(out).toMatch(
            new RegExp(
              `chain of ${gateway}\\s+verified\\s+ok\\s+seq 1…\\d+ verified, same head as the gateway`,
            ),
          );
        }
        expect(out).not.toContain('!!');
        expect(out).toContain(
          'Every expected record and alarm reached the centre, and every chain verified.',
        );

        // The story: each incident as the gateway recorded it and as the centre saw it.
        expect(out).toMatch(
          /\[VAULT-1\]\s+ALARM WRONG_BOX \(critical\): box B03 is not on this stop's manifest/,
        );
        expect(out).toMatch(/\[centre\]\s+WRONG_BOX raised \(VAULT-1, run R1 stop 1\)/);
        expect(out).toMatch(/\[BR-001\]\s+fingerprint refused at fp-door \(no-match\), 5 in a row/);
        expect(out).toMatch(/\[centre\]\s+AUTH_FAILED_5X raised \(BR-001, run R2 stop 2\)/);
        expect(out).toMatch(/\[centre\]\s+STOP_SKIPPED raised \(BR-002, run R2 stop 1, V2 /);
        expect(out).toMatch(
          /\[centre\]\s+ROUTE_DEVIATION raised \(run R1, V1 [^)]*\): \d+ m from the planned route/,
        );
        expect(out).toMatch(/\[centre\]\s+ROUTE_DEVIATION cleared \(run R1, V1 [^)]*\): back within 400 m/);
        expect(out).toMatch(
          /\[VAULT-1\]\s+ALARM MISSING_BOX \(critical\): C02 not read after the re-scan window/,
        );
        expect(out).toMatch(/missing C02 approved by 孙磊 SUN LEI \(VM001\)/);
        for (const [run, stop, site] of [
          ['R1', 1, 'VAULT-1'],
          ['R1', 2, 'BR-001'],
          ['R1', 3, 'BR-002'],
          ['R1', 4, 'VAULT-1'],
        ]) {
          expect(out).toMatch(
            new RegExp(
              `\\[centre\\]\\s+run ${run} stop ${stop} \\(${site}, \\w+\\): completed, record \\w+ stored`,
            ),
          );
        }

        // The simulators (one per site, and the van's GPS unit for each of its three legs) and their socat
        // pty pairs ran, and none outlived the demo.
        const commands = [...children.values()];
        expect(commands.filter((command) => command.includes('vaultline-sim.js serve')).length).toBe(6);
        expect(commands.filter((command) => command.startsWith('socat ')).length).toBeGreaterThanOrEqual(18);
        expect([...processesMentioning(tmp).values()]).toEqual([]);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    DEMO_TIMEOUT_MS + 10_000,
  );
});
