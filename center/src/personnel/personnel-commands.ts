import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPublicKey } from '@vaultline/shared/crypto/keys';
import { sealPersonnelFile } from '@vaultline/shared/personnel/personnel-seal';
import { systemClock } from '@vaultline/shared/time/clock';
import { readInputFile, readInputJson } from '../cli/input-file.ts';
import type { CenterConfig } from '../config/center-config.ts';
import { loadOrCreateCentreKeys } from '../keys/centre-keys.ts';
import { openCentreStore } from '../store/open-store.ts';
import { importPersonnelFile } from './personnel-import.ts';

type Print = (line: string) => void;

/**
 * `vaultline-center personnel seal`: what an escort company runs. Reads people.json (the personnel file
 * in the clear: {v: 1, company, issuedAt, people: [...]}), checks it as the centre will, and writes it
 * sealed to the centre's encryption public key. Needs no centre config: only the public key file.
 */
export async function personnelSealCommand(
  args: { centreKeyFile: string; inFile: string; outFile: string },
  print: Print,
): Promise<number> {
  const centreKey = loadPublicKey(args.centreKeyFile, 'x25519');
  const file = readInputJson(args.inFile);
  const sealed = await sealPersonnelFile(file, centreKey);
  // Sealed, but still personal data: readable by its owner only.
  writeFileSync(args.outFile, `${sealed}\n`, { mode: 0o600 });
  const { company, people } = file as { company: string; people: unknown[] };
  print(`sealed ${people.length} people of ${company} to ${args.outFile}; only the centre can open it`);
  print(
    `delete ${args.inFile} once the centre confirms the import: it holds photos and templates in the clear`,
  );
  return 0;
}

/** `vaultline-center personnel import <file.jwe>`: opens, checks and stores a company's personnel file. */
export async function personnelImportCommand(
  config: CenterConfig,
  sealedFile: string,
  actor: string,
  print: Print,
): Promise<number> {
  const keys = loadOrCreateCentreKeys(config.dataDir);
  const sealed = readInputFile(sealedFile);
  const store = openCentreStore(join(config.dataDir, 'center.db'), { atRestKey: keys.atRestKey });
  try {
    const summary = await importPersonnelFile(
      sealed,
      { store, centreEncryptionKey: keys.encryptionKey, clock: systemClock },
      actor,
    );
    print(
      `personnel file of ${summary.company} imported (import ${summary.importId}): ${summary.added} added, ${summary.updated} updated, ${summary.templates} templates`,
    );
    return 0;
  } finally {
    store.close();
  }
}
