import { TransportError } from '@vaultline/shared';
import { SerialPort } from 'serialport';
import { type ByteTransport, TransportListeners } from './byte-transport.ts';

export interface SerialTransportOptions {
  /** Device path, e.g. `/dev/ttyUSB0` or a stable `/dev/serial/by-id/…` link. */
  path: string;
  baudRate: number;
}

/**
 * A serial port through node-serialport's real binding. Bytes left in the kernel buffer from an earlier
 * session are flushed on open, so a stale half-frame cannot be taken for an answer.
 */
export class SerialTransport implements ByteTransport {
  readonly description: string;
  private readonly listeners = new TransportListeners();
  private port: SerialPort | undefined;

  constructor(private readonly options: SerialTransportOptions) {
    this.description = `serial:${options.path}@${options.baudRate}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.port?.isOpen) return;
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((error) =>
        error
          ? reject(
              new TransportError(
                'TRANSPORT_OPEN',
                `${this.description}: cannot open (${error.message}); check the path, that the device is plugged in, and that this user may read it (group dialout)`,
                { cause: error },
              ),
            )
          : resolve(),
      ),
    );
    await new Promise<void>((resolve) => port.flush(() => resolve()));
    port.on('data', (chunk: Buffer) => this.listeners.emitData(new Uint8Array(chunk)));
    // The binding reports a vanished device as an error, a close with `disconnected`, or both.
    const lost = (error?: Error | null) => {
      if (this.port !== port) return;
      this.port = undefined;
      port.removeAllListeners();
      if (port.isOpen) port.close(() => {});
      this.listeners.emitClose(
        new TransportError(
          'TRANSPORT_LOST',
          `${this.description}: link lost (${error?.message ?? 'closed'})`,
          {
            cause: error,
          },
        ),
      );
    };
    port.on('close', (error?: Error | null) => lost(error));
    port.on('error', (error: Error) => lost(error));
    this.port = port;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new TransportError('TRANSPORT_CLOSED', `${this.description}: not open`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) =>
        error
          ? reject(
              new TransportError('TRANSPORT_WRITE', `${this.description}: write failed (${error.message})`),
            )
          : resolve(),
      );
    });
    await new Promise<void>((resolve) => port.drain(() => resolve()));
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port) return;
    port.removeAllListeners();
    port.on('error', () => {});
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.listeners.onData(listener);
  }

  onClose(listener: (cause: Error) => void): () => void {
    return this.listeners.onClose(listener);
  }
}
