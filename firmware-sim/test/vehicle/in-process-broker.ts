import { createRequire } from 'node:module';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';

/**
 * aedes belongs to the packages that host a broker (the centre, the cross-process tests), not to the
 * simulator: these tests load the copy installed for the tests package rather than add a dependency.
 */
const fromTestsPackage = createRequire(new URL('../../../tests/package.json', import.meta.url));

type Authenticate = (
  client: unknown,
  username: string | undefined,
  password: Buffer | undefined,
  done: (error: Error | null, success: boolean) => void,
) => void;

interface AedesBroker {
  handle(socket: Socket): void;
  close(done: () => void): void;
}

interface AedesModule {
  Aedes: { createBroker(options?: { authenticate?: Authenticate }): Promise<AedesBroker> };
}

export interface TestBroker {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real MQTT 3.1.1 broker (aedes) in this process on a free loopback port. With `credentials`
 * (username → password), a client must log in as one of them.
 */
export async function startBroker(credentials?: Record<string, string>): Promise<TestBroker> {
  const { Aedes } = (await import(pathToFileURL(fromTestsPackage.resolve('aedes')).href)) as AedesModule;
  const authenticate: Authenticate = (_client, username, password, done) =>
    done(null, username !== undefined && credentials?.[username] === password?.toString());
  const broker = await Aedes.createBroker(credentials ? { authenticate } : {});
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

/**
 * Polls until `condition` holds. Messages cross a real socket, so this waits in real time; the limit is
 * a safety net that turns a hang into a clear failure, never a timing assertion.
 */
export async function until(condition: () => boolean, what: string, limitMs = 5_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up after ${limitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
