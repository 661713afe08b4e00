import type { KeyObject } from 'node:crypto';
import type { EventType } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { GatewayStore } from '../store/open-store.ts';
import type { HandoverStorePort, PersistedEngineState } from './handover-service.ts';

export type EventItem = { type: string; body: Record<string, unknown>; ts: number };

/**
 * Appends events to the signed chain, alone or together with the engine state, in one transaction.
 * Writers registered with `onAppending` add their rows inside that transaction; listeners see the
 * envelopes after the commit (kiosk, uplink).
 */
export class EventRecorder implements HandoverStorePort {
  private readonly listeners = new Set<(envelopes: EventEnvelope[]) => void>();
  private readonly writers = new Set<(envelopes: readonly EventEnvelope[]) => void>();

  constructor(
    private readonly store: GatewayStore,
    private readonly signer: { gatewayId: string; privateKey: KeyObject; newId: () => string },
  ) {}

  loadState(): PersistedEngineState | null {
    return this.store.engineState.load() as PersistedEngineState | null;
  }

  commit(state: PersistedEngineState, events: EventItem[]): EventEnvelope[] {
    const envelopes = this.store.transaction(() => {
      this.store.engineState.save(state);
      return this.append(events);
    });
    this.notify(envelopes);
    return envelopes;
  }

  /** Events that change no engine state (plan accepted, face captures deleted). */
  record(events: EventItem[]): EventEnvelope[] {
    const envelopes = this.store.transaction(() => this.append(events));
    this.notify(envelopes);
    return envelopes;
  }

  onAppended(listener: (envelopes: EventEnvelope[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Rows that belong with certain events (a face capture's place in the queue to the centre): `writer`
   * runs inside the transaction that appends them, so both commit or neither. It must be synchronous;
   * if it throws, the step is not recorded.
   */
  onAppending(writer: (envelopes: readonly EventEnvelope[]) => void): () => void {
    this.writers.add(writer);
    return () => this.writers.delete(writer);
  }

  private append(events: EventItem[]): EventEnvelope[] {
    if (events.length === 0) return [];
    const envelopes = this.store.events.append(
      events.map((e) => ({ ...e, type: e.type as EventType })),
      this.signer,
    );
    for (const writer of this.writers) writer(envelopes);
    return envelopes;
  }

  private notify(envelopes: EventEnvelope[]): void {
    if (envelopes.length === 0) return;
    for (const listener of this.listeners) listener(envelopes);
  }
}
