import { VaultlineError } from '@vaultline/shared';

/** Backup and restore of the centre database: a copy that cannot be made, checked or put back. */
export class BackupError extends VaultlineError {}

/** The data folder is held by a running centre (or a restore in progress): restoring now would lose data. */
export class CentreRunningError extends BackupError {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
  ) {
    super(
      'CENTRE_RUNNING',
      `a centre (or a restore) is running on ${dataDir}: it holds ${lockFile}; stop that centre first (Ctrl-C or your service manager), then run the command again — the lock goes with the process, so a crashed centre never blocks this`,
    );
  }
}
