/**
 * The simulator's side of the physical link to the gateway: a pty, a BLE NUS peripheral, or a TCP port.
 * A line carries bytes both ways and can be "unplugged" to simulate a disconnect.
 */
export interface Line {
  /** What the gateway opens to reach this device (pty link path, BLE address, tcp://…). */
  readonly endpoint: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  onReceive(listener: (chunk: Uint8Array) => void): void;
  /** `false` removes the line as a pulled cable or an out-of-range BLE device would; `true` restores it. */
  setPlugged(plugged: boolean): Promise<void>;
}
