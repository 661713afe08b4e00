import type { KeyObject } from 'node:crypto';
import type { Clock, Logger } from '@vaultline/shared';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { SiteRoles } from '../handover/handover-types.ts';
import type { Bilingual } from '../kiosk/kiosk-strings.ts';
import type { EventRecorder } from '../runtime/event-recorder.ts';
import type { GatewayStore } from '../store/open-store.ts';
import { EnrolmentFlow, type EnrolmentReader } from './enrolment-flow.ts';
import { EnrolmentKiosk } from './enrolment-kiosk.ts';
import { EnrolmentSender, type EnrolmentUplink } from './enrolment-sender.ts';

export interface EnrolmentRuntime {
  flow: EnrolmentFlow;
  sender: EnrolmentSender;
  kiosk: EnrolmentKiosk;
  start(): void;
  stop(): void;
}

/**
 * Branch enrolment as a running gateway has it: the flow on the site's fingerprint readers, its record
 * (signed `person.enrolled` + queued `enrol` message, one transaction), the sender to the centre and the
 * kiosk panel.
 */
export function createEnrolmentRuntime(parts: {
  gatewayId: string;
  roles: Pick<SiteRoles, 'crewReader' | 'confirmReader'>;
  store: GatewayStore;
  recorder: EventRecorder;
  readers: ReadonlyMap<string, EnrolmentReader>;
  personAt: (reader: string, pageId: number) => string | undefined;
  plan: () => SitePlan | null;
  handoverActive: () => boolean;
  centreKey: KeyObject | undefined;
  uplink: EnrolmentUplink | null;
  devices: () => readonly DeviceStatus[];
  speak: (text: Bilingual) => void;
  clock: Clock;
  newId: () => string;
  logger: Logger;
}): EnrolmentRuntime {
  const { store, recorder, clock } = parts;
  const logger = parts.logger.child({ component: 'gateway.enrolment' });
  const sender = new EnrolmentSender({
    gatewayId: parts.gatewayId,
    outbox: store.enrolments,
    uplink: parts.uplink,
    clock,
    logger,
  });
  const flow = new EnrolmentFlow({
    readers: parts.readers,
    personAt: parts.personAt,
    plan: parts.plan,
    handoverActive: parts.handoverActive,
    centreKey: parts.centreKey,
    commit: (body, payload) => {
      const at = clock.now();
      // One transaction, the event appended last (as plan-service does): once the uplink hears of the
      // event, nothing is left that could fail and take the queued message back.
      store.transaction(() => {
        store.enrolments.insert({ payload, createdAt: at });
        recorder.record([{ type: 'person.enrolled', body, ts: at }]);
      });
      sender.queued();
    },
    clock,
    newId: parts.newId,
    logger,
  });
  const kiosk = new EnrolmentKiosk({
    flow,
    sender,
    outbox: store.enrolments,
    plan: parts.plan,
    readers: [...parts.readers.keys()],
    roles: parts.roles,
    devices: parts.devices,
    speak: parts.speak,
  });
  return {
    flow,
    sender,
    kiosk,
    start: () => sender.start(),
    stop: () => {
      flow.close('gateway stopping');
      sender.stop();
    },
  };
}
