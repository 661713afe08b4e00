import type { Vehicle } from '@vaultline/shared/plan/plan-schema';
import { emit, raiseAlarm, speak, type Turn } from './engine-turn.ts';
import { prompts } from './handover-prompts.ts';
import type { EngineState } from './handover-types.ts';
import { type DueStop, dueStop, vehicleByEpc, vehicleById } from './plan-lookup.ts';
import { resetFailures } from './reader-auth.ts';

/**
 * A gate reader sees a parked vehicle's tag many times a second: one UNSCHEDULED_VEHICLE alarm (or one
 * "please wait" prompt) per EPC per 10 minutes is enough, and a vehicle whose hand-over here just ended
 * does not start another one by its tag for as long (it is still in the bay; manual arrival still works).
 */
export const VEHICLE_QUIET_MS = 10 * 60_000;

export function onVehicleTag(turn: Turn, reader: string, epc: string): void {
  const { ctx, state } = turn;
  if (!ctx.roles.vehicleReaders.includes(reader)) return;
  const vehicle = vehicleByEpc(ctx.plan, epc);
  if (vehicle && vehicle.vehicleId === state.active?.vehicleId) return;
  pruneExpired(state, ctx.now);
  const quiet = state.vehicleQuiet[epc] !== undefined;
  if (vehicle && state.justHandedOver[vehicle.vehicleId] !== undefined) return;
  const due = vehicle && findDueStop(turn, vehicle.vehicleId);
  if (vehicle && due && !state.active) {
    startHandover(turn, vehicle, due, { source: 'tag' });
    return;
  }
  if (quiet) return;
  state.vehicleQuiet[epc] = ctx.now + VEHICLE_QUIET_MS;
  if (vehicle && due) {
    speak(turn, prompts.handoverBusy(vehicle.plate));
    return;
  }
  const detail = vehicle
    ? { epc, reader, vehicleId: vehicle.vehicleId, plate: vehicle.plate }
    : { epc, reader };
  raiseAlarm(turn, 'UNSCHEDULED_VEHICLE', detail);
}

/** The manager's "vehicle arrived": no alarm for a wrong choice, only a prompt saying why nothing starts. */
export function onManualArrival(turn: Turn, vehicleId: string, by: string): void {
  const { ctx, state } = turn;
  const vehicle = vehicleById(ctx.plan, vehicleId);
  if (!vehicle) {
    speak(turn, prompts.unknownVehicle(vehicleId));
    return;
  }
  if (state.active) {
    if (state.active.vehicleId !== vehicleId) speak(turn, prompts.handoverBusy(vehicle.plate));
    return;
  }
  const due = findDueStop(turn, vehicleId);
  if (!due) {
    speak(turn, prompts.noDueStop(vehicle.plate));
    return;
  }
  startHandover(turn, vehicle, due, { source: 'manual', by });
}

/** After a hand-over of this vehicle ends (completed or aborted): quiet its tag for a while. */
export function holdVehicle(turn: Turn, vehicleId: string): void {
  const { ctx, state } = turn;
  pruneExpired(state, ctx.now);
  state.justHandedOver[vehicleId] = ctx.now + VEHICLE_QUIET_MS;
  const epc = vehicleById(ctx.plan, vehicleId)?.tagEpc;
  if (epc) state.vehicleQuiet[epc] = ctx.now + VEHICLE_QUIET_MS;
}

function findDueStop(turn: Turn, vehicleId: string): DueStop | undefined {
  const { ctx, state } = turn;
  return dueStop(ctx.plan, {
    vehicleId,
    siteId: ctx.siteId,
    now: ctx.now,
    earlyArrivalMs: ctx.config.earlyArrivalMs,
    completed: state.completedStops,
  });
}

function startHandover(
  turn: Turn,
  vehicle: Vehicle,
  { run, stop }: DueStop,
  arrival: { source: 'tag' | 'manual'; by?: string },
): void {
  const { ctx, state } = turn;
  const handoverId = ctx.newId();
  state.active = {
    handoverId,
    runId: run.runId,
    stopSeq: stop.seq,
    siteId: ctx.siteId,
    kind: stop.kind,
    vehicleId: vehicle.vehicleId,
    startedAt: ctx.now,
    phase: 'crew-auth',
    crew: run.crew.map((personId) => ({ personId, verified: false, photo: 'pending' })),
    restarts: 0,
    boxes: { expected: [...stop.boxes], scanned: [], rejected: [] },
    confirmations: {},
  };
  resetFailures(state);
  emit(turn, 'vehicle.arrived', {
    handoverId,
    vehicleId: vehicle.vehicleId,
    plate: vehicle.plate,
    runId: run.runId,
    stopSeq: stop.seq,
    siteId: ctx.siteId,
    kind: stop.kind,
    source: arrival.source,
    by: arrival.by,
  });
  speak(turn, prompts.vehicleArrived(vehicle.plate));
}

function pruneExpired(state: EngineState, now: number): void {
  for (const map of [state.vehicleQuiet, state.justHandedOver]) {
    for (const [key, until] of Object.entries(map)) if (until <= now) delete map[key];
  }
}
