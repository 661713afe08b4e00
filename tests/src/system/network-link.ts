import { connect, createServer, type Socket } from 'node:net';

/**
 * A branch's network link to the broker, as a TCP relay the test can take down and bring back. Down, it
 * destroys every relayed connection the way a cut line does (no DISCONNECT, so the broker publishes the
 * gateway's last will) and drops each new connection at once; up, it relays to the broker's port again.
 * The port it relays to is read on each connection, so a broker that came back elsewhere is followed.
 */
export class NetworkLink {
  private readonly pairs = new Set<[Socket, Socket]>();
  private isUp = true;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async open(targetPort: () => number): Promise<NetworkLink> {
    let link: NetworkLink | undefined;
    const server = createServer((inbound) => link?.relay(inbound, targetPort()));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('the network link did not bind a port');
    link = new NetworkLink(server, `mqtt://127.0.0.1:${address.port}`);
    return link;
  }

  get up(): boolean {
    return this.isUp;
  }

  /** The line is cut: every connection dies now, and new ones die as they come. */
  down(): void {
    this.isUp = false;
    for (const [inbound, outbound] of this.pairs) {
      inbound.destroy();
      outbound.destroy();
    }
    this.pairs.clear();
  }

  restore(): void {
    this.isUp = true;
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(inbound: Socket, port: number): void {
    if (!this.isUp) {
      inbound.destroy();
      return;
    }
    const outbound = connect({ port, host: '127.0.0.1' });
    const pair: [Socket, Socket] = [inbound, outbound];
    this.pairs.add(pair);
    const close = () => {
      inbound.destroy();
      outbound.destroy();
      this.pairs.delete(pair);
    };
    inbound.on('error', close).on('close', close).pipe(outbound);
    outbound.on('error', close).on('close', close).pipe(inbound);
  }
}
