import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  publicKeyToPem,
  publicKeyToRaw,
} from '@vaultline/shared/crypto/keys';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../src/config/gateway-config.ts';
import { initGatewayIdentity } from '../../src/identity/gateway-identity.ts';
import { applyProvisioning } from '../../src/provisioning/apply-provisioning.ts';
import { readProvisioning } from '../../src/provisioning/read-provisioning.ts';
import { MINIMAL_GATEWAY_CONFIG } from '../config/gateway-config-fixture.ts';

/** The operator's config before provisioning: no centre key, no uplink. */
const LOCAL = {
  ...MINIMAL_GATEWAY_CONFIG,
  kiosk: { host: '127.0.0.1', port: 8099 },
  centre: { brokerUrl: 'mqtt://old:1883', keepaliveS: 7 },
};

describe('vaultline-gateway provision', () => {
  let dir: string;
  let configFile: string;
  let signingKey: string;

  /** A hand-over folder as `vaultline-center gateway add --out` writes it. */
  function handover(overrides: Record<string, unknown> = {}): string {
    const folder = join(dir, `handover-${Math.random().toString(36).slice(2)}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'sign.pem'), publicKeyToPem(generateSigningKeyPair().publicKey));
    writeFileSync(join(folder, 'enc.pem'), publicKeyToPem(generateEncryptionKeyPair().publicKey));
    const content = {
      gatewayId: 'gw-branch-a',
      siteId: 'BR-001',
      broker: { url: 'mqtt://centre.bank:1883', username: 'gw-branch-a', password: 'pw-0123456789abcdef' },
      centrePublicKey: 'sign.pem',
      centreEncryptionKey: 'enc.pem',
      gatewayPublicKey: signingKey,
      ...overrides,
    };
    writeFileSync(join(folder, 'provisioning.json'), JSON.stringify(content), { mode: 0o600 });
    return join(folder, 'provisioning.json');
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vl-provision-'));
    signingKey = initGatewayIdentity(join(dir, 'data')).signingPublicKey;
    configFile = join(dir, 'gateway.json');
    writeFileSync(configFile, JSON.stringify(LOCAL), { mode: 0o640 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('points the uplink and centre keys at copied files, keeping every other setting', () => {
    const file = handover();
    const applied = applyProvisioning(configFile, readProvisioning(file));
    const config = loadGatewayConfig(configFile);
    expect(config.centre).toEqual({
      brokerUrl: 'mqtt://centre.bank:1883',
      username: 'gw-branch-a',
      passwordFile: join(dir, 'data', 'centre', 'broker-password'),
      keepaliveS: 7,
    });
    expect(config.kiosk).toEqual(LOCAL.kiosk);
    expect(config.roles).toMatchObject(LOCAL.roles);
    expect(JSON.parse(readFileSync(configFile, 'utf8')).roles).toEqual(LOCAL.roles);
    expect(readFileSync(config.centrePublicKey, 'utf8')).toBe(
      readFileSync(join(file, '..', 'sign.pem'), 'utf8'),
    );
    expect(readFileSync(config.centreEncryptionKey!, 'utf8')).toBe(
      readFileSync(join(file, '..', 'enc.pem'), 'utf8'),
    );
    expect(readFileSync(applied.passwordFile, 'utf8')).toBe('pw-0123456789abcdef\n');
    expect(statSync(applied.passwordFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data', 'centre')).mode & 0o777).toBe(0o700);
    expect(statSync(configFile).mode & 0o777).toBe(0o640);

    // Re-provisioning (a rotated password) replaces the secret file.
    applyProvisioning(
      configFile,
      readProvisioning(
        handover({
          broker: { url: 'mqtt://c2:1883', username: 'gw-branch-a', password: 'rotated-password-1' },
        }),
      ),
    );
    expect(readFileSync(applied.passwordFile, 'utf8')).toBe('rotated-password-1\n');
    expect(loadGatewayConfig(configFile).centre?.brokerUrl).toBe('mqtt://c2:1883');
  });

  it('refuses a file for another gateway, site or key, and broken files, leaving the config as it was', () => {
    const before = readFileSync(configFile, 'utf8');
    expect(() =>
      applyProvisioning(configFile, readProvisioning(handover({ gatewayId: 'gw-other' }))),
    ).toThrow(/is for gatewayId "gw-other", but .* says "gw-branch-a"/);
    expect(() => applyProvisioning(configFile, readProvisioning(handover({ siteId: 'BR-009' })))).toThrow(
      /siteId/,
    );
    const otherKey = publicKeyToRaw(generateSigningKeyPair().publicKey);
    expect(() =>
      applyProvisioning(configFile, readProvisioning(handover({ gatewayPublicKey: otherKey }))),
    ).toThrow(/made for another signing key than this gateway's/);
    expect(() => readProvisioning(handover({ centreEncryptionKey: 'sign.pem' }))).toThrow(
      /X25519 encryption key/,
    );
    expect(() => readProvisioning(handover({ broker: { url: 'http://x' } }))).toThrow(
      /not a provisioning file/,
    );
    expect(() => readProvisioning(join(dir, 'missing.json'))).toThrow(/cannot be read/);
    expect(readFileSync(configFile, 'utf8')).toBe(before);
  });
});
