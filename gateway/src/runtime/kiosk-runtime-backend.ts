import type { Clock } from '@vaultline/shared';
import { VaultlineError } from '@vaultline/shared';
import type { AlarmRaisedBody, HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import {
  type EnrolmentAction,
  type EnrolmentKiosk,
  isEnrolmentAction,
} from '../enrolment/enrolment-kiosk.ts';
import type { EngineConfig, HandoverInput, SiteRoles } from '../handover/handover-types.ts';
import type { KioskAction, KioskBackend, KioskEvent } from '../kiosk/kiosk-backend.ts';
import type { KioskView } from '../kiosk/kiosk-view.ts';
import { buildKioskView, type KioskAlarmInput, type KioskViewInput } from '../kiosk/kiosk-view-builder.ts';
import type { GatewayStore } from '../store/open-store.ts';
import type { HandoverService } from './handover-service.ts';
import type { PlanService } from './plan-service.ts';
import { verifyStaffPassword } from './staff-passwords.ts';

export interface KioskRuntimeOptions {
  store: GatewayStore;
  service: HandoverService;
  plans: PlanService;
  clock: Clock;
  gatewayId: string;
  siteId: string;
  siteName?: string;
  roles: SiteRoles;
  engine: EngineConfig;
  staffPasswords: Record<string, string>;
  devices: () => KioskViewInput['devices'];
  reports: (handoverId: string, format: 'html' | 'pdf') => Promise<Uint8Array | undefined>;
  /** Fingerprint enrolment at this site's readers (panel and actions). */
  enrolment?: EnrolmentKiosk;
}

/** The kiosk's view of the running gateway: screen model, live updates, and the manager's actions. */
export class KioskRuntimeBackend implements KioskBackend {
  private readonly alarms: KioskAlarmInput[] = [];
  private lastCompleted: KioskViewInput['lastCompleted'];
  private viewQueued = false;
  private readonly listeners = new Set<(event: KioskEvent) => void>();

  constructor(private readonly options: KioskRuntimeOptions) {
    for (const envelope of options.store.events.all()) this.absorb(envelope, false);
    // Every engine step may change the screen, with or without events (a confirmation is state only).
    options.service.onStep(() => this.publishView());
    options.enrolment?.onChange(() => this.publishView());
  }

  view(): KioskView {
    const { service, plans, clock, gatewayId, siteId, siteName, roles, engine } = this.options;
    return buildKioskView({
      state: service.current,
      plan: plans.current(),
      siteId,
      siteName,
      gatewayId,
      now: clock.now(),
      alarms: this.alarms,
      devices: this.options.devices(),
      lastCompleted: this.lastCompleted,
      roles,
      staffConfirmation: engine.staffConfirmation,
      enrolment: this.options.enrolment?.view(),
    });
  }

  subscribe(listener: (event: KioskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feed of committed envelopes: keeps alarms and the last record, and pushes a new view. */
  appended(envelopes: EventEnvelope[]): void {
    for (const envelope of envelopes) this.absorb(envelope, true);
    this.publishView();
  }

  speak(zh: string, en: string): void {
    this.publish({ type: 'speak', zh, en });
  }

  async act(action: KioskAction): Promise<void> {
    if (isEnrolmentAction(action)) {
      if (!this.options.enrolment)
        throw new VaultlineError(
          'ENROLMENT_UNAVAILABLE',
          'fingerprint enrolment is not offered by this gateway',
        );
      return this.options.enrolment.act(action);
    }
    const by = `kiosk:${this.options.siteId}`;
    const input = this.toInput(action, by);
    this.options.service.dispatch(input);
  }

  capture(captureId: string): Uint8Array | undefined {
    return this.options.store.faces.get(captureId)?.jpeg;
  }

  photo(personId: string): Uint8Array | undefined {
    const person = this.options.plans.current()?.people.find((p) => p.personId === personId);
    return person?.photoJpeg ? Buffer.from(person.photoJpeg, 'base64') : undefined;
  }

  report(handoverId: string, format: 'html' | 'pdf'): Promise<Uint8Array | undefined> {
    return this.options.reports(handoverId, format);
  }

  private toInput(action: Exclude<KioskAction, EnrolmentAction>, by: string): HandoverInput {
    switch (action.type) {
      case 'manual-arrival':
        return { type: 'manual-arrival', vehicleId: action.vehicleId, by };
      case 'photo-check':
        return { type: 'photo-check', personId: action.personId, accepted: action.accepted, by };
      case 'request-confirmation':
        return { type: 'request-confirmation', by };
      case 'discrepancy-reason':
        return { type: 'discrepancy-reason', reason: action.reason, by };
      case 'abort':
        return { type: 'abort', reason: action.reason, by };
      case 'staff-password': {
        if (!(action.personId in this.options.staffPasswords)) {
          throw new VaultlineError(
            'STAFF_PASSWORD_UNKNOWN',
            `no password is set for ${action.personId} on this gateway`,
          );
        }
        const ok = verifyStaffPassword(action.password, this.options.staffPasswords[action.personId]);
        return { type: 'staff-password', personId: action.personId, ok };
      }
    }
  }

  private absorb(envelope: EventEnvelope, live: boolean): void {
    const at = Date.parse(envelope.ts);
    if (envelope.type === 'alarm.raised') {
      const body = envelope.body as AlarmRaisedBody;
      this.alarms.push({ ...body, at });
      if (live) this.publish({ type: 'alarm', alarm: body });
    } else if (envelope.type === 'alarm.cleared') {
      const alarm = this.alarms.find((a) => a.alarmId === (envelope.body as { alarmId: string }).alarmId);
      if (alarm) alarm.cleared = true;
    } else if (envelope.type === 'handover.completed') {
      const body = envelope.body as HandoverCompletedBody;
      this.lastCompleted = {
        handoverId: body.handoverId,
        runId: body.runId,
        stopSeq: body.stopSeq,
        vehicleId: body.vehicleId,
        completedAt: Date.parse(body.completedAt),
        discrepancy: body.discrepancy !== undefined,
      };
    }
    // Only the recent alarms matter on screen; the view builder keeps today's.
    if (this.alarms.length > 500) this.alarms.splice(0, this.alarms.length - 500);
  }

  /**
   * Sends the new view once the current turn is over: a step's events are appended inside its commit,
   * before the service takes the step's new state, so a view built right then would show the old one.
   * Changes within one turn (a step and its events) go out as one view.
   */
  private publishView(): void {
    if (this.viewQueued) return;
    this.viewQueued = true;
    queueMicrotask(() => {
      this.viewQueued = false;
      this.publish({ type: 'view', view: this.view() });
    });
  }

  private publish(event: KioskEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
