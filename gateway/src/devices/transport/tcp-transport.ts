import { Socket } from 'node:net';
import { TransportError } from '@vaultline/shared';
import { type ByteTransport, TransportListeners } from './byte-transport.ts';

export interface TcpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
}

/** A raw TCP byte stream: a serial device behind a serial-to-Ethernet server, or a remote simulator. */
export class TcpTransport implements ByteTransport {
  readonly description: string;
  private readonly listeners = new TransportListeners();
  private socket: Socket | undefined;

  constructor(private readonly options: TcpTransportOptions) {
    this.description = `tcp://${options.host}:${options.port}`;
  }

  /** Parses `tcp://host:port`; throws a TransportError naming the expected form. */
  static fromUrl(url: string): TcpTransport {
    const match = /^tcp:\/\/([^:/]+):(\d{1,5})\/?$/.exec(url);
    const port = Number(match?.[2]);
    if (!match?.[1] || !(port > 0 && port < 65536)) {
      throw new TransportError(
        'TRANSPORT_CONFIG',
        `"${url}" is not a TCP device address; expected tcp://host:port`,
      );
    }
    return new TcpTransport({ host: match[1], port });
  }

  get isOpen(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const socket = new Socket();
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => socket.destroy(new Error('connect timeout')),
        this.options.connectTimeoutMs ?? 5_000,
      );
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new TransportError(
            'TRANSPORT_OPEN',
            `${this.description}: cannot connect (${error.message}); check host, port and the serial server`,
            {
              cause: error,
            },
          ),
        );
      });
      socket.connect(this.options.port, this.options.host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve();
      });
    });
    socket.on('data', (chunk: Buffer) => this.listeners.emitData(new Uint8Array(chunk)));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.listeners.emitClose(
        new TransportError('TRANSPORT_LOST', `${this.description}: connection closed by peer`),
      );
    });
    this.socket = socket;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed)
      throw new TransportError('TRANSPORT_CLOSED', `${this.description}: not connected`);
    await new Promise<void>((resolve, reject) =>
      socket.write(bytes, (error) =>
        error
          ? reject(
              new TransportError('TRANSPORT_WRITE', `${this.description}: write failed (${error.message})`),
            )
          : resolve(),
      ),
    );
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.listeners.onData(listener);
  }

  onClose(listener: (cause: Error) => void): () => void {
    return this.listeners.onClose(listener);
  }
}
