import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@vaultline/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { loadGatewayConfig, parseGatewayConfig } from '../../src/config/gateway-config.ts';
import { EventRecorder } from '../../src/runtime/event-recorder.ts';
import { PlanService } from '../../src/runtime/plan-service.ts';
import { uplinkFromConfig } from '../../src/uplink/uplink-from-config.ts';
import { MINIMAL_GATEWAY_CONFIG } from '../config/gateway-config-fixture.ts';
import { openTestStore } from '../store/store-fixture.ts';

const BASE = { ...MINIMAL_GATEWAY_CONFIG, centrePublicKey: 'centre.pem' };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('gateway config: centre section', () => {
  it('is optional: without it the gateway runs offline only', () => {
    const config = parseGatewayConfig(BASE);
    expect(config.centre).toBeUndefined();
    const handle = openTestStore();
    try {
      expect(uplinkFromConfig(config, uplinkParts(handle))).toBeNull();
    } finally {
      handle.dispose();
    }
  });

  it('takes a broker URL and tuning, and refuses what is not an MQTT URL', () => {
    const config = parseGatewayConfig({ ...BASE, centre: { brokerUrl: 'mqtt://c:1883', batchSize: 50 } });
    expect(config.centre).toEqual({ brokerUrl: 'mqtt://c:1883', batchSize: 50 });
    expect(() => parseGatewayConfig({ ...BASE, centre: { brokerUrl: 'http://c' } })).toThrow(
      /centre\/brokerUrl/,
    );
    expect(() => parseGatewayConfig({ ...BASE, centre: { brokerUrl: 'mqtt://c', batchSize: 0 } })).toThrow(
      /batchSize/,
    );
  });

  it('resolves the password file beside the config and refuses one others can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-uplink-config-'));
    dirs.push(dir);
    const file = join(dir, 'gateway.json');
    writeFileSync(
      file,
      JSON.stringify({ ...BASE, centre: { brokerUrl: 'mqtt://c', passwordFile: 'broker.pw' } }),
    );
    const config = loadGatewayConfig(file);
    expect(config.centre?.passwordFile).toBe(join(dir, 'broker.pw'));
    writeFileSync(join(dir, 'broker.pw'), 'secret\n', { mode: 0o644 });
    chmodSync(join(dir, 'broker.pw'), 0o644);
    const handle = openTestStore();
    try {
      expect(() => uplinkFromConfig(config, uplinkParts(handle))).toThrow(/chmod 600/);
      chmodSync(join(dir, 'broker.pw'), 0o600);
      const uplink = uplinkFromConfig(config, uplinkParts(handle));
      expect(uplink?.status()).toMatchObject({ connected: false, brokerUrl: 'mqtt://c', connections: 0 });
    } finally {
      handle.dispose();
    }
  });
});

function uplinkParts(handle: ReturnType<typeof openTestStore>) {
  const { store, clock } = handle;
  const signing = generateKeyPairSync('ed25519');
  const recorder = new EventRecorder(store, {
    gatewayId: BASE.gatewayId,
    privateKey: signing.privateKey,
    newId: () => '0'.repeat(26),
  });
  const plans = new PlanService({
    store,
    recorder,
    centrePublicKey: generateKeyPairSync('ed25519').publicKey,
    encryptionKey: generateKeyPairSync('x25519').privateKey,
    gatewayId: BASE.gatewayId,
    siteId: BASE.siteId,
    clock,
    logger: silentLogger,
  });
  return { store, plans, devices: () => [], clock, logger: silentLogger };
}
