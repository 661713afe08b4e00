/**
 * A byte duplex to one device: a serial port, a BLE Nordic UART Service, or a TCP serial server.
 * Drivers see only this interface, so a device can move from a cable to BLE by configuration alone.
 *
 * Lifecycle: `open()` connects (rejects with a TransportError saying what to check); `close()` is
 * idempotent. An unexpected loss of the link calls the `onClose` listeners with the cause; the
 * supervisor (DeviceLink) decides when to reopen.
 */
export interface ByteTransport {
  /** Human-readable endpoint for logs, e.g. `serial:/dev/ttyUSB0@57600` or `ble:AA:BB:…`. */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Chunks as they arrive; they may hold part of a frame or several frames. Returns an unsubscribe. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** The link was lost without `close()` being called. Returns an unsubscribe. */
  onClose(listener: (cause: Error) => void): () => void;
}

/** Listener bookkeeping shared by the transport implementations. */
export class TransportListeners {
  private readonly data = new Set<(chunk: Uint8Array) => void>();
  private readonly close = new Set<(cause: Error) => void>();

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.data.add(listener);
    return () => this.data.delete(listener);
  }

  onClose(listener: (cause: Error) => void): () => void {
    this.close.add(listener);
    return () => this.close.delete(listener);
  }

  emitData(chunk: Uint8Array): void {
    for (const listener of this.data) listener(chunk);
  }

  emitClose(cause: Error): void {
    for (const listener of this.close) listener(cause);
  }
}
