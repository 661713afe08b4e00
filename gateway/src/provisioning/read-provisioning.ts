import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { check } from '@vaultline/shared/contract/validate';
import { publicKeyFromPem } from '@vaultline/shared/crypto/keys';
import { ProvisioningFile } from '@vaultline/shared/provisioning/provisioning-file';
import { ProvisioningError } from './provisioning-errors.ts';

/** A checked provisioning file with the centre's two public keys read (PEM text, kinds verified). */
export interface ProvisioningBundle {
  file: string;
  content: ProvisioningFile;
  centreSigningPublicKeyPem: string;
  centreEncryptionPublicKeyPem: string;
}

/** Reads `provisioning.json` and the PEM files it names (relative to its folder), refusing anything odd. */
export function readProvisioning(file: string): ProvisioningBundle {
  const raw = readText(file, 'provisioning file');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new ProvisioningError(
      `${file} is not JSON (${(error as Error).message}); copy it again from the centre`,
      {
        cause: error,
      },
    );
  }
  const checked = check(ProvisioningFile, value);
  if (!checked.ok) {
    throw new ProvisioningError(
      `${file} is not a provisioning file: ${checked.errors.join('; ')}; use the provisioning.json \`vaultline-center gateway add --out\` wrote`,
    );
  }
  const folder = dirname(resolve(file));
  const pem = (name: string, kind: 'ed25519' | 'x25519') => {
    const path = resolve(folder, name);
    const text = readText(path, 'centre public key');
    publicKeyFromPem(text, kind, path);
    return text;
  };
  return {
    file,
    content: checked.value,
    centreSigningPublicKeyPem: pem(checked.value.centrePublicKey, 'ed25519'),
    centreEncryptionPublicKeyPem: pem(checked.value.centreEncryptionKey, 'x25519'),
  };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProvisioningError(
      `${what} ${file} cannot be read (${(error as Error).message}); copy the whole provisioning folder from the centre`,
      { cause: error },
    );
  }
}
