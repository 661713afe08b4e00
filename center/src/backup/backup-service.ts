import type { Logger } from '@vaultline/shared';
import { VaultlineError } from '@vaultline/shared';
import type { Clock, TimerHandle } from '@vaultline/shared/time/clock';
import { type BackupFile, listBackups, pruneBackups } from './backup-folder.ts';
import { nextBackupDue } from './backup-names.ts';
import { type BackupRecord, writeBackup } from './online-backup.ts';

const MINUTE_MS = 60_000;
/** After a failed automatic backup the next try comes sooner than a whole interval (a full disk gets freed). */
const RETRY_AFTER_FAILURE_MS = 30 * MINUTE_MS;

/** The `backup` part of the centre config, the folder resolved. */
export interface BackupSettings {
  folder: string;
  /** Minutes between automatic backups; 0 = only on demand (`backupNow`, the CLI). */
  intervalMinutes: number;
  /** How many of the newest backups stay; older ones are deleted after each good backup. */
  keep: number;
}

/** One backup attempt as the console shows it. */
export type BackupOutcome =
  | ({ ok: true } & BackupRecord)
  | { ok: false; at: number; code: string; error: string };

export interface BackupStatus extends BackupSettings {
  running: boolean;
  /** When the next automatic backup is due; absent when stopped or disabled. */
  nextAt?: number;
  /** The most recent attempt since start, good or failed. */
  last?: BackupOutcome;
  /** The newest good backup: written since start, or found in the folder at start. */
  lastGood?: { file: string; at: number; bytes: number };
}

export interface BackupServiceOptions extends BackupSettings {
  /** The live centre database (`<dataDir>/center.db`). */
  source: string;
  clock: Clock;
  logger: Logger;
  pagesPerStep?: number;
}

/**
 * Backs up the centre database every `intervalMinutes` (and at start when the newest backup is older
 * than that), keeps the newest `keep`, and reports the last attempt. A failed backup never takes the
 * centre down: it is logged at error level and shown by `status()`, and tried again within 30 minutes.
 */
export class BackupService {
  private readonly log: Logger;
  private started = false;
  private timer: TimerHandle | undefined;
  private nextAt: number | undefined;
  private inFlight: Promise<BackupOutcome> | undefined;
  private last: BackupOutcome | undefined;
  private lastGood: BackupStatus['lastGood'];

  constructor(private readonly options: BackupServiceOptions) {
    this.log = options.logger.child({ component: 'center.backup' });
  }

  private get intervalMs(): number {
    return this.options.intervalMinutes * MINUTE_MS;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const newest = this.newestInFolder();
    this.lastGood ??= newest && { file: newest.file, at: newest.at, bytes: newest.bytes };
    if (this.intervalMs > 0)
      this.schedule(nextBackupDue(newest?.at, this.options.clock.now(), this.intervalMs));
  }

  /** Stops the schedule and waits for a backup in progress to finish. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAt = undefined;
    await this.inFlight;
  }

  /** Backs up now (joining one already in progress). Never rejects: a failure is in the outcome. */
  backupNow(): Promise<BackupOutcome> {
    this.inFlight ??= this.attempt().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  status(): BackupStatus {
    const { folder, intervalMinutes, keep } = this.options;
    return {
      folder,
      intervalMinutes,
      keep,
      running: this.inFlight !== undefined,
      ...(this.nextAt !== undefined && { nextAt: this.nextAt }),
      ...(this.last && { last: this.last }),
      ...(this.lastGood && { lastGood: this.lastGood }),
    };
  }

  private async attempt(): Promise<BackupOutcome> {
    const { source, folder, clock, keep, pagesPerStep } = this.options;
    try {
      const record = await writeBackup({ source, folder, clock, pagesPerStep });
      this.log.info({ file: record.file, bytes: record.bytes, ms: record.ms }, 'centre database backed up');
      this.last = { ok: true, ...record };
      this.lastGood = { file: record.file, at: record.at, bytes: record.bytes };
      this.prune(folder, keep);
    } catch (error) {
      const code = error instanceof VaultlineError ? error.code : 'BACKUP_FAILED';
      const message = (error as Error).message;
      this.log.error({ code, error: message, folder }, 'centre database backup failed');
      this.last = { ok: false, at: clock.now(), code, error: message };
    }
    return this.last;
  }

  /** The newest backup already in the folder; an unreadable folder is logged, and the backup will say more. */
  private newestInFolder(): BackupFile | undefined {
    try {
      return listBackups(this.options.folder).at(-1);
    } catch (error) {
      this.log.error(
        { error: (error as Error).message, folder: this.options.folder },
        'backup folder cannot be read',
      );
      return undefined;
    }
  }

  private prune(folder: string, keep: number): void {
    try {
      const deleted = pruneBackups(folder, keep);
      if (deleted.length > 0) this.log.info({ deleted, keep }, 'old backups deleted');
    } catch (error) {
      this.log.error({ error: (error as Error).message, folder }, 'old backups could not be deleted');
    }
  }

  private schedule(at: number): void {
    const now = this.options.clock.now();
    // Never further than one interval: a backup stamped in the future (clock set back) must not stall it.
    const delay = Math.min(Math.max(0, at - now), this.intervalMs);
    this.nextAt = now + delay;
    this.timer = this.options.clock.setTimeout(() => void this.onDue(), delay);
  }

  private async onDue(): Promise<void> {
    this.timer = undefined;
    this.nextAt = undefined;
    const outcome = await this.backupNow();
    if (!this.started) return;
    const now = this.options.clock.now();
    this.schedule(now + (outcome.ok ? this.intervalMs : Math.min(this.intervalMs, RETRY_AFTER_FAILURE_MS)));
  }
}
