import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { SiteRoles } from '../handover/handover-types.ts';
import type { KioskAction } from '../kiosk/kiosk-backend.ts';
import type { Bilingual } from '../kiosk/kiosk-strings.ts';
import type { EnrolmentOutboxRepo } from '../store/enrolment-outbox-repo.ts';
import type { EnrolmentFlow } from './enrolment-flow.ts';
import { buildEnrolmentView, enrolmentPrompt, type KioskEnrolment } from './enrolment-kiosk-view.ts';
import type { EnrolmentSender } from './enrolment-sender.ts';

export type EnrolmentAction = Extract<KioskAction, { type: `enrol-${string}` }>;

/** Latest enrolments listed on the panel. */
const RECENT = 5;

export function isEnrolmentAction(action: KioskAction): action is EnrolmentAction {
  return action.type.startsWith('enrol-');
}

/**
 * The enrolment panel of the kiosk: its part of the view, the manager's enrolment actions, and what the
 * voice says at each step. The kiosk backend depends only on this.
 */
export class EnrolmentKiosk {
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly options: {
      flow: EnrolmentFlow;
      sender: EnrolmentSender;
      outbox: EnrolmentOutboxRepo;
      plan: () => SitePlan | null;
      readers: string[];
      roles: Pick<SiteRoles, 'crewReader' | 'confirmReader'>;
      devices: () => readonly DeviceStatus[];
      /** Speaks an instruction to the people at the reader (kiosk page and host voice). */
      speak: (text: Bilingual) => void;
    },
  ) {
    options.flow.onChange((session, announce) => {
      if (announce && session) options.speak(enrolmentPrompt(session, options.roles));
      this.changed();
    });
    options.sender.onSettled(() => this.changed());
  }

  view(): KioskEnrolment {
    const { flow, outbox, plan, readers, roles, devices } = this.options;
    return buildEnrolmentView({
      session: flow.current,
      unavailable: flow.availability(),
      plan: plan(),
      readers,
      roles,
      devices: devices(),
      recent: outbox.recent(RECENT),
    });
  }

  async act(action: EnrolmentAction): Promise<void> {
    const { flow } = this.options;
    switch (action.type) {
      case 'enrol-start':
        await flow.start(action.reader);
        return;
      case 'enrol-choose':
        flow.choose(action.personId, action.slot);
        return;
      case 'enrol-retry':
        flow.retry();
        return;
      case 'enrol-cancel':
        flow.close('cancelled at the kiosk');
        return;
    }
  }

  /** The panel changed (session step, centre answer, new enrolment): the kiosk sends a new view. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}
