import { createServer, type Socket } from 'node:net';
import { Aedes, type AedesOptions, type Client } from 'aedes';
import { freePort } from './sim-process.ts';

export interface AedesHarnessOptions
  extends Pick<
    AedesOptions,
    'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'
  > {
  /** Listen on this port (to restart a stopped broker where its clients reconnect); default: a free one. */
  port?: number;
}

export interface AedesInstance {
  url: string;
  port: number;
  broker: Aedes;
  /** Destroys the socket of the connected client `clientId` (an abrupt loss: its last will is published). */
  dropClient(clientId: string): boolean;
  /** Closes the listener, destroys every client socket and closes the broker; idempotent. */
  stop(): Promise<void>;
}

/**
 * An in-process aedes (MQTT 3.1.1 only: clients need `protocolVersion: 4`) on 127.0.0.1. Sessions and
 * retained messages live in this broker's memory: a restart on the same `port` starts empty.
 */
export async function startAedes(options: AedesHarnessOptions = {}): Promise<AedesInstance> {
  const { port: wanted, ...hooks } = options;
  const broker = await Aedes.createBroker(hooks);
  const sockets = new Set<Socket>();
  const clients = new Map<string, Client>();
  broker.on('client', (client) => clients.set(client.id, client));
  broker.on('clientDisconnect', (client) => {
    if (clients.get(client.id) === client) clients.delete(client.id);
  });
  const server = createServer((socket) => {
    // Small acks must not wait behind Nagle for the peer's delayed ACK (≈ 40 ms per round trip on Linux).
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  const port = wanted ?? (await freePort());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  let stopped = false;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    broker,
    dropClient(clientId) {
      const client = clients.get(clientId);
      if (!client) return false;
      client.conn.destroy();
      return true;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
