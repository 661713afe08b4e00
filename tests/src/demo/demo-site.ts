import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionGateway } from '@vaultline/center/provisioning/provision-gateway';
import { writeProvisioningFiles } from '@vaultline/center/provisioning/provisioning-files';
import { loadGatewayConfig } from '@vaultline/gateway/config/gateway-config';
import { loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import { applyProvisioning } from '@vaultline/gateway/provisioning/apply-provisioning';
import { readProvisioning } from '@vaultline/gateway/provisioning/read-provisioning';
import { systemClock } from '@vaultline/shared';
import { publicKeyToPem, publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { waitFor } from '../harness/wait-for.ts';
import { SITES } from '../scenario/day-plan.ts';
import { GatewayScenario } from '../scenario/gateway-scenario.ts';
import type { DemoCentre } from './demo-centre.ts';

/** Who provisions the gateways, in the centre's audit trail. */
const INSTALLER = 'demo:admin';

/** One site of the demo: its simulators (own process, pty pairs), its gateway, and its files. */
export interface DemoSite {
  siteId: string;
  gatewayId: string;
  name: string;
  scenario: GatewayScenario;
}

/**
 * The site before the centre knows it: its device simulators as their own `vaultline-sim serve` process
 * on pty pairs, the gateway's config for them, and the gateway's keys made as `vaultline-gateway init`
 * makes them.
 */
export async function prepareSite(siteId: string): Promise<DemoSite> {
  const scenario = await GatewayScenario.start({ siteId, startGateway: false, simulatorProcess: true });
  const site = Object.values(SITES).find((s) => s.siteId === siteId);
  return { siteId, gatewayId: scenario.options.gatewayId, name: site?.name ?? siteId, scenario };
}

/**
 * `vaultline-center gateway add … --out <folder>`: the gateway's two public keys registered at the
 * centre, a broker password issued, and the provisioning folder written for the gateway. Answers the
 * provisioning file.
 */
export function provisionSite(centre: DemoCentre, site: DemoSite, workDir: string): string {
  const { app } = centre;
  const identity = loadGatewayIdentity(site.scenario.config.dataDir);
  const provisioned = provisionGateway(
    { store: app.store, keys: app.keys, clock: systemClock },
    {
      gatewayId: site.gatewayId,
      siteId: site.siteId,
      publicKey: publicKeyToRaw(identity.signingPublicKey),
      encryptionPublicKeyPem: publicKeyToPem(identity.encryptionPublicKey),
      brokerUrl: app.brokerUrl,
    },
    INSTALLER,
  );
  return writeProvisioningFiles(join(workDir, 'provisioning', site.gatewayId), provisioned).provisioningFile;
}

/**
 * `vaultline-gateway provision <file> --config …` (broker login and the centre's keys into the config),
 * the site's name for the kiosk, then the gateway runs until every device is online.
 */
export async function startSiteGateway(site: DemoSite, provisioningFile: string): Promise<void> {
  const { scenario } = site;
  const raw = JSON.parse(readFileSync(scenario.configFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(scenario.configFile, `${JSON.stringify({ ...raw, siteName: site.name }, null, 2)}\n`);
  applyProvisioning(scenario.configFile, readProvisioning(provisioningFile));
  scenario.config = loadGatewayConfig(scenario.configFile);
  const { devices } = await scenario.startGateway(false);
  const all = [
    ...devices.fingerprints.values(),
    ...devices.cameras.values(),
    ...devices.doors.values(),
    ...devices.rfidReaders.values(),
  ];
  await waitFor(() => all.every((d) => d.health.isOnline), `${site.siteId}'s devices online`, 20_000);
}

/** Waits until the gateway holds plan `version` and its fingerprint modules hold that plan's people. */
export async function planLoaded(site: DemoSite, version: number): Promise<void> {
  await waitFor(
    () => (site.scenario.app?.plans.current()?.version ?? 0) >= version,
    `${site.gatewayId} holding plan version ${version}`,
    20_000,
  );
  await site.scenario.templatesLoaded();
}

export function kioskUrl(site: DemoSite): string {
  const app = site.scenario.app;
  if (!app) throw new Error(`${site.gatewayId} is not running`);
  return app.kiosk.url;
}
