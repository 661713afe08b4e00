import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaultlineError } from '@vaultline/shared';
import {
  CENTRE_ENCRYPTION_PUBLIC_FILE,
  CENTRE_SIGNING_PUBLIC_FILE,
  PROVISIONING_FILE,
  type ProvisioningFile,
} from '@vaultline/shared/provisioning/provisioning-file';
import { writeFileAtomically } from '@vaultline/shared/storage/atomic-file';
import type { ProvisionedGateway } from './provision-gateway.ts';

export class ProvisioningOutputError extends VaultlineError {}

export interface ProvisioningFiles {
  dir: string;
  provisioningFile: string;
  centreSigningPublicKeyFile: string;
  centreEncryptionPublicKeyFile: string;
}

/** The files `writeProvisioningFiles` would write into `dir`. */
export function provisioningFilesIn(dir: string): ProvisioningFiles {
  return {
    dir,
    provisioningFile: join(dir, PROVISIONING_FILE),
    centreSigningPublicKeyFile: join(dir, CENTRE_SIGNING_PUBLIC_FILE),
    centreEncryptionPublicKeyFile: join(dir, CENTRE_ENCRYPTION_PUBLIC_FILE),
  };
}

/**
 * Refuses a folder that already holds a provisioning file: call it before provisioning, so a refused
 * output never leaves a rotated password that was written nowhere.
 */
export function assertProvisioningDirFree(dir: string): void {
  const { provisioningFile } = provisioningFilesIn(dir);
  if (existsSync(provisioningFile)) {
    throw new ProvisioningOutputError(
      'PROVISIONING_OUTPUT_EXISTS',
      `${provisioningFile} already exists (an earlier provisioning, with a password); give another --out folder, or remove the old one once its gateway is provisioned`,
    );
  }
}

/**
 * Writes the hand-over folder for a new gateway (mode 0700): both centre public keys and
 * `provisioning.json` (mode 0600, it holds the broker password). Carry it to the gateway on removable
 * media and delete it once `vaultline-gateway provision` has read it.
 */
export function writeProvisioningFiles(dir: string, provisioned: ProvisionedGateway): ProvisioningFiles {
  assertProvisioningDirFree(dir);
  const files = provisioningFilesIn(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(files.centreSigningPublicKeyFile, provisioned.centreSigningPublicKeyPem, { mode: 0o644 });
  writeFileSync(files.centreEncryptionPublicKeyFile, provisioned.centreEncryptionPublicKeyPem, {
    mode: 0o644,
  });
  const content: ProvisioningFile = {
    gatewayId: provisioned.gatewayId,
    siteId: provisioned.siteId,
    broker: provisioned.broker,
    centrePublicKey: CENTRE_SIGNING_PUBLIC_FILE,
    centreEncryptionKey: CENTRE_ENCRYPTION_PUBLIC_FILE,
    gatewayPublicKey: provisioned.gatewayPublicKey,
  };
  writeFileAtomically(files.provisioningFile, `${JSON.stringify(content, null, 2)}\n`, 0o600);
  return files;
}
