import { statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { systemClock } from '@vaultline/shared/time/clock';
import type { CenterConfig } from '../config/center-config.ts';
import { centreKeysDir } from '../keys/centre-keys.ts';
import { pruneBackups } from './backup-folder.ts';
import { backupTimeOf } from './backup-names.ts';
import { backupSettings } from './backup-settings.ts';
import { writeBackup } from './online-backup.ts';
import { type RestoreReport, restoreDatabase } from './restore-database.ts';

type Print = (line: string) => void;

/**
 * `vaultline-center backup`: one backup now from the live file, on its own connection, so it works while
 * the centre runs. Into the configured folder (keeping the newest `keep`), or into `out` untouched by
 * retention.
 */
export async function backupCommand(
  config: CenterConfig,
  out: string | undefined,
  print: Print,
): Promise<number> {
  const settings = backupSettings(config);
  const folder = out ? resolve(out) : settings.folder;
  const record = await writeBackup({ source: join(config.dataDir, 'center.db'), folder, clock: systemClock });
  print(`backup written and checked: ${record.file} (${record.bytes} bytes, ${record.ms} ms)`);
  if (!out) {
    const deleted = pruneBackups(folder, settings.keep);
    print(`the newest ${settings.keep} backups are kept in ${folder}; ${deleted.length} older deleted`);
  }
  print(
    `keep the keys folder ${centreKeysDir(config.dataDir)} too, separately and securely: without its at-rest.key the photos and fingerprint templates in a backup cannot be opened`,
  );
  return 0;
}

/** `vaultline-center restore <file>`: puts a backup in place and says what to check before starting. */
export function restoreCommand(config: CenterConfig, file: string, configFile: string, print: Print): number {
  const report = restoreDatabase({ dataDir: config.dataDir, backup: file, clock: systemClock });
  for (const line of describeRestore(report, configFile)) print(line);
  return 0;
}

/** What a restore did and what the operator checks next. */
export function describeRestore(report: RestoreReport, configFile: string): string[] {
  const takenAt = backupTimeOf(basename(report.backup)) ?? statSync(report.database).mtimeMs;
  const taken = new Date(takenAt).toISOString();
  const upgrade =
    report.version.migrations < report.build.migrations
      ? `; the centre migrates it to this build's ${report.build.migrations} at its next start`
      : '';
  return [
    `restored ${report.backup} (taken ${taken}) as ${report.database}`,
    `  schema: ${report.version.migrations} migrations${upgrade}`,
    report.keptAside.length > 0
      ? `  the previous database was kept as ${report.keptAside.join(', ')} (nothing was deleted)`
      : '  there was no database before',
    'before starting the centre, check:',
    report.keysPresent
      ? `  - ${report.keysDir} must hold the keys of the centre that made this backup: its at-rest.key opens the photos and fingerprint templates, and gateways trust its centre-signing key`
      : `  - ${report.keysDir} has no at-rest.key: copy the keys folder of the centre that made this backup there first (from your separate key backup); the photos and fingerprint templates cannot be opened without it, and a new key would not open them`,
    `  - what happened after ${taken} is not in the backup: gateways re-send the events they still hold (the centre asks for them when it sees the gap); plans, people, users and alarm actions made since must be entered again`,
    `then start it: vaultline-center run --config ${configFile}`,
  ];
}
