import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { PEOPLE } from '../scenario/day-plan.ts';
import type { GatewayScenario } from '../scenario/gateway-scenario.ts';
import {
  attempt,
  type FingerInput,
  kioskAction,
  waitForEventSince,
  waitForPhase,
  walkThroughDoor,
} from '../scenario/handover-steps.ts';

/**
 * The hand-over steps of `handover-steps.ts` at a person's pace. The demo runs three gateways and the
 * centre in one process, each committing to its own SQLite file with a full fsync, so the event loop can
 * stall for a few hundred milliseconds right after a fingerprint match; a finger lifted and the next one
 * placed within that stall would look to the reader like one long placement. People take about a second
 * to step aside for the next one; the demo takes most of one.
 */

/** Time between one person lifting a finger and the next placing theirs, ms, in short slices. */
const STEP_ASIDE_MS = 600;
const SLICE_MS = 50;

/** What the door camera shows of a person: the label their enrolment photo carries too. */
function faceOf(personId: string): string {
  const person = PEOPLE.find((p) => p.personId === personId);
  return person ? `${person.employeeNo} ${person.latin}` : personId;
}

async function stepAside(): Promise<void> {
  // Short timers rather than one long one: the reader's polls get their turn between them after a stall.
  for (let waited = 0; waited < STEP_ASIDE_MS; waited += SLICE_MS) {
    await new Promise((resolve) => setTimeout(resolve, SLICE_MS));
  }
}

/**
 * One person's finger on a reader, then they step aside; answers what the gateway made of it. At the
 * door the camera sees `face` (a label on the simulated picture), as it sees whoever stands there.
 */
export async function fingerOn(
  s: GatewayScenario,
  reader: 'fp-door' | 'fp-zone',
  fingerId: string,
  face?: string,
): Promise<FingerInput> {
  if (face !== undefined) await s.sim.control.setScene('cam-door', face);
  const { input } = await attempt(s, reader, fingerId);
  await stepAside();
  return input;
}

/**
 * The crew at the interlock door: each escort's finger, the manager's photo check of each live capture
 * on the kiosk, the door unlocked and walked through; the hand-over is then counting boxes.
 */
export async function crewEntersAtPace(s: GatewayScenario, crew: readonly string[]): Promise<void> {
  const mark = s.events.length;
  for (const escort of crew) {
    const input = await fingerOn(s, 'fp-door', s.fingerOf(escort), faceOf(escort));
    if (input.personId !== escort) throw new Error(`${escort}'s finger on fp-door did not match them`);
  }
  for (const escort of crew) {
    await waitForEventSince(s, mark, 'face.captured', (e: EventEnvelope) => e.body.personId === escort);
    await kioskAction(s, { type: 'photo-check', personId: escort, accepted: true });
  }
  // The gateway commits its decision to unlock before it drives the strike: the crew pushes the door then.
  await waitForPhase(s, ['door']);
  await walkThroughDoor(s);
  await waitForPhase(s, ['box-scan', 'confirm']);
}

/** Confirmations (or the manager's approval) at the zone reader, one person after the other. */
export async function confirmAtPace(s: GatewayScenario, people: readonly string[]): Promise<void> {
  for (const person of people) {
    const input = await fingerOn(s, 'fp-zone', s.fingerOf(person));
    if (input.personId !== person) throw new Error(`${person}'s finger on fp-zone did not match them`);
  }
}
