import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { writeFileAtomically } from '@vaultline/shared/storage/atomic-file';
import { parseGatewayConfig } from '../config/gateway-config.ts';
import { loadGatewayIdentity } from '../identity/gateway-identity.ts';
import { ProvisioningError } from './provisioning-errors.ts';
import type { ProvisioningBundle } from './read-provisioning.ts';

/** Where the provisioned files go inside the gateway's data folder. */
export const centreFilesDir = (dataDir: string) => join(dataDir, 'centre');

export interface AppliedProvisioning {
  configFile: string;
  centrePublicKeyFile: string;
  centreEncryptionKeyFile: string;
  passwordFile: string;
  brokerUrl: string;
}

/**
 * `vaultline-gateway provision`: checks the provisioning file is for this gateway (id, site, and the key
 * its `init` made), copies the centre's public keys and the broker password (mode 0600) into
 * `<dataDir>/centre/`, and points the config at them — its uplink (`centre.brokerUrl`, `username`,
 * `passwordFile`), `centrePublicKey` and `centreEncryptionKey` — keeping every other setting. The new
 * config is validated before anything is written, and replaced atomically.
 */
export function applyProvisioning(configFile: string, bundle: ProvisioningBundle): AppliedProvisioning {
  const { content } = bundle;
  const raw = readConfigObject(configFile);
  for (const key of ['gatewayId', 'siteId'] as const) {
    if (raw[key] !== undefined && raw[key] !== content[key]) {
      throw new ProvisioningError(
        `${bundle.file} is for ${key} "${content[key]}", but ${configFile} says "${String(raw[key])}"; use the provisioning file made for this gateway, or correct ${key} in the config`,
      );
    }
  }
  if (typeof raw.dataDir !== 'string') {
    throw new ProvisioningError(
      `${configFile} has no dataDir; set it to the folder \`vaultline-gateway init\` used`,
    );
  }
  const dataDir = resolve(dirname(resolve(configFile)), raw.dataDir);
  const identity = loadGatewayIdentity(dataDir);
  const ownKey = publicKeyToRaw(identity.signingPublicKey);
  if (content.gatewayPublicKey !== undefined && content.gatewayPublicKey !== ownKey) {
    throw new ProvisioningError(
      `${bundle.file} was made for another signing key than this gateway's (${ownKey}); register this gateway again (\`vaultline-center gateway add --public-key ${ownKey} …\`) and use the new file`,
    );
  }
  const dir = centreFilesDir(dataDir);
  const applied: AppliedProvisioning = {
    configFile,
    centrePublicKeyFile: join(dir, 'centre-signing-public.pem'),
    centreEncryptionKeyFile: join(dir, 'centre-encryption-public.pem'),
    passwordFile: join(dir, 'broker-password'),
    brokerUrl: content.broker.url,
  };
  const previousCentre = typeof raw.centre === 'object' && raw.centre !== null ? raw.centre : {};
  const updated = {
    ...raw,
    gatewayId: content.gatewayId,
    siteId: content.siteId,
    centrePublicKey: applied.centrePublicKeyFile,
    centreEncryptionKey: applied.centreEncryptionKeyFile,
    centre: {
      ...previousCentre,
      brokerUrl: content.broker.url,
      username: content.broker.username,
      passwordFile: applied.passwordFile,
    },
  };
  parseGatewayConfig(updated);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(applied.centrePublicKeyFile, bundle.centreSigningPublicKeyPem, { mode: 0o644 });
  writeFileSync(applied.centreEncryptionKeyFile, bundle.centreEncryptionPublicKeyPem, { mode: 0o644 });
  writeFileAtomically(applied.passwordFile, `${content.broker.password}\n`, 0o600);
  writeFileAtomically(configFile, `${JSON.stringify(updated, null, 2)}\n`, statSync(configFile).mode & 0o777);
  return applied;
}

function readConfigObject(configFile: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (error) {
    throw new ProvisioningError(`cannot read gateway config ${configFile}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProvisioningError(`gateway config ${configFile} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
