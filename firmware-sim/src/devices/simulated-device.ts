import type { Clock } from '@vaultline/shared';

export type SimDeviceKind = 'fingerprint' | 'rfid' | 'camera' | 'relay';

/**
 * Timing model of a simulator. `realistic` follows the datasheets (finger capture, inventory rounds,
 * baud-paced lines); `fast` answers at once and does not pace bytes, for tests.
 */
export type SimTiming = 'realistic' | 'fast';

export interface SimDeviceContext {
  clock: Clock;
  timing: SimTiming;
}

/**
 * The firmware of one simulated device, independent of the line that carries its bytes (pty or BLE).
 * The host feeds it the bytes the gateway wrote (`receive`, in arbitrary chunks), and the device
 * answers through `output`. A device calls `output` once per whole frame it sends, so the fault layer
 * can split, corrupt or replace frames.
 */
export interface SimulatedDevice {
  readonly id: string;
  readonly kind: SimDeviceKind;
  receive(chunk: Uint8Array): void;
  /** Set once by the host before any byte is received. */
  attach(output: (frame: Uint8Array) => void): void;
  /** Device state for `GET /devices/:id` (templates, tags, relay, door contact …). JSON-serialisable. */
  snapshot(): Record<string, unknown>;
  /** Stops timers (inventory rounds, pending replies). */
  close(): void;
}
