import { onManualArrival, onVehicleTag } from './arrival.ts';
import { onBoxTag, onDiscrepancyReason, onRequestConfirmation, onRescanTimer } from './box-scan.ts';
import { CONFIRMING, onConfirmFinger, onStaffPassword } from './confirmation.ts';
import { onCrewFinger, onFaceCaptured, onPhotoCheck } from './crew-auth.ts';
import { onDoorContact, onDoorRefused } from './crew-door.ts';
import { onDeviceStatus } from './device-alarms.ts';
import { speak, type Turn } from './engine-turn.ts';
import { abortHandover } from './handover-end.ts';
import { prompts } from './handover-prompts.ts';
import type { EngineContext, EngineState, HandoverInput, StepResult } from './handover-types.ts';
import { onLockoutTimer, refusedWhileLocked } from './reader-auth.ts';

/**
 * The hand-over engine (DESIGN §3–§4): `step` takes the persisted state, one input and the context, and
 * returns the next state and the effects for the runtime to carry out, in order. Pure: time is
 * `ctx.now`, ids come from `ctx.newId()`, the input state is never modified and the returned state is
 * plain JSON (it is persisted after every step, and a restart resumes from it).
 */

export function initialEngineState(): EngineState {
  return {
    v: 1,
    active: null,
    readers: {},
    completedStops: [],
    offlineAlarms: {},
    doors: {},
    vehicleQuiet: {},
    justHandedOver: {},
  };
}

export function step(state: EngineState, input: HandoverInput, ctx: EngineContext): StepResult {
  const turn: Turn = { ctx, state: structuredClone(state), effects: [] };
  dispatch(turn, input);
  return { state: turn.state, effects: turn.effects };
}

type Handlers = {
  [K in HandoverInput['type']]: (turn: Turn, input: Extract<HandoverInput, { type: K }>) => void;
};

const HANDLERS: Handlers = {
  'vehicle-tag': (turn, input) => onVehicleTag(turn, input.reader, input.epc),
  'manual-arrival': (turn, input) => onManualArrival(turn, input.vehicleId, input.by),
  finger: (turn, input) => onFinger(turn, input),
  'face-captured': (turn, input) => onFaceCaptured(turn, input),
  'photo-check': (turn, input) => onPhotoCheck(turn, input),
  door: (turn, input) => onDoorContact(turn, input.door, input.open),
  'door-refused': (turn, input) => onDoorRefused(turn, input.door, input.reason),
  'box-tag': (turn, input) => onBoxTag(turn, input.reader, input.epc),
  'request-confirmation': (turn) => onRequestConfirmation(turn),
  'staff-password': (turn, input) => onStaffPassword(turn, input.personId, input.ok),
  'discrepancy-reason': (turn, input) => onDiscrepancyReason(turn, input.reason),
  abort: (turn, input) => abortHandover(turn, input.reason, input.by),
  timer: (turn, { name }) =>
    name === 'rescan-window' ? onRescanTimer(turn) : onLockoutTimer(turn, name.slice('lockout:'.length)),
  'device-status': (turn, input) => onDeviceStatus(turn, input.device, input.online, input.reason),
};

function dispatch(turn: Turn, input: HandoverInput): void {
  const handler = HANDLERS[input.type] as (turn: Turn, input: HandoverInput) => void;
  handler(turn, input);
}

/**
 * The crew reader and the confirm reader may be one device at a small site: the phase decides what an
 * attempt means. A locked reader ignores every attempt (no count).
 */
function onFinger(turn: Turn, finger: Extract<HandoverInput, { type: 'finger' }>): void {
  const { crewReader, confirmReader } = turn.ctx.roles;
  if (finger.reader !== crewReader && finger.reader !== confirmReader) return;
  if (refusedWhileLocked(turn, finger.reader)) return;
  const active = turn.state.active;
  if (!active) {
    speak(turn, prompts.noHandover());
    return;
  }
  if (finger.reader === confirmReader && CONFIRMING.includes(active.phase)) {
    onConfirmFinger(turn, active, finger);
  } else if (finger.reader === crewReader) {
    onCrewFinger(turn, active, finger);
  } else {
    speak(turn, prompts.boxesNotScanned());
  }
}
