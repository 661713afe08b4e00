import { TransportError } from '@vaultline/shared';
import { type ByteTransport, TransportListeners } from './byte-transport.ts';

/**
 * An in-process transport whose far end is a function: used to wire a driver straight to a simulated
 * device in unit tests (with a fake clock), and by benchmarks that measure code rather than the kernel.
 * `deliver` pushes device bytes to the driver; `drop` simulates a lost link.
 */
export class MemoryTransport implements ByteTransport {
  readonly description: string;
  private readonly listeners = new TransportListeners();
  private opened = false;

  constructor(
    private readonly toDevice: (bytes: Uint8Array) => void,
    description = 'memory',
  ) {
    this.description = description;
  }

  get isOpen(): boolean {
    return this.opened;
  }

  /** When false, `open()` fails as an unplugged device would. */
  available = true;

  async open(): Promise<void> {
    if (!this.available)
      throw new TransportError('TRANSPORT_OPEN', `${this.description}: device not present`);
    this.opened = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.opened)
      throw new TransportError('TRANSPORT_CLOSED', `${this.description}: write on a closed transport`);
    this.toDevice(bytes);
  }

  async close(): Promise<void> {
    this.opened = false;
  }

  deliver(chunk: Uint8Array): void {
    if (this.opened) this.listeners.emitData(chunk);
  }

  drop(cause = new TransportError('TRANSPORT_LOST', `${this.description}: link lost`)): void {
    if (!this.opened) return;
    this.opened = false;
    this.listeners.emitClose(cause);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.listeners.onData(listener);
  }

  onClose(listener: (cause: Error) => void): () => void {
    return this.listeners.onClose(listener);
  }
}
