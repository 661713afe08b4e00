import type { Clock, Logger } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { initialEngineState, step } from '../handover/handover-engine.ts';
import type {
  EngineConfig,
  EngineState,
  HandoverEffect,
  HandoverInput,
  HandoverPhase,
  SiteRoles,
  TimerName,
} from '../handover/handover-types.ts';
import { EngineTimers } from './engine-timers.ts';

/** The engine state as persisted: the engine's own state plus the due times of its timers. */
export type PersistedEngineState = EngineState & { timers?: Record<string, number> };

/** What the service needs from the local store: one transaction that saves the state and appends events. */
export interface HandoverStorePort {
  loadState(): PersistedEngineState | null;
  /** Saves the state and appends the events as signed envelopes, atomically; returns the envelopes. */
  commit(
    state: PersistedEngineState,
    events: Array<{ type: string; body: Record<string, unknown>; ts: number }>,
  ): EventEnvelope[];
}

/** A face capture as stored by the runtime: its id, and the JPEG's SHA-256 and size for the chain. */
export interface StoredCapture {
  captureId: string;
  jpegSha256: string;
  bytes: number;
}

/** Side effects the engine asks for, carried out by the runtime (devices, voice). */
export interface EffectPorts {
  openDoor(door: number, holdMs: number): Promise<void>;
  captureFace(reader: string, personId: string | undefined): Promise<StoredCapture>;
  setBoxScanning(on: boolean): void;
  speak(zh: string, en: string): void;
}

export interface HandoverServiceOptions {
  store: HandoverStorePort;
  effects: EffectPorts;
  plan: () => SitePlan | null;
  siteId: string;
  roles: SiteRoles;
  config: EngineConfig;
  clock: Clock;
  newId: () => string;
  logger: Logger;
}

/**
 * Runs the hand-over engine: every input is one engine step whose new state and events are committed in
 * one SQLite transaction before any effect is carried out, so a `kill -9` at any moment resumes at the
 * same step with nothing lost and nothing recorded twice.
 */
export class HandoverService {
  private state: EngineState;
  private readonly timers: EngineTimers;
  private readonly listeners = new Set<
    (state: EngineState, events: EventEnvelope[], input: HandoverInput) => void
  >();

  constructor(private readonly options: HandoverServiceOptions) {
    const saved = options.store.loadState();
    this.state = saved ? withoutTimers(saved) : initialEngineState();
    this.timers = new EngineTimers(options.clock, (name) => this.dispatch({ type: 'timer', name }));
    this.timers.restore(saved?.timers);
  }

  /**
   * Carries out again what a crash between "step committed" and "effect done" can have lost; call once
   * the devices are started. Box counting runs in every phase that still counts tags; a crew member
   * verified without a live capture gets one now (the manager needs it for the photo check); and a crew
   * cleared for the door that has not gone through finds it unlocked again — the door controller
   * relocked every strike when it came up, and the engine would otherwise wait for a fresh fingerprint.
   */
  resume(): void {
    const active = this.state.active;
    if (!active) return;
    const { effects, roles, config } = this.options;
    if (COUNTING_PHASES.includes(active.phase)) effects.setBoxScanning(true);
    if (active.phase === 'crew-auth' || active.phase === 'door') {
      for (const member of active.crew) {
        if (!member.verified || member.captureId !== undefined || member.photo !== 'pending') continue;
        this.perform({ type: 'capture-face', reader: roles.crewReader, personId: member.personId });
      }
    }
    if (active.phase === 'door' && !active.crewDoorOpened && active.doorRefused === undefined) {
      this.perform({ type: 'open-door', door: roles.crewDoor, holdMs: config.doorHoldMs });
    }
  }

  get current(): EngineState {
    return this.state;
  }

  /** Called after every committed step with the new state, the envelopes it produced and its input. */
  onStep(listener: (state: EngineState, events: EventEnvelope[], input: HandoverInput) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One engine step: compute, commit atomically, then carry out the effects. Returns the envelopes. */
  dispatch(input: HandoverInput): EventEnvelope[] {
    const { clock, newId, siteId, roles, config } = this.options;
    const now = clock.now();
    const result = step(this.state, input, { plan: this.options.plan(), siteId, roles, config, now, newId });
    const timers = { ...this.timers.snapshot() };
    for (const effect of result.effects) {
      if (effect.type === 'set-timer') timers[effect.name] = effect.at;
      if (effect.type === 'cancel-timer') delete timers[effect.name];
    }
    const events = result.effects.flatMap((e) =>
      e.type === 'emit' ? [{ type: e.event, body: e.body, ts: now }] : [],
    );
    const envelopes = this.options.store.commit({ ...result.state, timers }, events);
    this.state = result.state;
    for (const effect of result.effects) this.perform(effect);
    for (const listener of this.listeners) listener(this.state, envelopes, input);
    return envelopes;
  }

  stop(): void {
    this.timers.clear();
  }

  private perform(effect: HandoverEffect): void {
    const { effects, logger } = this.options;
    switch (effect.type) {
      case 'emit':
        break;
      case 'set-timer':
        this.timers.set(effect.name, effect.at);
        break;
      case 'cancel-timer':
        this.timers.cancel(effect.name as TimerName);
        break;
      case 'speak':
        effects.speak(effect.zh, effect.en);
        break;
      case 'box-scanning':
        effects.setBoxScanning(effect.on);
        break;
      case 'open-door':
        effects.openDoor(effect.door, effect.holdMs).catch((error: Error) => {
          logger.warn({ err: error, door: effect.door }, 'crew door refused');
          this.dispatch({ type: 'door-refused', door: effect.door, reason: error.message });
        });
        break;
      case 'capture-face':
        effects.captureFace(effect.reader, effect.personId).then(
          (capture) =>
            this.dispatch({
              type: 'face-captured',
              reader: effect.reader,
              personId: effect.personId,
              ...capture,
            }),
          (error: Error) => logger.warn({ err: error }, 'face capture failed'),
        );
        break;
    }
  }
}

/** Phases in which the engine counts box tags (box-scan.ts: until the hand-over completes). */
const COUNTING_PHASES: readonly HandoverPhase[] = ['box-scan', 'rescan', 'confirm', 'discrepancy'];

function withoutTimers(saved: PersistedEngineState): EngineState {
  const { timers: _timers, ...state } = saved;
  return state;
}
