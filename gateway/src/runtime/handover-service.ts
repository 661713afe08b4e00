import type { Clock, Logger } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { initialEngineState, step } from '../handover/handover-engine.ts';
import type {
  EngineConfig,
  EngineState,
  HandoverEffect,
  HandoverInput,
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

/** Side effects the engine asks for, carried out by the runtime (devices, voice). */
export interface EffectPorts {
  openDoor(door: number, holdMs: number): Promise<void>;
  captureFace(reader: string, personId: string | undefined): Promise<string>;
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
    if (this.state.active && ['box-scan', 'rescan'].includes(this.state.active.phase)) {
      options.effects.setBoxScanning(true);
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
        return;
      case 'set-timer':
        return this.timers.set(effect.name, effect.at);
      case 'cancel-timer':
        return this.timers.cancel(effect.name as TimerName);
      case 'speak':
        return effects.speak(effect.zh, effect.en);
      case 'box-scanning':
        return effects.setBoxScanning(effect.on);
      case 'open-door':
        effects.openDoor(effect.door, effect.holdMs).catch((error: Error) => {
          logger.warn({ err: error, door: effect.door }, 'crew door refused');
          this.dispatch({ type: 'door-refused', door: effect.door, reason: error.message });
        });
        return;
      case 'capture-face':
        effects.captureFace(effect.reader, effect.personId).then(
          (captureId) =>
            this.dispatch({
              type: 'face-captured',
              reader: effect.reader,
              captureId,
              personId: effect.personId,
            }),
          (error: Error) => logger.warn({ err: error }, 'face capture failed'),
        );
        return;
    }
  }
}

function withoutTimers(saved: PersistedEngineState): EngineState {
  const { timers: _timers, ...state } = saved;
  return state;
}
