import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KioskView } from '@vaultline/gateway/kiosk/kiosk-view';
import { runNodeScript, type ScriptRun } from '@vaultline/shared/testing/run-node-script';
import { waitFor } from '../harness/wait-for.ts';

const CLI = fileURLToPath(new URL('../../../gateway/bin/vaultline-gateway.js', import.meta.url));

/** Bound on a start: loading the TypeScript sources through tsx, opening the store and every device. */
const START_TIMEOUT_MS = 30_000;

/** One line of the gateway's pino log (JSON on stdout). */
export interface GatewayLogLine {
  level: number;
  msg: string;
  device?: string;
  component?: string;
  [key: string]: unknown;
}

/** Runs `vaultline-gateway <args>` to completion; never rejects on a non-zero exit (tests check `code`). */
export function runGatewayCli(args: string[]): Promise<ScriptRun> {
  return runNodeScript(CLI, args);
}

/**
 * Puts the kiosk of the gateway config at `configFile` on a fixed loopback port (so a restarted gateway
 * answers at the same address, as the branch screen expects) and logs at info level (the test follows
 * the gateway's own log lines, e.g. "fingerprint templates synced").
 */
export function fixKioskPort(configFile: string, port: number): void {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  config.kiosk = { host: '127.0.0.1', port };
  config.logLevel = 'info';
  writeFileSync(configFile, JSON.stringify(config, null, 2));
}

/**
 * The gateway as an operator runs it: `vaultline-gateway run --config <file>` in its own process, with
 * its kiosk at `http://127.0.0.1:<port>`. `kill()` is `kill -9`: no shutdown code runs.
 */
export class GatewayProcess {
  /** Log lines of this process, in order. */
  readonly logs: GatewayLogLine[] = [];
  private stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.absorb(line);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  /** Starts the gateway and waits until its kiosk answers `GET /api/view`. */
  static async start(configFile: string, port: number): Promise<GatewayProcess> {
    const child = spawn(process.execPath, [CLI, 'run', '--config', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const gateway = new GatewayProcess(child, `http://127.0.0.1:${port}`);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(
              `vaultline-gateway exited (${child.exitCode ?? child.signalCode}): ${gateway.problems()}`,
            );
          return (await fetch(`${gateway.url}/api/view`).catch(() => undefined))?.ok;
        },
        `the gateway's kiosk at ${gateway.url}`,
        START_TIMEOUT_MS,
      );
    } catch (error) {
      await gateway.kill();
      throw error;
    }
    return gateway;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async view(): Promise<KioskView> {
    const response = await fetch(`${this.url}/api/view`);
    if (!response.ok) throw new Error(`GET /api/view: ${response.status}`);
    return (await response.json()) as KioskView;
  }

  /** A manager action on the kiosk, over HTTP as the page sends it. */
  kiosk(action: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.url}/api/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(action),
    });
  }

  /** Waits for a log line of this process matching `predicate` (lines already logged count). */
  waitForLog(
    predicate: (line: GatewayLogLine) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<GatewayLogLine> {
    return waitFor(
      () => {
        if (this.exited) throw new Error(`gateway exited while waiting for ${what}: ${this.problems()}`);
        return this.logs.find(predicate);
      },
      `gateway log: ${what}`,
      timeoutMs,
    );
  }

  /** Waits until every listed fingerprint reader holds today's templates (the gateway logs each sync). */
  async templatesSynced(readers: string[]): Promise<void> {
    for (const reader of readers) {
      await this.waitForLog(
        (line) => line.msg === 'fingerprint templates synced' && line.device === reader,
        `templates synced on ${reader}`,
      );
    }
  }

  /** `kill -9`; resolves once the process is gone. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** An orderly stop (SIGTERM: the gateway relocks doors and closes its store). */
  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  /** Warnings and errors the gateway logged, and its stderr: for failure messages. */
  problems(): string {
    const logged = this.logs.filter((line) => line.level >= 40).map((line) => line.msg);
    return [...logged, this.stderr.trim()].filter(Boolean).join(' | ');
  }

  private end(signal: NodeJS.Signals): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
  }

  private absorb(line: string): void {
    if (!line.startsWith('{')) return;
    try {
      this.logs.push(JSON.parse(line) as GatewayLogLine);
    } catch {
      // Not a log record (a partial write cannot happen: lines are split on '\n').
    }
  }
}
