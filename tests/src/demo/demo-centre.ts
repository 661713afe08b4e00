import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CenterApp, startCenterApp } from '@vaultline/center/center-app';
import { loadCenterConfig } from '@vaultline/center/config/center-config';
import { pino } from 'pino';
import { freePort } from '../harness/sim-process.ts';
import { CentreApiClient } from '../system/centre-api-client.ts';
import type { LiveStreamClient } from '../system/live-stream-client.ts';

/** The name the demo's own API token carries in the centre's audit trail. */
export const DEMO_AUDITOR = 'demo-auditor';

/** The monitoring centre of the demo: the real app on its own data folder, a config file beside it. */
export interface DemoCentre {
  app: CenterApp;
  /** The config file, for `vaultline-center … --config` while the demo runs. */
  configFile: string;
  logFile: string;
  /** An auditor's API token: the demo reads the centre only as an outside tool would. */
  api: CentreApiClient;
  /** The centre's live stream (SSE), held open the whole day. */
  stream: LiveStreamClient;
  stop(): Promise<void>;
}

/**
 * Starts the centre as an operator would from `center.json`: embedded broker on a free port, API (and
 * console) on another, logs to a file in the work folder so the story on the terminal stays readable.
 */
export async function startDemoCentre(workDir: string): Promise<DemoCentre> {
  const dir = join(workDir, 'centre');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const configFile = join(dir, 'center.json');
  const [brokerPort, httpPort] = [await freePort(), await freePort()];
  const raw = {
    dataDir: 'data',
    broker: { host: '127.0.0.1', port: brokerPort },
    http: { host: '127.0.0.1', port: httpPort },
    // Late arrivals are looked at every second: a demo day lasts a minute.
    tickMs: 1_000,
    // The bank is in Beijing: its service day and the console's times are Beijing's.
    serviceTimeZone: 'Asia/Shanghai',
    logLevel: 'info',
  };
  writeFileSync(configFile, `${JSON.stringify(raw, null, 2)}\n`);
  const config = loadCenterConfig(configFile);
  const logFile = join(workDir, 'logs', 'centre.log');
  mkdirSync(join(workDir, 'logs'), { recursive: true });
  const logger = pino(
    { name: 'centre', level: config.logLevel },
    pino.destination({ dest: logFile, sync: true }),
  );
  const app = await startCenterApp(config, { logger });
  try {
    const token = app.store.tokens.create({ name: DEMO_AUDITOR, role: 'auditor' }).secret;
    const api = new CentreApiClient(() => app.apiUrl, token);
    const stream = await api.stream();
    return {
      app,
      configFile,
      logFile,
      api,
      stream,
      async stop() {
        stream.close();
        await app.stop();
      },
    };
  } catch (error) {
    await app.stop();
    throw error;
  }
}
