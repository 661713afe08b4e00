import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay between the gateway and a broker, so a test can cut the gateway's connection the way a
 * network does (both sockets destroyed, no DISCONNECT): the broker then publishes the last will.
 */
export async function startTcpProxy(target: { port: number }): Promise<{
  url: string;
  /** Destroys every relayed connection; new ones are still accepted (the gateway reconnects). */
  cut(): void;
  stop(): Promise<void>;
}> {
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((inbound) => {
    const outbound = connect({ port: target.port, host: '127.0.0.1' });
    const pair: [Socket, Socket] = [inbound, outbound];
    pairs.add(pair);
    const close = () => {
      inbound.destroy();
      outbound.destroy();
      pairs.delete(pair);
    };
    inbound.on('error', close).on('close', close).pipe(outbound);
    outbound.on('error', close).on('close', close).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('proxy did not bind');
  const cut = () => {
    for (const [inbound, outbound] of pairs) {
      inbound.destroy();
      outbound.destroy();
    }
    pairs.clear();
  };
  return {
    url: `mqtt://127.0.0.1:${address.port}`,
    cut,
    async stop() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
