import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SerialPort } from 'serialport';
import { PtyPair } from '../serve/pty-pair.ts';
import type { Line } from './line.ts';

/**
 * A device served on a pseudo-terminal pair. The simulator opens its end with the real serialport binding;
 * the gateway opens `hostLink`. Unplugging kills socat, so the gateway's port fails as on a cable pull.
 */
export class PtyLine implements Line {
  readonly endpoint: string;
  private readonly pair: PtyPair;
  private port: SerialPort | undefined;
  private listener: ((chunk: Uint8Array) => void) | undefined;

  constructor(hostLink: string, workDir: string) {
    mkdirSync(dirname(hostLink), { recursive: true });
    mkdirSync(workDir, { recursive: true });
    this.endpoint = hostLink;
    this.pair = new PtyPair(hostLink, join(workDir, `${basename(hostLink)}.device`));
  }

  async start(): Promise<void> {
    await this.pair.start();
    const port = new SerialPort({ path: this.pair.deviceLink, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    await new Promise<void>((resolve) => port.flush(() => resolve()));
    port.on('data', (chunk: Buffer) => this.listener?.(new Uint8Array(chunk)));
    // The gateway closing its end, or socat going away, must never crash the simulator.
    port.on('error', () => {});
    this.port = port;
  }

  async stop(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await this.pair.stop();
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.write(Buffer.from(bytes), () => resolve()));
  }

  onReceive(listener: (chunk: Uint8Array) => void): void {
    this.listener = listener;
  }

  async setPlugged(plugged: boolean): Promise<void> {
    if (plugged && !this.port) await this.start();
    if (!plugged && this.port) await this.stop();
  }
}
