import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGatewayConfig } from '@vaultline/gateway/config/gateway-config';
import { EventRecorder } from '@vaultline/gateway/runtime/event-recorder';
import { PlanService } from '@vaultline/gateway/runtime/plan-service';
import { openGatewayStore } from '@vaultline/gateway/store/open-store';
import type { MqttUplink } from '@vaultline/gateway/uplink/mqtt-uplink';
import { uplinkFromConfig } from '@vaultline/gateway/uplink/uplink-from-config';
import { systemClock } from '@vaultline/shared';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';
import { type Logger, pino } from 'pino';
import { SITES } from '../../src/scenario/day-plan.ts';

export const GATEWAY_ID = 'gw-branch-a';

/** Fast reconnects and status, so the tests run in real time without waiting on production pacing. */
const FAST = { reconnectMinMs: 50, reconnectMaxMs: 300, statusMinIntervalMs: 50, keepaliveS: 5 };

/**
 * A gateway as far as the uplink is concerned: its real store, event recorder and plan service, and the
 * uplink built from a `centre` config section, as `startGatewayApp` builds it.
 */
export function gatewaySide(brokerUrl: string, centre: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vl-uplink-'));
  const store = openGatewayStore(join(dir, 'gateway.db'));
  const signing = generateKeyPairSync('ed25519');
  const centreKeys = generateKeyPairSync('ed25519');
  const encryption = generateKeyPairSync('x25519');
  const recorder = new EventRecorder(store, {
    gatewayId: GATEWAY_ID,
    privateKey: signing.privateKey,
    newId: createUlidGenerator({ clock: systemClock }),
  });
  const lines: Array<Record<string, unknown>> = [];
  const logger: Logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const plans = new PlanService({
    store,
    recorder,
    centrePublicKey: centreKeys.publicKey,
    encryptionKey: encryption.privateKey,
    gatewayId: GATEWAY_ID,
    siteId: SITES.branchA.siteId,
    clock: systemClock,
    logger,
  });
  const config = parseGatewayConfig({
    gatewayId: GATEWAY_ID,
    siteId: SITES.branchA.siteId,
    dataDir: dir,
    centrePublicKey: join(dir, 'centre.pem'),
    devices: {},
    roles: {
      crewReader: 'fp1',
      confirmReader: 'fp2',
      vehicleReaders: [],
      boxReaders: ['r1'],
      camera: 'cam',
      doorController: 'door',
    },
    centre: { brokerUrl, ...FAST, ...centre },
  });
  const uplink = uplinkFromConfig(config, {
    store,
    plans,
    devices: () => [],
    clock: systemClock,
    logger,
  }) as MqttUplink;
  recorder.onAppended((envelopes) => uplink.appended(envelopes));
  let n = 0;
  return {
    store,
    recorder,
    plans,
    uplink,
    lines,
    signingPublicKey: signing.publicKey,
    centrePrivateKey: centreKeys.privateKey,
    encryptionPublicKey: encryption.publicKey,
    /** Records `count` box scans; the ones at 1-based positions in `alarms` are alarms instead. */
    record(count: number, alarms: number[] = []) {
      const items = Array.from({ length: count }, (_, i) => {
        n += 1;
        return alarms.includes(i + 1)
          ? {
              type: 'alarm.raised',
              body: {
                alarmId: `A${n}`,
                kind: 'WRONG_BOX',
                severity: 'critical',
                siteId: 'BR-001',
                detail: {},
              },
              ts: Date.now(),
            }
          : {
              type: 'box.scanned',
              body: { epc: `E2000017221101010000${String(n).padStart(4, '0')}` },
              ts: Date.now(),
            };
      });
      return recorder.record(items);
    },
    backlog: () => store.events.backlog().count,
    async stop() {
      await uplink.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
