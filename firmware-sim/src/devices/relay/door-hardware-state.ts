/**
 * The physical state of one mantrap's door hardware, shared by the relay board (which switches the
 * strikes) and the I/O module (which reads the door contacts). Nothing here changes by itself: relays
 * change on switch frames, door contacts only when a person pushes a door (`setDoorContact`).
 */
export interface DoorHardwareState {
  /** Energised per relay channel; index 0 is channel 1. */
  relays: boolean[];
  /** Discrete inputs of the I/O module; input n is the contact of door n + 1, active = door open. */
  inputs: boolean[];
  /** Coils of the I/O module: plain memory, wired to nothing. */
  coils: boolean[];
  /** Switch frames the board executed. */
  switchCount: number;
}

/** Inputs and coils of the simulated I/O module: a common 8-in/8-out RS-485 module. */
export const IO_MODULE_POINTS = 8;

export function createDoorHardwareState(channels: number): DoorHardwareState {
  const points = Math.max(IO_MODULE_POINTS, channels);
  return {
    relays: Array(channels).fill(false),
    inputs: Array(points).fill(false),
    coils: Array(points).fill(false),
    switchCount: 0,
  };
}
