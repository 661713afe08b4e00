import type { Clock, TimerHandle } from '@vaultline/shared';
import type { TimerName } from '../handover/handover-types.ts';

/**
 * The engine's timers on the real clock. Their due times are persisted with the engine state, so after a
 * restart (or `kill -9`) every pending timer is armed again and fires at its original time.
 */
export class EngineTimers {
  private readonly handles = new Map<TimerName, TimerHandle>();
  private readonly due = new Map<TimerName, number>();

  constructor(
    private readonly clock: Clock,
    private readonly fire: (name: TimerName) => void,
  ) {}

  set(name: TimerName, at: number): void {
    this.cancel(name);
    this.due.set(name, at);
    const handle = this.clock.setTimeout(
      () => {
        this.handles.delete(name);
        this.due.delete(name);
        this.fire(name);
      },
      Math.max(0, at - this.clock.now()),
    );
    this.handles.set(name, handle);
  }

  cancel(name: TimerName): void {
    const handle = this.handles.get(name);
    if (handle) this.clock.clearTimeout(handle);
    this.handles.delete(name);
    this.due.delete(name);
  }

  /** What to persist: timer name → due time (epoch ms). */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.due);
  }

  restore(saved: Record<string, number> | undefined): void {
    for (const [name, at] of Object.entries(saved ?? {})) this.set(name as TimerName, at);
  }

  clear(): void {
    for (const name of [...this.handles.keys()]) this.cancel(name);
  }
}
