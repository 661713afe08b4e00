import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  publicKeyToPem,
  publicKeyToRaw,
} from '@vaultline/shared/crypto/keys';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyScrypt } from '../../src/broker/password-hash.ts';
import { parseCenterConfig } from '../../src/config/center-config.ts';
import { type CentreKeys, loadOrCreateCentreKeys } from '../../src/keys/centre-keys.ts';
import { brokerUrlFor } from '../../src/provisioning/gateway-add-command.ts';
import { provisionGateway } from '../../src/provisioning/provision-gateway.ts';
import { writeProvisioningFiles } from '../../src/provisioning/provisioning-files.ts';
import { type CentreStore, openCentreStore } from '../../src/store/open-store.ts';
import { tempDir } from '../store/store-fixture.ts';

const SITE = {
  siteId: 'BR-001',
  name: '朝阳支行',
  kind: 'branch' as const,
  position: { lat: 39.92, lon: 116.44 },
  geofenceM: 100,
};

describe('provisioning a gateway at the centre', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: CentreStore;
  let keys: CentreKeys;
  const clock = new FakeClock(1_000);
  const gateway = () => ({
    gatewayId: 'gw-br-001',
    siteId: 'BR-001',
    publicKey: publicKeyToRaw(generateSigningKeyPair().publicKey),
    encryptionPublicKeyPem: publicKeyToPem(generateEncryptionKeyPair().publicKey),
    brokerUrl: 'mqtt://centre.bank.local:1883',
  });
  const deps = () => ({ store, keys, clock });

  beforeEach(() => {
    dir = tempDir();
    keys = loadOrCreateCentreKeys(join(dir.dir, 'data'));
    store = openCentreStore(join(dir.dir, 'centre.db'), { clock });
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('registers both keys, issues a password that verifies, and audits it; a second time re-provisions', async () => {
    store.sites.save(SITE);
    const input = gateway();
    const made = provisionGateway(deps(), input, 'cli:ops');
    expect(made).toMatchObject({
      gatewayId: 'gw-br-001',
      siteId: 'BR-001',
      gatewayPublicKey: input.publicKey,
      broker: { url: input.brokerUrl, username: 'gw-br-001' },
      centreSigningPublicKeyPem: readFileSync(keys.signingPublicKeyFile, 'utf8'),
      centreEncryptionPublicKeyPem: readFileSync(keys.encryptionPublicKeyFile, 'utf8'),
      reprovisioned: false,
    });
    expect(store.gateways.get('gw-br-001')).toMatchObject({
      publicKey: input.publicKey,
      encryptionPublicKey: input.encryptionPublicKeyPem,
    });
    const stored = store.gatewayCredentials.get('gw-br-001')!;
    expect(await verifyScrypt(made.broker.password, stored.passwordHash)).toBe(true);

    const again = provisionGateway(deps(), { ...gateway() }, 'cli:ops');
    expect(again.reprovisioned).toBe(true);
    expect(again.broker.password).not.toBe(made.broker.password);
    expect(store.audit.list().map((e) => [e.action, e.actor, e.target])).toEqual([
      ['gateway.provision', 'cli:ops', 'gw-br-001'],
      ['gateway.reprovision', 'cli:ops', 'gw-br-001'],
    ]);
    expect(JSON.stringify(store.audit.list())).not.toContain(again.broker.password);
  });

  it('refuses an unknown site and wrong keys before storing anything', () => {
    expect(() => provisionGateway(deps(), gateway(), 'cli:ops')).toThrow(
      /site "BR-001" is not registered; add it first/,
    );
    store.sites.save(SITE);
    const ed25519Pem = publicKeyToPem(generateSigningKeyPair().publicKey);
    expect(() => provisionGateway(deps(), { ...gateway(), encryptionPublicKeyPem: ed25519Pem }, 'x')).toThrow(
      /X25519 encryption key is expected/,
    );
    expect(() => provisionGateway(deps(), { ...gateway(), publicKey: 'short' }, 'x')).toThrow(
      /43 characters/,
    );
    expect(() => provisionGateway(deps(), { ...gateway(), gatewayId: 'gw:bad' }, 'x')).toThrow(
      /cannot be a broker user name/,
    );
    expect(store.gateways.list()).toEqual([]);
    expect(store.gatewayCredentials.list()).toEqual([]);
    expect(store.audit.list()).toEqual([]);
  });

  it('writes the hand-over folder with private modes, never over an earlier one', () => {
    store.sites.save(SITE);
    const out = join(dir.dir, 'handover');
    const files = writeProvisioningFiles(out, provisionGateway(deps(), gateway(), 'cli:ops'));
    expect(readdirSync(out).sort()).toEqual([
      'centre-encryption-public.pem',
      'centre-signing-public.pem',
      'provisioning.json',
    ]);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(statSync(files.provisioningFile).mode & 0o777).toBe(0o600);
    expect(() => writeProvisioningFiles(out, provisionGateway(deps(), gateway(), 'cli:ops'))).toThrow(
      /already exists/,
    );
  });

  it('offers the embedded broker address only when a gateway can dial it', () => {
    const config = (broker: Record<string, unknown>) => parseCenterConfig({ dataDir: '/tmp/x', broker });
    expect(brokerUrlFor(config({ url: 'mqtts://broker.bank:8883' }))).toBe('mqtts://broker.bank:8883');
    expect(brokerUrlFor(config({ host: '10.1.2.3', port: 1883 }))).toBe('mqtt://10.1.2.3:1883');
    expect(() => brokerUrlFor(config({ host: '0.0.0.0', port: 1883 }))).toThrow(/give --broker-url/);
    expect(() => brokerUrlFor(config({ port: 0 }))).toThrow(/give --broker-url/);
  });
});
