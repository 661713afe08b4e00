import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CenterApp, startCenterApp } from '@vaultline/center/center-app';
import { loadCenterConfig } from '@vaultline/center/config/center-config';
import { loadOrCreateCentreKeys } from '@vaultline/center/keys/centre-keys';
import { loadGatewayConfig } from '@vaultline/gateway/config/gateway-config';
import { type GatewayApp, startGatewayApp } from '@vaultline/gateway/runtime/gateway-app';
import { silentLogger } from '@vaultline/shared';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCentreCli } from '../../src/harness/centre-cli.ts';
import { waitFor } from '../../src/harness/wait-for.ts';
import { SITES } from '../../src/scenario/day-plan.ts';
import { runGatewayCli } from '../../src/scenario/gateway-process.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import { CentreApiClient } from '../../src/system/centre-api-client.ts';

const GATEWAY_ID = 'gw-new-branch';
const SITE = SITES.branchA;

/**
 * A new branch gateway joins, as operators do it: `vaultline-gateway init` on the gateway, `vaultline-center
 * gateway add --out` at the centre (the centre running, with its embedded broker), the folder carried over,
 * `vaultline-gateway provision` — then the gateway, started with nothing but that config, is online at the
 * centre. Devices are the simulators of a gateway scenario; keys, password and config come from the CLIs.
 */
describe('provisioning a gateway with the command-line tools', () => {
  let scenario: GatewayScenario;
  let centre: CenterApp;
  let gateway: GatewayApp | undefined;
  let dir: string;
  let api: CentreApiClient;

  beforeAll(async () => {
    scenario = await GatewayScenario.start({
      siteId: SITE.siteId,
      gatewayId: GATEWAY_ID,
      startGateway: false,
    });
    dir = join(scenario.dir, 'provisioning-test');
    const centreConfig = join(dir, 'center.json');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      centreConfig,
      JSON.stringify({ dataDir: 'centre', broker: { port: 0 }, http: { port: 0 }, logLevel: 'warn' }),
    );
    centre = await startCenterApp(loadCenterConfig(centreConfig), { logger: silentLogger });
    centre.store.sites.save({
      siteId: SITE.siteId,
      name: SITE.name,
      kind: 'branch',
      position: SITE.position,
      geofenceM: 100,
    });
    api = new CentreApiClient(
      () => centre.apiUrl,
      centre.store.tokens.create({ name: 'ops', role: 'admin' }).secret,
    );
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await centre?.stop();
    await scenario?.stop();
  });

  it('init → gateway add → provision → the gateway is online at the centre; a wrong password is refused', async () => {
    const centreConfig = join(dir, 'center.json');
    const dataDir = join(dir, 'gateway-data');
    const init = await runGatewayCli(['init', '--data-dir', dataDir]);
    expect(init.code).toBe(0);
    const publicKey = /signing public key \(register at the centre\): (\S+)/.exec(init.stdout)?.[1];
    const encryptionKeyFile = /encryption public key file .*: (\S+)/.exec(init.stdout)?.[1];
    expect(publicKey).toMatch(/^[\w-]{43}$/);
    expect(encryptionKeyFile).toBe(join(dataDir, 'keys', 'gateway-encryption-public.pem'));

    const handover = join(dir, 'handover');
    const addArgs = [
      'gateway',
      'add',
      '--config',
      centreConfig,
      '--id',
      GATEWAY_ID,
      '--public-key',
      publicKey!,
    ];
    const keyArgs = [
      '--encryption-key',
      encryptionKeyFile!,
      '--broker-url',
      centre.brokerUrl,
      '--out',
      handover,
    ];
    const unknownSite = await runCentreCli([...addArgs, '--site', 'branch-nowhere', ...keyArgs]);
    expect(unknownSite.code).toBe(1);
    expect(unknownSite.stderr).toContain('site "branch-nowhere" is not registered; add it first');
    expect(centre.store.gateways.get(GATEWAY_ID)).toBeUndefined();

    const added = await runCentreCli([...addArgs, '--site', SITE.siteId, ...keyArgs]);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain(
      `provisioning folder (carry it to the gateway, then delete it): ${handover}`,
    );
    const provisioningFile = join(handover, 'provisioning.json');
    const provisioning = JSON.parse(readFileSync(provisioningFile, 'utf8'));
    expect(added.stdout).not.toContain(provisioning.broker.password);
    expect(statSync(handover).mode & 0o777).toBe(0o700);
    expect(statSync(provisioningFile).mode & 0o777).toBe(0o600);
    const keys = loadOrCreateCentreKeys(centre.config.dataDir);
    expect(provisioning).toEqual({
      gatewayId: GATEWAY_ID,
      siteId: SITE.siteId,
      broker: { url: centre.brokerUrl, username: GATEWAY_ID, password: expect.stringMatching(/.{20,}/) },
      centrePublicKey: 'centre-signing-public.pem',
      centreEncryptionKey: 'centre-encryption-public.pem',
      gatewayPublicKey: publicKey,
    });
    expect(readFileSync(join(handover, 'centre-signing-public.pem'), 'utf8')).toBe(
      readFileSync(keys.signingPublicKeyFile, 'utf8'),
    );
    expect(readFileSync(join(handover, 'centre-encryption-public.pem'), 'utf8')).toBe(
      readFileSync(keys.encryptionPublicKeyFile, 'utf8'),
    );
    expect(centre.store.gateways.get(GATEWAY_ID)).toMatchObject({
      siteId: SITE.siteId,
      publicKey,
      encryptionPublicKey: readFileSync(encryptionKeyFile!, 'utf8'),
    });
    expect(centre.store.audit.list().map((entry) => [entry.action, entry.target])).toContainEqual([
      'gateway.provision',
      GATEWAY_ID,
    ]);

    // The operator's gateway.json before provisioning: devices, roles and kiosk, no centre yet.
    const configFile = join(dir, 'gateway.json');
    const {
      centrePublicKey: _key,
      centre: _centre,
      ...local
    } = JSON.parse(readFileSync(scenario.configFile, 'utf8'));
    writeFileSync(configFile, JSON.stringify({ ...local, dataDir: 'gateway-data' }, null, 2));
    const provisioned = await runGatewayCli(['provision', provisioningFile, '--config', configFile]);
    expect(provisioned.stderr).toBe('');
    expect(provisioned.stdout).toContain(`now reaches the centre at ${centre.brokerUrl}`);
    const config = loadGatewayConfig(configFile);
    expect(config.roles).toEqual(local.roles);
    expect(config.kiosk).toEqual(local.kiosk);
    expect(config.centre).toMatchObject({ brokerUrl: centre.brokerUrl, username: GATEWAY_ID });
    expect(statSync(config.centre!.passwordFile!).mode & 0o777).toBe(0o600);
    expect(readFileSync(config.centre!.passwordFile!, 'utf8').trim()).toBe(provisioning.broker.password);
    expect(readFileSync(config.centrePublicKey, 'utf8')).toBe(
      readFileSync(keys.signingPublicKeyFile, 'utf8'),
    );
    expect(config.centreEncryptionKey).toBeDefined();
    rmSync(handover, { recursive: true });

    gateway = await startGatewayApp(
      { ...config, centre: { ...config.centre!, statusMinIntervalMs: 50 } },
      {
        logger: silentLogger,
        hostVoice: false,
      },
    );
    const online = await waitFor(
      async () => (await api.gateways()).find((g) => g.gatewayId === GATEWAY_ID && g.online === true),
      'the provisioned gateway online at the centre',
      20_000,
    );
    expect(online).toMatchObject({ siteId: SITE.siteId, tampered: false });
    expect(centre.monitor.get(GATEWAY_ID)?.online).toBe(true);
    await waitFor(
      () => centre.store.events.head(GATEWAY_ID).lastSeq > 0,
      'its first events verified and stored',
    );

    const impostor = mqtt.connectAsync(centre.brokerUrl, {
      protocolVersion: 4,
      clientId: `${GATEWAY_ID}-impostor`,
      username: GATEWAY_ID,
      password: `${provisioning.broker.password}x`,
      reconnectPeriod: 0,
    });
    await expect(impostor).rejects.toThrow(/Bad username or password|Not authorized/);
  }, 120_000);
});
