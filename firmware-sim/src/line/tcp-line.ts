import { createServer, type Server, type Socket } from 'node:net';
import type { Line } from './line.ts';

/**
 * A device served on a TCP port, as behind a serial-to-Ethernet server: one client at a time, raw bytes.
 * Unplugging closes the listener and drops the client.
 */
export class TcpLine implements Line {
  private server: Server | undefined;
  private client: Socket | undefined;
  private listener: ((chunk: Uint8Array) => void) | undefined;

  /** `port` 0 lets the OS choose; the chosen port is kept across unplug/replug. */
  constructor(
    private port: number,
    private readonly host = '127.0.0.1',
  ) {}

  get endpoint(): string {
    return `tcp://${this.host}:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => {
      this.client?.destroy();
      this.client = socket;
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => this.listener?.(new Uint8Array(chunk)));
      socket.on('error', () => {});
      socket.on('close', () => {
        if (this.client === socket) this.client = undefined;
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  async stop(): Promise<void> {
    this.client?.destroy();
    this.client = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async write(bytes: Uint8Array): Promise<void> {
    const client = this.client;
    if (!client || client.destroyed) return;
    await new Promise<void>((resolve) => client.write(bytes, () => resolve()));
  }

  onReceive(listener: (chunk: Uint8Array) => void): void {
    this.listener = listener;
  }

  async setPlugged(plugged: boolean): Promise<void> {
    if (plugged && !this.server) await this.start();
    if (!plugged && this.server) await this.stop();
  }
}
