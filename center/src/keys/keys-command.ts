import { join } from 'node:path';
import { publicKeyToPem } from '@vaultline/shared/crypto/keys';
import type { CenterConfig } from '../config/center-config.ts';
import { loadOrCreateCentreKeys } from './centre-keys.ts';

type Print = (line: string) => void;

/**
 * `vaultline-center keys`: the centre's public keys and where they are, for escort companies (personnel
 * files are sealed to the encryption key) and gateways (plans are signed by the signing key). Private
 * keys are never printed.
 */
export function keysCommand(config: CenterConfig, print: Print): number {
  const keys = loadOrCreateCentreKeys(config.dataDir);
  print(`plan-signing public key (Ed25519; gateways verify plans with it): ${keys.signingPublicKeyFile}`);
  print(publicKeyToPem(keys.signingPublicKey).trim());
  print(
    `encryption public key (X25519; escort companies seal personnel files to it): ${keys.encryptionPublicKeyFile}`,
  );
  print(publicKeyToPem(keys.encryptionPublicKey).trim());
  print(
    `private keys and the at-rest key (${join(keys.dir, 'at-rest.key')}) stay in ${keys.dir}: back them up securely`,
  );
  return 0;
}
