import type { HandoverInput, HandoverPhase } from '@vaultline/gateway/handover/handover-types';
import type { KioskView } from '@vaultline/gateway/kiosk/kiosk-view';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { waitFor } from '../harness/wait-for.ts';
import type { GatewayScenario } from './gateway-scenario.ts';

/**
 * The steps of a hand-over as the people at a site take them, on a running GatewayScenario: crew at the
 * interlock door, the manager's photo checks, the walk through the door, confirmations in the zone.
 * Each step waits for the gateway's own record of it, so a test reads as the flow it drives.
 */

export type FingerInput = Extract<HandoverInput, { type: 'finger' }>;

/** A finger the fingerprint modules never enrolled: every attempt with it is a failed verification. */
export const STRANGER_FINGER = 'X9999-R1';

/**
 * One fingerprint attempt; answers what the engine made of it (matched person or failure) and the events
 * that step recorded. A locked reader's attempt still reaches the engine, it just records nothing.
 */
export async function attempt(
  s: GatewayScenario,
  reader: 'fp-door' | 'fp-zone',
  fingerId: string,
  quality: 'good' | 'poor' = 'good',
): Promise<{ input: FingerInput; events: EventEnvelope[] }> {
  let taken: { input: FingerInput; events: EventEnvelope[] } | undefined;
  const stop = s.app!.service.onStep((_state, events, input) => {
    if (!taken && input.type === 'finger' && input.reader === reader) taken = { input, events };
  });
  try {
    await s.touch(reader, fingerId, quality);
  } finally {
    stop();
  }
  if (!taken) throw new Error(`the gateway took no attempt of ${fingerId} on ${reader}`);
  return taken;
}

/** Each escort verifies at the door reader; the manager accepts each live capture once it is on screen. */
export async function verifyCrew(s: GatewayScenario, crew: string[]): Promise<void> {
  for (const escort of crew) {
    await s.touch('fp-door', s.fingerOf(escort));
    await s.waitForEvent('crew.verified', (e) => e.body.personId === escort && isCurrent(s, e));
  }
  for (const escort of crew) {
    await s.waitForEvent('face.captured', (e) => e.body.personId === escort && isCurrent(s, e));
    await kioskAction(s, { type: 'photo-check', personId: escort, accepted: true });
  }
}

/**
 * The scheduled crew authenticates, the door unlocks, the crew walks into the zone: the hand-over is
 * then scanning boxes (or confirming, when the stop has no boxes).
 */
export async function crewEnters(s: GatewayScenario, crew: string[]): Promise<void> {
  await verifyCrew(s, crew);
  await waitFor(async () => {
    const state = (await s.sim.control.device('mantrap')).state as { relays: boolean[] };
    return state.relays[0] === true;
  }, 'crew door unlocked');
  await walkThroughDoor(s);
  await waitForPhase(s, ['box-scan', 'confirm']);
}

/**
 * The crew pushes the unlocked door open and lets it close behind them. Unlike `crewWalksThroughDoor`, it
 * waits for this walk's own door events, so it works for every hand-over on one gateway.
 */
export async function walkThroughDoor(s: GatewayScenario): Promise<void> {
  const mark = s.events.length;
  await s.sim.control.setDoor('mantrap', true, 1);
  await waitFor(() => eventsSince(s, mark, 'door.opened').length > 0, 'door.opened');
  await s.sim.control.setDoor('mantrap', false, 1);
  await waitFor(() => eventsSince(s, mark, 'door.closed').length > 0, 'door.closed');
}

/** Dual confirmation (or the manager's approval) at the hand-over zone's reader, one finger after another. */
export async function confirmAtZone(s: GatewayScenario, people: string[]): Promise<void> {
  for (const person of people) {
    const { input } = await attempt(s, 'fp-zone', s.fingerOf(person));
    if (input.personId !== person) throw new Error(`${person}'s finger on fp-zone did not match them`);
  }
}

export function phase(s: GatewayScenario): HandoverPhase | undefined {
  return s.app!.service.current.active?.phase;
}

export function waitForPhase(s: GatewayScenario, wanted: HandoverPhase[]): Promise<HandoverPhase> {
  return waitFor(
    () => {
      const now = phase(s);
      return now !== undefined && wanted.includes(now) && now;
    },
    `hand-over phase ${wanted.join(' or ')}`,
  );
}

/** A manager action on the kiosk that must be taken (HTTP 2xx). */
export async function kioskAction(s: GatewayScenario, action: Record<string, unknown>): Promise<void> {
  const answer = await s.kiosk(action);
  if (answer.status >= 300) {
    throw new Error(`kiosk refused ${JSON.stringify(action)}: ${answer.status} ${await answer.text()}`);
  }
}

/** The branch screen's model, as the page fetches it. */
export async function kioskView(s: GatewayScenario): Promise<KioskView> {
  const answer = await fetch(`${s.app!.kiosk.url}/api/view`);
  if (!answer.ok) throw new Error(`GET /api/view answered ${answer.status}`);
  return (await answer.json()) as KioskView;
}

/** Events recorded after the first `mark` ones (take `s.events.length` as the mark before a step). */
export function eventsSince(s: GatewayScenario, mark: number, type?: string): EventEnvelope[] {
  return s.events.slice(mark).filter((e) => type === undefined || e.type === type);
}

/** Waits for an event of `type` recorded after the first `mark` ones. */
export function waitForEventSince(
  s: GatewayScenario,
  mark: number,
  type: string,
  predicate: (e: EventEnvelope) => boolean = () => true,
): Promise<EventEnvelope> {
  return waitFor(() => eventsSince(s, mark, type).find(predicate), `event ${type}`, 15_000);
}

/** An event of the hand-over in progress (each test file may run several hand-overs on one gateway). */
function isCurrent(s: GatewayScenario, e: EventEnvelope): boolean {
  return e.body.handoverId === s.app!.service.current.active?.handoverId;
}
