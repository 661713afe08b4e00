import type { AlarmKind } from '@vaultline/shared/contract/alarm-kinds';
import type { AlarmRecord, AlarmState, AlarmStore } from '../ports.ts';

export interface OpenAlarmIndexOptions {
  kind: AlarmKind;
  /** What the alarm is about (one gateway; one stop of one run on one day); `undefined`: not indexed. */
  keyOf: (alarm: AlarmRecord) => string | undefined;
  /** Whether the alarm still stands for its key (e.g. not cleared yet). */
  isOpen: (alarm: AlarmRecord) => boolean;
  /** Only alarms raised from this long before the first look-up are loaded, ms (default: all). */
  lookbackMs?: number;
  /**
   * Resolved alarms can stand for their key too (an offline gateway whose alarm was resolved is still
   * offline): those raised within this long are loaded, ms. Default: resolved alarms never stand.
   */
  resolvedLookbackMs?: number;
}

/**
 * Most alarms of one kind and state loaded at once. Unresolved alarms are what the duty officers still
 * have to handle, so far fewer; the bound only keeps a broken store from exhausting memory.
 */
const LOAD_LIMIT = 100_000;

/**
 * Which stored alarm of one kind stands for a key, so a condition reported again (a retained status
 * after a restart, a replayed event, a tamper report repeated) finds its alarm instead of raising a
 * second one. Loaded from the store at the first look-up, so it holds across centre restarts; entries
 * are checked against the stored record on every look-up, so a clear or resolution made elsewhere counts.
 */
export class OpenAlarmIndex {
  private byKey: Map<string, string> | undefined;

  constructor(
    private readonly store: AlarmStore,
    private readonly options: OpenAlarmIndexOptions,
  ) {}

  /** The open alarm standing for `key`, if any. */
  find(key: string, now: number): AlarmRecord | undefined {
    const byKey = this.load(now);
    const alarmId = byKey.get(key);
    if (alarmId === undefined) return undefined;
    const alarm = this.store.get(alarmId);
    if (alarm && this.options.isOpen(alarm)) return alarm;
    byKey.delete(key);
    return undefined;
  }

  /** Records a newly raised alarm. */
  add(alarm: AlarmRecord, now: number): void {
    const key = this.options.keyOf(alarm);
    if (key !== undefined) this.load(now).set(key, alarm.alarmId);
  }

  private load(now: number): Map<string, string> {
    if (this.byKey) return this.byKey;
    const { lookbackMs, resolvedLookbackMs, keyOf, isOpen } = this.options;
    const alarms = [
      ...this.query('raised', lookbackMs, now),
      ...this.query('acknowledged', lookbackMs, now),
      ...(resolvedLookbackMs === undefined ? [] : this.query('resolved', resolvedLookbackMs, now)),
    ];
    // Oldest first, so that of two alarms with one key (made before this index existed) the newest wins.
    alarms.sort((a, b) => a.raisedAt - b.raisedAt);
    this.byKey = new Map();
    for (const alarm of alarms) {
      const key = keyOf(alarm);
      if (key !== undefined && isOpen(alarm)) this.byKey.set(key, alarm.alarmId);
    }
    return this.byKey;
  }

  private query(state: AlarmState, lookbackMs: number | undefined, now: number): AlarmRecord[] {
    const since = lookbackMs === undefined ? undefined : now - lookbackMs;
    return this.store.list({ kind: this.options.kind, state, since, limit: LOAD_LIMIT });
  }
}
