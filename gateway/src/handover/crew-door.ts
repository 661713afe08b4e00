import { startBoxScan } from './box-scan.ts';
import { emit, speak, type Turn } from './engine-turn.ts';
import { prompts } from './handover-prompts.ts';
import type { ActiveHandover, EngineConfig, HandoverInput } from './handover-types.ts';

type Finger = Extract<HandoverInput, { type: 'finger' }>;

/**
 * The interlock door (DESIGN §3): it opens only when the scheduled crew is verified, and never while
 * another door is open. The door controller enforces the interlock too and answers `door-refused`; the
 * engine also holds back while it knows another door is open, and retries once every door is closed.
 */

/** Every member verified, and with `photoCheck: 'required'` every live capture accepted by the manager. */
export function crewCleared(active: ActiveHandover, photoCheck: EngineConfig['photoCheck']): boolean {
  return active.crew.every((m) => m.verified && (photoCheck === 'advisory' || m.photo === 'accepted'));
}

export function openDoorIfCleared(turn: Turn, active: ActiveHandover): void {
  if (active.phase !== 'crew-auth' || !crewCleared(active, turn.ctx.config.photoCheck)) return;
  active.phase = 'door';
  active.crewDoorOpened = false;
  requestCrewDoor(turn, active);
}

/** The unlock lapsed before anyone went through: a verified member's finger unlocks the door again. */
export function reopenForCrew(turn: Turn, active: ActiveHandover, finger: Finger): void {
  const member = active.crew.find((m) => m.personId === finger.personId);
  if (finger.outcome !== 'matched' || !member?.verified || active.crewDoorOpened) return;
  requestCrewDoor(turn, active);
}

export function onDoorRefused(turn: Turn, door: number, reason: string): void {
  const active = turn.state.active;
  if (active?.phase !== 'door' || door !== turn.ctx.roles.crewDoor) return;
  active.doorRefused = reason;
  speak(turn, prompts.doorRefused());
}

/**
 * Contact changes become `door.opened` / `door.closed` (an unknown contact is only remembered). The
 * crew door opening and closing again means the crew is inside the zone: box scanning starts.
 */
export function onDoorContact(turn: Turn, door: number, open: boolean | null): void {
  const { state } = turn;
  const before = state.doors[String(door)];
  state.doors[String(door)] = open;
  const active = state.active;
  const handoverId = active?.handoverId;
  if (open === true && before !== true) emit(turn, 'door.opened', { door, handoverId });
  if (open === false && before === true) emit(turn, 'door.closed', { door, handoverId });
  if (active?.phase !== 'door') return;
  const crewDoor = door === turn.ctx.roles.crewDoor;
  if (crewDoor && open === true) {
    active.crewDoorOpened = true;
    delete active.doorRefused;
  } else if (crewDoor && open === false && active.crewDoorOpened) {
    startBoxScan(turn, active);
  } else if (active.doorRefused !== undefined && Object.values(state.doors).every((d) => d === false)) {
    requestCrewDoor(turn, active);
  }
}

function requestCrewDoor(turn: Turn, active: ActiveHandover): void {
  const { crewDoor } = turn.ctx.roles;
  const otherOpen = Object.entries(turn.state.doors).find(
    ([door, open]) => door !== String(crewDoor) && open,
  );
  if (otherOpen) {
    active.doorRefused = `interlock: door ${otherOpen[0]} is open`;
    speak(turn, prompts.doorRefused());
    return;
  }
  delete active.doorRefused;
  turn.effects.push({ type: 'open-door', door: crewDoor, holdMs: turn.ctx.config.doorHoldMs });
  speak(turn, prompts.doorOpening());
}
