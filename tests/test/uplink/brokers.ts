import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAedes } from '../../src/harness/aedes-broker.ts';
import { startMosquitto } from '../../src/harness/mosquitto.ts';

export interface TestBroker {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The two brokers every uplink test runs against; `port` restarts one where its clients reconnect. */
export const BROKERS: Array<{ name: string; start(port?: number): Promise<TestBroker> }> = [
  { name: 'aedes', start: (port) => startAedes({ port }) },
  {
    name: 'mosquitto',
    async start(port) {
      const dir = mkdtempSync(join(tmpdir(), 'vl-mosquitto-'));
      const broker = await startMosquitto({ dir, port });
      return {
        url: broker.url,
        port: broker.port,
        async stop() {
          await broker.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
