import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerVehicle } from '@vaultline/center/broker/credentials';
import { type CenterApp, startCenterApp } from '@vaultline/center/center-app';
import { type CenterConfig, parseCenterConfig } from '@vaultline/center/config/center-config';
import type { DraftRun } from '@vaultline/center/plans/plan-draft';
import { bundleVersion } from '@vaultline/center/plans/plan-versions';
import { provisionGateway } from '@vaultline/center/provisioning/provision-gateway';
import { parseGatewayConfig } from '@vaultline/gateway/config/gateway-config';
import { initGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import { type GatewayApp, startGatewayApp } from '@vaultline/gateway/runtime/gateway-app';
import { silentLogger, systemClock } from '@vaultline/shared';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { writeSecretFile } from '@vaultline/shared/crypto/secret-file';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/harness/sim-process.ts';
import { waitFor } from '../../src/harness/wait-for.ts';
import { BOXES, PEOPLE, SITES, VEHICLES } from '../../src/scenario/day-plan.ts';

/**
 * The dispatch plan from the centre to real gateways: a real centre (store, keys, embedded aedes), two
 * branch gateway apps provisioned the way an operator does it (their keys registered, the centre's
 * public key given to them), each receiving its site's signed bundle on its retained plan topic.
 */

const TODAY = new Date().toISOString().slice(0, 10);
const at = (hhmm: string) => `${TODAY}T${hhmm}:00+08:00`;
const FAST_UPLINK = { reconnectMinMs: 50, reconnectMaxMs: 400, statusMinIntervalMs: 50, keepaliveS: 5 };

const R1: DraftRun = {
  runId: 'R1',
  vehicleId: 'V1',
  crew: ['E1001', 'E1002'],
  stops: [
    {
      siteId: 'VAULT-1',
      kind: 'dispatch',
      windowStart: at('08:00'),
      windowEnd: at('08:30'),
      boxes: [BOXES.b1, BOXES.b3],
    },
    {
      siteId: 'BR-001',
      kind: 'deliver',
      windowStart: at('09:00'),
      windowEnd: at('09:30'),
      boxes: [BOXES.b1],
    },
    {
      siteId: 'BR-002',
      kind: 'deliver',
      windowStart: at('10:00'),
      windowEnd: at('10:30'),
      boxes: [BOXES.b3],
    },
    { siteId: 'VAULT-1', kind: 'return', windowStart: at('11:00'), windowEnd: at('11:30'), boxes: [] },
  ],
};
/** The ad-hoc task: an ATM replenishment at branch B. */
const R2: DraftRun = {
  runId: 'R2',
  vehicleId: 'V2',
  crew: ['E1003', 'E1004'],
  stops: [
    {
      siteId: 'VAULT-1',
      kind: 'dispatch',
      windowStart: at('12:00'),
      windowEnd: at('12:30'),
      boxes: [BOXES.c1],
    },
    {
      siteId: 'BR-002',
      kind: 'deliver',
      windowStart: at('13:00'),
      windowEnd: at('13:30'),
      boxes: [BOXES.c1],
    },
  ],
};

interface BranchGateway {
  gatewayId: string;
  siteId: string;
  app: GatewayApp;
}

let dir: string;
let config: CenterConfig;
let centre: CenterApp;
const gateways: BranchGateway[] = [];
/** Every plan bundle the broker delivered, per gateway topic, as a watcher subscribed with the centre's rights sees it. */
const delivered: Array<{ topic: string; version: number }> = [];
let watcher: mqtt.MqttClient;

/** The registries a vault manager has before planning: sites, enrolled people, tagged vehicles, boxes. */
function registerTheBank(app: CenterApp): void {
  for (const site of Object.values(SITES)) {
    app.store.sites.save({
      siteId: site.siteId,
      name: site.name,
      kind: site.siteId.startsWith('VAULT') ? 'vault' : 'branch',
      position: site.position,
      geofenceM: 200,
    });
  }
  for (const person of PEOPLE) {
    app.store.people.save(
      {
        personId: person.personId,
        name: person.name,
        employeeNo: person.employeeNo,
        role: person.role,
        ...(person.company ? { company: person.company } : {}),
        ...(person.site ? { siteId: person.site } : {}),
      },
      'test',
    );
    app.store.people.setTemplate(person.personId, 0, Buffer.alloc(512, person.personId), 'personnel-file');
  }
  for (const vehicle of VEHICLES) {
    registerVehicle(app.store, vehicle);
    app.store.vehicles.setTagEpc(vehicle.vehicleId, vehicle.tagEpc);
  }
  for (const epc of Object.values(BOXES)) app.store.boxes.save({ epc, label: `box ${epc.slice(-3)}` });
}

/** `gateway init` → the centre provisions it → the gateway runs with the centre's key and broker login. */
async function startBranchGateway(siteId: string): Promise<BranchGateway> {
  const gatewayId = `gw-${siteId}`;
  const dataDir = join(dir, gatewayId);
  const identity = initGatewayIdentity(dataDir);
  const provisioned = provisionGateway(
    { store: centre.store, keys: centre.keys, clock: systemClock },
    {
      gatewayId,
      siteId,
      publicKey: identity.signingPublicKey,
      encryptionPublicKeyPem: identity.encryptionPublicKeyPem,
      brokerUrl: centre.brokerUrl,
    },
    'admin',
  );
  const passwordFile = join(dataDir, 'broker-password');
  writeSecretFile(passwordFile, provisioned.broker.password);
  const gatewayConfig = parseGatewayConfig({
    gatewayId,
    siteId,
    dataDir,
    centrePublicKey: centre.keys.signingPublicKeyFile,
    devices: {},
    roles: {
      crewReader: 'fp-door',
      confirmReader: 'fp-zone',
      vehicleReaders: [],
      boxReaders: ['rfid-zone'],
      camera: 'cam',
      doorController: 'door',
    },
    kiosk: { host: '127.0.0.1', port: 0 },
    centre: { brokerUrl: centre.brokerUrl, passwordFile, ...FAST_UPLINK },
    logLevel: 'silent',
  });
  const app = await startGatewayApp(gatewayConfig, { logger: silentLogger, hostVoice: false });
  return { gatewayId, siteId, app };
}

/** A client with the centre's broker login (the centre's own file), to see what the broker delivers. */
function connectWatcher(): Promise<mqtt.MqttClient> {
  const password = readFileSync(join(config.dataDir, 'broker-centre-password'), 'utf8').trim();
  return mqtt.connectAsync(centre.brokerUrl, {
    protocolVersion: 4,
    username: config.broker.username,
    password,
  });
}

const held = (gatewayId: string) => gateways.find((g) => g.gatewayId === gatewayId)?.app.plans.current();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vl-plan-publishing-'));
  mkdirSync(join(dir, 'centre'), { mode: 0o700 });
  config = parseCenterConfig({
    dataDir: join(dir, 'centre'),
    broker: { host: '127.0.0.1', port: await freePort() },
    http: { host: '127.0.0.1', port: 0 },
    logLevel: 'silent',
  });
  centre = await startCenterApp(config, { logger: silentLogger });
  registerTheBank(centre);
  for (const siteId of ['BR-001', 'BR-002']) gateways.push(await startBranchGateway(siteId));
  await waitFor(
    () => gateways.every((g) => centre.monitor.get(g.gatewayId)?.online === true),
    'both gateways online at the centre',
  );
}, 60_000);

afterAll(async () => {
  await watcher?.endAsync();
  for (const gateway of gateways) await gateway.app.stop();
  await centre?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('publishing the day plan to the gateways', () => {
  it('gives each gateway its signed site bundle, which it accepts as version 1', async () => {
    const outcome = await centre.plans.submit({ date: TODAY, runs: [R1] }, 'vault-manager');
    expect(outcome).toMatchObject({ ok: true, version: 1, runs: 1 });
    const v1 = bundleVersion(TODAY, 1);
    await waitFor(
      () => gateways.every((g) => g.app.plans.current()?.version === v1),
      'both gateways on version 1',
    );
    for (const { gatewayId, siteId } of gateways) {
      const plan = held(gatewayId);
      expect(plan).toMatchObject({ gatewayId, siteId, date: TODAY, planId: `plan-${TODAY}` });
      expect(plan?.runs.map((r) => r.runId)).toEqual(['R1']);
      // The crew and the branch's own staff, with the templates the gateway could open.
      expect((await gateways.find((g) => g.gatewayId === gatewayId)!.app.plans.templates(plan!)).length).toBe(
        plan?.people.length,
      );
    }
    expect(
      held('gw-BR-001')
        ?.people.map((p) => p.personId)
        .sort(),
    ).toEqual(['E1001', 'E1002', 'M3001', 'T2001']);
    // The gateways report the version they hold; the centre sees it in their status.
    await waitFor(
      () => gateways.every((g) => centre.monitor.get(g.gatewayId)?.status?.planVersion === v1),
      'the centre seeing version 1 in both statuses',
    );
    // The centre tracks the day's runs at once.
    expect(centre.runs.view()?.runs.map((r) => r.runId)).toEqual(['R1']);
  });

  it('sends an ad-hoc run at once to the gateway it concerns; the other keeps version 1', async () => {
    watcher = await connectWatcher();
    watcher.on('message', (topic, payload) => {
      const body = JSON.parse(Buffer.from(payload.toString().split('.')[1] ?? '', 'base64url').toString());
      delivered.push({ topic, version: body.version });
    });
    await watcher.subscribeAsync(
      gateways.map((g) => topics.gatewayPlan(g.gatewayId)),
      { qos: 1 },
    );
    await waitFor(() => delivered.length === 2, 'the retained bundles of version 1');

    const outcome = await centre.plans.addAdHocRun(TODAY, R2, 'vault-manager');
    expect(outcome).toMatchObject({ ok: true, version: 2, runs: 2 });
    const v2 = bundleVersion(TODAY, 2);
    await waitFor(() => held('gw-BR-002')?.version === v2, 'branch B on version 2');
    expect(held('gw-BR-002')?.runs.map((r) => r.runId)).toEqual(['R1', 'R2']);
    expect(held('gw-BR-002')?.vehicles.map((v) => v.vehicleId)).toEqual(['V1', 'V2']);
    expect(held('gw-BR-001')?.version).toBe(bundleVersion(TODAY, 1));
    expect(
      centre.plans.publications(TODAY).map((p) => [p.gatewayId, p.published?.version, p.upToDate]),
    ).toEqual([
      ['gw-BR-001', 1, true],
      ['gw-BR-002', 2, true],
    ]);
  });

  it('changes nothing for an invalid plan', async () => {
    const refused = await centre.plans.submit(
      { date: TODAY, runs: [{ ...R1, crew: ['E1001'] }, R2] },
      'vault-manager',
    );
    expect(refused.ok ? [] : refused.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '/runs/0/crew crew.too_few',
    ]);
    expect(centre.plans.versions(TODAY).map((v) => v.version)).toEqual([1, 2]);
    // The next valid version is the next bundle anyone receives: nothing was published in between.
    const next = await centre.plans.submit({ date: TODAY, runs: [R1, R2] }, 'vault-manager');
    expect(next).toMatchObject({ ok: true, version: 3 });
    const v3 = bundleVersion(TODAY, 3);
    await waitFor(
      () => gateways.every((g) => g.app.plans.current()?.version === v3),
      'both gateways on version 3',
    );
    expect(delivered.map((d) => `${d.topic.split('/')[3]} ${d.version % 1000}`)).toEqual([
      'gw-BR-001 1',
      'gw-BR-002 1',
      'gw-BR-002 2',
      'gw-BR-001 3',
      'gw-BR-002 3',
    ]);
  });

  it('publishes the held bundles again when the centre and its embedded broker restart', async () => {
    await watcher.endAsync();
    await centre.stop();
    centre = await startCenterApp(config, { logger: silentLogger });
    const retained: string[] = [];
    watcher = await connectWatcher();
    watcher.on('message', (_topic, payload, packet) => {
      if (packet.retain) retained.push(payload.toString());
    });
    await watcher.subscribeAsync(topics.gatewayPlan('gw-BR-001'), { qos: 1 });
    await waitFor(() => retained.length === 1, 'the retained bundle of branch A after the restart');
    expect(retained[0]).toBe(centre.store.planPublications.latest('gw-BR-001', TODAY)?.jws);
    expect(centre.store.planPublications.latest('gw-BR-001', TODAY)?.version).toBe(3);
  });
});
