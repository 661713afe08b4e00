import type { KeyObject } from 'node:crypto';
import type { Clock, Logger, TimerHandle } from '@vaultline/shared';
import type { PersonEnrolledBody } from '@vaultline/shared/contract/event-bodies';
import type { EnrolPayload } from '@vaultline/shared/contract/mqtt-payloads';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import type { EnrolOptions, EnrolOutcome } from '../devices/fingerprint/fingerprint-enrolment.ts';
import type { IdentifyOutcome } from '../devices/fingerprint/fingerprint-reader.ts';
import { enrolmentRefusals as refuse } from './enrolment-errors.ts';
import { choiceProblem, isSiteManager, planPerson } from './enrolment-people.ts';
import { sealEnrolment } from './enrolment-seal.ts';
import type { EnrolmentFailure, EnrolmentSession } from './enrolment-session.ts';

/** What the flow needs of a fingerprint reader (FingerprintReader). */
export interface EnrolmentReader {
  readonly health: { readonly isOnline: boolean };
  holdScanning(): Promise<() => void>;
  identify(options: { waitMs?: number; signal?: AbortSignal }): Promise<IdentifyOutcome>;
  enrol(options: EnrolOptions): Promise<EnrolOutcome>;
}

export interface EnrolmentFlowOptions {
  readers: ReadonlyMap<string, EnrolmentReader>;
  /** The person on a reader's module page, from its last template sync (undefined while syncing). */
  personAt(reader: string, pageId: number): string | undefined;
  plan(): SitePlan | null;
  /** True while a hand-over is under way: it needs the readers. */
  handoverActive(): boolean;
  /** The centre's X25519 encryption key; without it enrolment at this gateway is unavailable. */
  centreKey: KeyObject | undefined;
  /** Writes the signed event and the queued `enrol` message in one transaction. */
  commit(body: PersonEnrolledBody, payload: EnrolPayload): void;
  clock: Clock;
  newId: () => string;
  logger: Logger;
  /** Wait for each finger placement (manager, person), ms; default 20 s. */
  waitMs?: number;
  /** A session left at a step that waits for the manager closes after this long, ms; default 2 min. */
  idleMs?: number;
}

const DEFAULT_WAIT_MS = 20_000;
const DEFAULT_IDLE_MS = 120_000;

/**
 * Enrolment at a branch reader (issue 5), one session at a time: the branch manager approves with their
 * fingerprint, chooses the person and slot, and the person places the finger twice. The reader's
 * scanning is held for the whole session (nothing reaches the hand-over engine meanwhile); the result is
 * a signed `person.enrolled` event and an `enrol` message queued for the centre, written together. The
 * template never reaches a log or the chain; only its SHA-256 does.
 */
export class EnrolmentFlow {
  private session: EnrolmentSession | null = null;
  private release: (() => void) | undefined;
  private abort: AbortController | undefined;
  private idleTimer: TimerHandle | undefined;
  private readonly listeners = new Set<(session: EnrolmentSession | null, announce: boolean) => void>();
  private readonly log: Logger;

  constructor(private readonly options: EnrolmentFlowOptions) {
    this.log = options.logger;
  }

  get current(): EnrolmentSession | null {
    return this.session ? structuredClone(this.session) : null;
  }

  /** Whether a new session could start now, or the refusal that says why not. */
  availability(): Error | undefined {
    if (!this.options.centreKey) return refuse.noCentreKey();
    if (!this.options.plan()) return refuse.noPlan();
    if (this.options.handoverActive()) return refuse.handover();
    if (this.session && this.inProgress()) return refuse.busy(this.session.reader);
    return undefined;
  }

  /**
   * Every change of the session; `announce` is true when the people at the reader get a new instruction
   * (the runtime speaks it).
   */
  onChange(listener: (session: EnrolmentSession | null, announce: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Begins a session on `reader`: the manager is asked for their fingerprint there. */
  async start(readerId: string): Promise<void> {
    const unavailable = this.availability();
    if (unavailable) throw unavailable;
    const reader = this.reader(readerId);
    this.close();
    const session: EnrolmentSession = {
      sessionId: this.options.newId(),
      reader: readerId,
      phase: 'manager',
      startedAt: this.options.clock.now(),
    };
    this.session = session;
    this.release = await reader.holdScanning();
    if (this.session !== session) {
      this.release();
      return;
    }
    this.log.info({ session: session.sessionId, reader: readerId }, 'enrolment started');
    this.runManagerStep(session, reader);
  }

  /** The manager chose who to enrol and the slot; the person is asked to place the finger. */
  choose(personId: string, slot: number): void {
    const session = this.session;
    if (session?.phase !== 'choose') throw refuse.wrongStep('choosing the person');
    const problem = choiceProblem(personId, slot);
    if (problem) throw refuse.badChoice(problem);
    if (personId === session.manager?.personId) throw refuse.selfApproval();
    const person = planPerson(this.options.plan(), personId);
    session.person = person ? { personId, name: person.name, inPlan: true } : { personId, inPlan: false };
    session.slot = slot;
    this.runCapture(session, this.reader(session.reader));
  }

  /** After a failure: the step that failed runs again (manager approval, or the two placements). */
  retry(): void {
    const session = this.session;
    if (session?.phase !== 'failed') throw refuse.wrongStep('trying again');
    const reader = this.reader(session.reader);
    if (session.failure?.during === 'capture') this.runCapture(session, reader);
    else this.runManagerStep(session, reader);
  }

  /** Ends the session (cancel, or dismissing a finished one) and gives the reader back to scanning. */
  close(reason = 'closed'): void {
    const session = this.session;
    if (!session) return;
    this.abort?.abort();
    this.abort = undefined;
    this.releaseReader();
    this.clearIdle();
    this.session = null;
    if (session.phase !== 'enrolled')
      this.log.info({ session: session.sessionId, reason }, 'enrolment ended');
    this.notify(false);
  }

  private runManagerStep(session: EnrolmentSession, reader: EnrolmentReader): void {
    this.enter(session, { phase: 'manager', failure: undefined, manager: undefined }, true);
    const abort = new AbortController();
    this.abort = abort;
    const waitMs = this.options.waitMs ?? DEFAULT_WAIT_MS;
    reader.identify({ waitMs, signal: abort.signal }).then(
      (outcome) => {
        if (this.session !== session || abort.signal.aborted) return;
        this.managerIdentified(session, outcome);
      },
      (error: unknown) => this.deviceFailed(session, 'manager', error),
    );
  }

  private managerIdentified(session: EnrolmentSession, outcome: IdentifyOutcome): void {
    const verdict = this.approval(session.reader, outcome);
    if ('reason' in verdict) {
      if (verdict.reason === 'not-a-manager')
        this.log.warn({ session: session.sessionId }, 'enrolment approval by a non-manager refused');
      this.enter(session, { phase: 'failed', failure: { ...verdict, during: 'manager' } }, true);
      return;
    }
    this.log.info({ session: session.sessionId, manager: verdict.personId }, 'enrolment approved by manager');
    this.enter(session, { phase: 'choose', manager: verdict }, false);
  }

  /** The manager whose finger was placed, or why nobody approved. */
  private approval(
    reader: string,
    outcome: IdentifyOutcome,
  ): { personId: string; name: string } | { reason: EnrolmentFailure; detail?: string } {
    if (outcome.kind === 'no-finger') return { reason: 'manager-no-finger' };
    if (outcome.kind === 'poor-image') return { reason: 'manager-poor-image' };
    if (outcome.kind === 'timeout') return { reason: 'device', detail: 'the reader did not answer' };
    const personId = outcome.kind === 'matched' ? this.options.personAt(reader, outcome.pageId) : undefined;
    const person = personId === undefined ? undefined : planPerson(this.options.plan(), personId);
    if (!person) return { reason: 'manager-unknown' };
    if (!isSiteManager(person)) return { reason: 'not-a-manager', detail: person.name };
    return { personId: person.personId, name: person.name };
  }

  private runCapture(session: EnrolmentSession, reader: EnrolmentReader): void {
    this.enter(session, { phase: 'capture', failure: undefined, prompt: undefined }, false);
    const abort = new AbortController();
    this.abort = abort;
    reader
      .enrol({
        waitMs: this.options.waitMs ?? DEFAULT_WAIT_MS,
        signal: abort.signal,
        onPrompt: (prompt) => {
          if (this.session === session) this.enter(session, { prompt }, true);
        },
      })
      .then(
        async (outcome) => {
          if (this.session !== session || abort.signal.aborted) return;
          if (outcome.kind === 'enrolled') await this.record(session, outcome.template);
          else this.captureFailed(session, outcome);
        },
        (error: unknown) => this.deviceFailed(session, 'capture', error),
      );
  }

  private captureFailed(
    session: EnrolmentSession,
    outcome: Exclude<EnrolOutcome, { kind: 'enrolled' }>,
  ): void {
    if (outcome.kind === 'cancelled') return;
    const reason: EnrolmentFailure = outcome.kind === 'timeout' ? 'device' : outcome.kind;
    const detail = outcome.kind === 'timeout' ? 'the reader did not answer' : undefined;
    this.enter(session, { phase: 'failed', failure: { reason, during: 'capture', detail } }, true);
  }

  private async record(session: EnrolmentSession, template: Uint8Array): Promise<void> {
    const { person, slot, manager } = session;
    const centreKey = this.options.centreKey;
    if (!person || slot === undefined || !manager || !centreKey) return;
    const enrolmentId = this.options.newId();
    try {
      const sealed = await sealEnrolment(
        {
          enrolmentId,
          personId: person.personId,
          slot,
          template,
          approvedBy: manager.personId,
          reader: session.reader,
        },
        centreKey,
      );
      if (this.session !== session) return;
      this.options.commit(sealed.body, sealed.payload);
    } catch (error) {
      this.deviceFailed(session, 'capture', error);
      return;
    }
    this.log.info(
      {
        session: session.sessionId,
        enrolmentId,
        personId: person.personId,
        slot,
        approvedBy: manager.personId,
      },
      'fingerprint enrolled; queued for the centre',
    );
    this.releaseReader();
    this.enter(session, { phase: 'enrolled', enrolmentId, prompt: undefined }, true);
  }

  private deviceFailed(session: EnrolmentSession, during: 'manager' | 'capture', error: unknown): void {
    if (this.session !== session) return;
    const detail = error instanceof Error ? error.message : String(error);
    this.log.warn({ session: session.sessionId, err: error }, 'enrolment step failed');
    this.enter(session, { phase: 'failed', failure: { reason: 'device', during, detail } }, true);
  }

  /** Applies a change, restarts the idle timer on steps that wait for the manager, and notifies. */
  private enter(session: EnrolmentSession, change: Partial<EnrolmentSession>, announce: boolean): void {
    Object.assign(session, change);
    for (const key of Object.keys(change) as Array<keyof EnrolmentSession>) {
      if (change[key] === undefined) delete session[key];
    }
    this.clearIdle();
    if (!this.inProgress()) {
      this.idleTimer = this.options.clock.setTimeout(
        () => this.close('idle'),
        this.options.idleMs ?? DEFAULT_IDLE_MS,
      );
    }
    this.notify(announce);
  }

  /** The manager or the person is at the reader right now (not waiting for the screen). */
  private inProgress(): boolean {
    return this.session?.phase === 'manager' || this.session?.phase === 'capture';
  }

  private reader(readerId: string): EnrolmentReader {
    const reader = this.options.readers.get(readerId);
    if (!reader) throw refuse.unknownReader(readerId, [...this.options.readers.keys()]);
    if (!reader.health.isOnline) throw refuse.readerOffline(readerId);
    return reader;
  }

  private releaseReader(): void {
    this.release?.();
    this.release = undefined;
  }

  private clearIdle(): void {
    if (this.idleTimer !== undefined) this.options.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private notify(announce: boolean): void {
    const session = this.current;
    for (const listener of this.listeners) listener(session, announce);
  }
}
