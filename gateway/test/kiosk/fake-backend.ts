import type { KioskAction, KioskBackend, KioskEvent } from '../../src/kiosk/kiosk-backend.ts';
import type { KioskView } from '../../src/kiosk/kiosk-view.ts';
import { buildKioskView, type KioskViewInput } from '../../src/kiosk/kiosk-view-builder.ts';
import { engineState, GATEWAY, NOW, SITE, samplePlan } from './kiosk-fixtures.ts';

/**
 * The other side of the KioskBackend interface, in memory: the test sets the view input, pushes events,
 * and reads the actions the screen sent. `refuse` makes the next actions fail as the engine would.
 */
export class FakeBackend implements KioskBackend {
  input: KioskViewInput = {
    state: engineState(),
    plan: samplePlan(),
    siteId: SITE,
    gatewayId: GATEWAY,
    now: NOW,
    alarms: [],
    devices: [],
  };
  readonly actions: KioskAction[] = [];
  readonly captures = new Map<string, Uint8Array>();
  readonly photos = new Map<string, Uint8Array>();
  readonly reports = new Map<string, { html: Uint8Array; pdf: Uint8Array }>();
  refuse: Error | undefined;
  private readonly listeners = new Set<(event: KioskEvent) => void>();

  get subscribers(): number {
    return this.listeners.size;
  }

  view(): KioskView {
    return buildKioskView(this.input);
  }

  subscribe(listener: (event: KioskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async act(action: KioskAction): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.actions.push(action);
  }

  capture(captureId: string): Uint8Array | undefined {
    return this.captures.get(captureId);
  }

  photo(personId: string): Uint8Array | undefined {
    return this.photos.get(personId);
  }

  async report(handoverId: string, format: 'html' | 'pdf'): Promise<Uint8Array | undefined> {
    return this.reports.get(handoverId)?.[format];
  }

  emit(event: KioskEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Changes the input and pushes the new view, as the runtime does after every engine step. */
  update(patch: Partial<KioskViewInput>): void {
    this.input = { ...this.input, ...patch };
    this.emit({ type: 'view', view: this.view() });
  }
}
