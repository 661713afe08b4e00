/**
 * One error root for the whole product, one subclass per layer (STYLE.md §7).
 * Messages say what happened and what to do about it; `code` is stable for logs and HTTP answers.
 */
export class VaultlineError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Codec layer: bytes that do not form a valid frame of the protocol. */
export class CodecError extends VaultlineError {}

export class ChecksumError extends CodecError {
  constructor(
    readonly protocol: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      'CHECKSUM',
      `${protocol}: checksum mismatch (expected 0x${expected.toString(16)}, got 0x${actual.toString(16)}); the frame was dropped — check wiring, baud rate and line noise`,
    );
  }
}

export class FrameFormatError extends CodecError {
  constructor(protocol: string, detail: string) {
    super('FRAME_FORMAT', `${protocol}: ${detail}`);
  }
}

/** Transport layer: the byte pipe to a device (serial, BLE, TCP). */
export class TransportError extends VaultlineError {}

/** Driver layer: a device did not answer, or answered with an error status. */
export class DeviceError extends VaultlineError {}

export class DeviceTimeoutError extends DeviceError {
  constructor(
    readonly device: string,
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(
      'DEVICE_TIMEOUT',
      `${device}: no answer to ${operation} within ${timeoutMs} ms — check that the device is powered, connected and set to the configured baud rate`,
    );
  }
}

export class DeviceStatusError extends DeviceError {
  constructor(
    readonly device: string,
    readonly operation: string,
    readonly status: number,
    readonly meaning: string,
  ) {
    super(
      'DEVICE_STATUS',
      `${device}: ${operation} failed with status 0x${status.toString(16).padStart(2, '0')} (${meaning})`,
    );
  }
}

export class DeviceOfflineError extends DeviceError {
  constructor(readonly device: string) {
    super(
      'DEVICE_OFFLINE',
      `${device}: not connected; the driver reconnects on its own, retry when it reports online`,
    );
  }
}
