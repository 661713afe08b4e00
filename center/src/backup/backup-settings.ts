import { join } from 'node:path';
import type { CenterConfig } from '../config/center-config.ts';
import type { BackupSettings } from './backup-service.ts';

/** The config's backup settings, the folder defaulting to `<dataDir>/backups`. */
export function backupSettings(config: CenterConfig): BackupSettings {
  return {
    folder: config.backup.folder ?? join(config.dataDir, 'backups'),
    intervalMinutes: config.backup.intervalMinutes,
    keep: config.backup.keep,
  };
}
