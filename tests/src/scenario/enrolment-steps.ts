import type { EnrolmentSession } from '@vaultline/gateway/enrolment/enrolment-session';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { waitFor } from '../harness/wait-for.ts';
import { fingerOf } from './day-plan.ts';
import type { GatewayScenario } from './gateway-scenario.ts';

export interface KioskEnrolment {
  reader: 'fp-door' | 'fp-zone';
  /** Person id of the approving manager (their plan finger is placed). */
  manager: string;
  personId: string;
  slot: number;
  /** The simulator finger the person places twice. */
  finger: string;
}

/**
 * What a branch does at the kiosk to enrol a fingerprint: the manager presses "enrol fingerprint" and
 * approves on the reader, chooses the person and slot, and the person follows the reader's prompts
 * (place, lift, place again). Kiosk actions go over HTTP as the page sends them; fingers through the
 * simulator. Resolves with the `person.enrolled` event.
 */
export async function enrolAtKiosk(s: GatewayScenario, enrolment: KioskEnrolment): Promise<EventEnvelope> {
  const { reader, manager, personId, slot, finger } = enrolment;
  const flow = s.app!.enrolment.flow;
  await kioskOk(s, { type: 'enrol-start', reader });
  await phase(s, 'manager');
  await s.sim.control.placeFinger(reader, fingerOf(manager));
  await phase(s, 'choose');
  await s.sim.control.placeFinger(reader, null);
  let acting = Promise.resolve();
  const stop = flow.onChange((session) => {
    if (session?.phase !== 'capture' || !session.prompt) return;
    const placed = session.prompt === 'lift-finger' ? null : finger;
    acting = acting.then(() => s.sim.control.placeFinger(reader, placed)).then(() => undefined);
  });
  try {
    await kioskOk(s, { type: 'enrol-choose', personId, slot });
    const done = await phase(s, 'enrolled');
    await acting;
    await s.sim.control.placeFinger(reader, null);
    return s.waitForEvent('person.enrolled', (e) => e.body.enrolmentId === done.enrolmentId);
  } finally {
    stop();
  }
}

/** Waits for the enrolment session to reach `wanted`; a failure on the way fails with its reason. */
export async function phase(
  s: GatewayScenario,
  wanted: EnrolmentSession['phase'],
): Promise<EnrolmentSession> {
  const flow = s.app!.enrolment.flow;
  return waitFor(
    () => {
      const session = flow.current;
      if (session?.phase === 'failed' && wanted !== 'failed')
        throw new Error(`enrolment failed: ${session.failure?.reason} ${session.failure?.detail ?? ''}`);
      return session?.phase === wanted ? session : undefined;
    },
    `enrolment session at ${wanted}`,
    15_000,
  );
}

/** A kiosk action that must be accepted (204); otherwise fails with the gateway's message. */
export async function kioskOk(s: GatewayScenario, action: Record<string, unknown>): Promise<void> {
  const response = await s.kiosk(action);
  if (response.status !== 204)
    throw new Error(`kiosk ${action.type}: ${response.status} ${await response.text()}`);
}
