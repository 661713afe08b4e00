import type { Clock, TimerHandle } from '@vaultline/shared';

/**
 * Bounds the steps of one BLE operation (an open, a teardown, a write). node-ble waits without limit
 * in places (`gatt()` waits for `ServicesResolved`; a call whose bus connection died never settles), so
 * each step races a timer and a shared failure (the bus connection dropped, `close()` was called).
 */
export class StepGuard {
  private readonly failed: Promise<never>;
  private rejectFailed: (error: Error) => void = () => {};
  private failure: Error | undefined;

  constructor(private readonly clock: Clock) {
    this.failed = new Promise<never>((_, reject) => {
      this.rejectFailed = reject;
    });
    // Observed only through `step`; an attempt that fails between steps must not be unhandled.
    this.failed.catch(() => {});
  }

  /** Fails the step in progress and every later one. The first failure wins. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.rejectFailed(error);
  }

  get failedWith(): Error | undefined {
    return this.failure;
  }

  async step<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    // A step abandoned by the race may still reject later; that outcome no longer matters.
    work.catch(() => {});
    let timer: TimerHandle | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.clock.setTimeout(() => reject(onTimeout()), timeoutMs);
    });
    try {
      return await Promise.race([work, this.failed, timeout]);
    } finally {
      if (timer) this.clock.clearTimeout(timer);
    }
  }
}

/** A D-Bus error reads best with its name: `org.bluez.Error.Failed: le-connection-abort-by-local`. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' ? `${type}: ${error.message}` : error.message;
}
