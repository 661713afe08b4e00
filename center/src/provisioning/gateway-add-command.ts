import { join, resolve } from 'node:path';
import { systemClock } from '@vaultline/shared/time/clock';
import { readInputFile } from '../cli/input-file.ts';
import type { CenterConfig } from '../config/center-config.ts';
import { loadOrCreateCentreKeys } from '../keys/centre-keys.ts';
import { openCentreStore } from '../store/open-store.ts';
import { provisionGateway } from './provision-gateway.ts';
import {
  assertProvisioningDirFree,
  ProvisioningOutputError,
  writeProvisioningFiles,
} from './provisioning-files.ts';

type Print = (line: string) => void;

export interface GatewayAddArgs {
  id: string;
  site: string;
  publicKey: string;
  encryptionKeyFile: string;
  brokerUrl?: string;
  out?: string;
}

/**
 * `vaultline-center gateway add`: registers a gateway with both its keys, issues its broker password and
 * hands over what it needs — written into `--out` (provisioning.json + the centre's public keys), or
 * printed (the password once) when no folder is given.
 */
export function gatewayAddCommand(
  config: CenterConfig,
  args: GatewayAddArgs,
  actor: string,
  print: Print,
): number {
  const encryptionPublicKeyPem = readInputFile(args.encryptionKeyFile);
  const brokerUrl = args.brokerUrl ?? brokerUrlFor(config);
  if (!args.brokerUrl && /^mqtts?:\/\/(127\.|localhost|\[?::1)/.test(brokerUrl)) {
    print(`note: broker URL ${brokerUrl} is this machine only; a gateway elsewhere needs --broker-url`);
  }
  const outDir = args.out === undefined ? undefined : resolve(args.out);
  if (outDir) assertProvisioningDirFree(outDir);
  const keys = loadOrCreateCentreKeys(config.dataDir);
  const store = openCentreStore(join(config.dataDir, 'center.db'));
  try {
    const provisioned = provisionGateway(
      { store, keys, clock: systemClock },
      {
        gatewayId: args.id,
        siteId: args.site,
        publicKey: args.publicKey,
        encryptionPublicKeyPem,
        brokerUrl,
      },
      actor,
    );
    print(
      `gateway ${args.id} ${provisioned.reprovisioned ? 're-provisioned' : 'registered'} for site ${args.site}`,
    );
    if (outDir) {
      const files = writeProvisioningFiles(outDir, provisioned);
      print(`provisioning folder (carry it to the gateway, then delete it): ${files.dir}`);
      print(`  ${files.provisioningFile} (broker ${brokerUrl}, user ${args.id}, password inside; mode 0600)`);
      print(`  ${files.centreSigningPublicKeyFile}`);
      print(`  ${files.centreEncryptionPublicKeyFile}`);
      print(`on the gateway: vaultline-gateway provision ${files.provisioningFile} --config <gateway.json>`);
      return 0;
    }
    print(`broker: ${brokerUrl}, user ${args.id}`);
    print(`broker password (shown once, give it to the gateway): ${provisioned.broker.password}`);
    print(`centre plan-signing public key: ${keys.signingPublicKeyFile}`);
    print(`centre encryption public key: ${keys.encryptionPublicKeyFile}`);
    return 0;
  } finally {
    store.close();
  }
}

/** Where gateways reach the broker when `--broker-url` is not given: the configured external broker, or the embedded one. */
export function brokerUrlFor(config: CenterConfig): string {
  if (config.broker.url) return config.broker.url;
  const { host, port } = config.broker;
  if (port === 0 || host === '0.0.0.0' || host === '::') {
    throw new ProvisioningOutputError(
      'BROKER_URL_UNKNOWN',
      `the embedded broker listens on ${host}:${port}, which is not an address a gateway can dial; give --broker-url mqtt://<address the branches reach>:<port>`,
    );
  }
  return `mqtt://${host}:${port}`;
}
