import { type Clock, DeviceTimeoutError, sleep } from '@vaultline/shared';
import { type R30xCommand, R30xStatus } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { POOR_IMAGE } from './capture-status.ts';
import type { IdentifyOutcome } from './fingerprint-reader.ts';

/** What the person at the reader is asked to do next; the caller shows and speaks it. */
export type EnrolPrompt = 'place-finger' | 'lift-finger' | 'place-again';

export type EnrolOutcome =
  /** The module combined both captures (RegModel) and sent the template (UpChar, 512 bytes). */
  | { kind: 'enrolled'; template: Uint8Array }
  /** Nobody placed a finger within `waitMs` for capture 1 or 2. */
  | { kind: 'no-finger'; capture: 1 | 2 }
  /** The finger stayed on the sensor after the first capture: two captures need two placements. */
  | { kind: 'not-lifted' }
  /** A capture was unusable (0x03, 0x06, 0x07, 0x15); the person tries again. */
  | { kind: 'poor-image'; capture: 1 | 2; status: number }
  /** RegModel refused to combine the captures (0x0A): two different fingers. */
  | { kind: 'fingers-differ' }
  /** The module stopped answering (after retries). */
  | { kind: 'timeout' }
  /** `signal` was aborted while waiting for the person. */
  | { kind: 'cancelled' };

export interface EnrolOptions {
  /** How long to wait for each placement, and for the lift in between, ms (default 15 000). */
  waitMs?: number;
  onPrompt?: (prompt: EnrolPrompt) => void;
  /** Aborting ends the wait for a finger (outcome `cancelled`); a command in flight still completes. */
  signal?: AbortSignal;
}

/** The reader's primitives the enrolment is made of; FingerprintReader provides them. */
export interface EnrolSteps {
  clock: Clock;
  pollIntervalMs: number;
  /**
   * Polls GenImg until a finger is captured, `waitMs` passes (no-finger), the image is unusable
   * (poor-image) or `active()` turns false (undefined).
   */
  waitForFinger(waitMs: number, active: () => boolean): Promise<'captured' | IdentifyOutcome | undefined>;
  /** One command on its own (GenImg, Img2Tz, RegModel): its confirmation code. */
  status(command: R30xCommand): Promise<number>;
  /** UpChar of `buffer`. */
  upChar(buffer: 1 | 2): Promise<Uint8Array>;
  /** Throws DeviceStatusError unless `status` is 0x00. */
  ensureOk(operation: string, status: number): void;
}

const DEFAULT_WAIT_MS = 15_000;

/**
 * Protocol §7 "Enroll" without the Store: GenImg (until a finger) → Img2Tz buf1 → wait for the lift
 * (GenImg returns 0x02) → GenImg → Img2Tz buf2 → RegModel → UpChar buf1. The combined template goes to the
 * host, never into the module's library: the library holds only the plan's people, and an enrolment
 * reaches a plan only through the centre. Device failures other than a timeout reject (DeviceStatusError).
 */
export async function enrolFinger(steps: EnrolSteps, options: EnrolOptions = {}): Promise<EnrolOutcome> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const active = () => !options.signal?.aborted;
  const prompt = options.onPrompt ?? (() => {});
  try {
    prompt('place-finger');
    const first = await capture(steps, 1, waitMs, active);
    if (first) return first;
    prompt('lift-finger');
    const lifted = await waitForLift(steps, waitMs, active);
    if (lifted !== 'lifted') return lifted;
    prompt('place-again');
    const second = await capture(steps, 2, waitMs, active);
    if (second) return second;
    const combined = await steps.status({ op: 'regModel' });
    if (combined === R30xStatus.combineFailed) return { kind: 'fingers-differ' };
    steps.ensureOk('regModel', combined);
    return { kind: 'enrolled', template: await steps.upChar(1) };
  } catch (error) {
    if (error instanceof DeviceTimeoutError) return { kind: 'timeout' };
    throw error;
  }
}

/** One placement into `buffer`; undefined when its features are in the buffer. */
async function capture(
  steps: EnrolSteps,
  buffer: 1 | 2,
  waitMs: number,
  active: () => boolean,
): Promise<EnrolOutcome | undefined> {
  const captured = await steps.waitForFinger(waitMs, active);
  if (captured === undefined) return { kind: 'cancelled' };
  if (captured !== 'captured') {
    return captured.kind === 'poor-image'
      ? { kind: 'poor-image', capture: buffer, status: captured.status }
      : { kind: 'no-finger', capture: buffer };
  }
  const status = await steps.status({ op: 'img2Tz', buffer });
  if (POOR_IMAGE.has(status)) return { kind: 'poor-image', capture: buffer, status };
  steps.ensureOk('img2Tz', status);
  return undefined;
}

async function waitForLift(
  steps: EnrolSteps,
  waitMs: number,
  active: () => boolean,
): Promise<'lifted' | EnrolOutcome> {
  const deadline = steps.clock.now() + waitMs;
  for (;;) {
    const status = await steps.status({ op: 'genImg' });
    if (status === R30xStatus.noFinger) return 'lifted';
    const left = deadline - steps.clock.now();
    if (left <= 0) return { kind: 'not-lifted' };
    await sleep(steps.clock, Math.min(steps.pollIntervalMs, left));
    if (!active()) return { kind: 'cancelled' };
  }
}
