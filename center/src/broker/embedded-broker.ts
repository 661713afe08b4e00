import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { type Logger, silentLogger } from '@vaultline/shared';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { type BrokerPrincipal, mayPublish, maySubscribe } from './broker-acl.ts';
import type { BrokerUserStore } from './credentials.ts';
import { verifyScrypt } from './password-hash.ts';

/** The centre's own broker account (from its config); the password is held in memory only. */
export interface CentreBrokerUser {
  username: string;
  password: string;
}

export interface EmbeddedBrokerOptions {
  users: BrokerUserStore;
  centre: CentreBrokerUser;
  /** TCP port; 0 picks a free one (tests). Default 1883, the MQTT port. */
  port?: number;
  /** Interface to listen on. Default all interfaces: gateways connect from their branches. */
  host?: string;
  logger?: Logger;
}

export interface EmbeddedBroker {
  readonly broker: Aedes;
  readonly port: number;
  /** `mqtt://host:port` for clients on this machine. */
  readonly url: string;
  stop(): Promise<void>;
}

const MQTT_PORT = 1883;
/** CONNACK return code 4 (MQTT 3.1.1 §3.2.2.3): bad user name or password. Unknown users get it too. */
const BAD_USERNAME_OR_PASSWORD = 4;

/**
 * The zero-setup broker (DESIGN §6): aedes in the centre's process, used when no broker URL is configured.
 * Clients authenticate with the credentials the centre issued (gateway: its id + password, vehicle: its
 * id + password, the centre: its configured user) and get the rights of `broker-acl.ts`. A publish outside
 * those rights closes the client's connection (aedes' answer; Mosquitto instead acknowledges and drops
 * it): either way the message never reaches a subscriber.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const logger = (options.logger ?? silentLogger).child({ component: 'center.broker' });
  const principals = new WeakMap<Client, BrokerPrincipal>();
  const verified = new VerifiedSecrets();
  const identify = async (username: string, password: string): Promise<BrokerPrincipal | undefined> => {
    if (username === options.centre.username) {
      return sameSecret(password, options.centre.password) ? { role: 'centre' } : undefined;
    }
    const gateway = options.users.gatewayCredentials.get(username);
    const vehicle = gateway ? undefined : options.users.vehicles.get(username);
    const stored = gateway?.passwordHash ?? vehicle?.passwordHash;
    if (!stored || !(await verified.check(username, password, stored))) return undefined;
    return gateway ? { role: 'gateway', id: username } : { role: 'vehicle', id: username };
  };

  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      identify(username ?? '', password?.toString('utf8') ?? '').then(
        (principal) => {
          if (principal) {
            principals.set(client, principal);
            done(null, true);
            return;
          }
          logger.warn({ clientId: client.id, username }, 'broker login refused');
          const error = new Error('bad user name or password') as AuthenticateError;
          error.returnCode = BAD_USERNAME_OR_PASSWORD;
          done(error, false);
        },
        (error: unknown) => done(error as AuthenticateError, false),
      );
    },
    authorizePublish: (client, packet, done) => {
      // No client: aedes publishing a will of a client that is gone; the will was checked at CONNECT.
      const principal = client ? principals.get(client) : { role: 'centre' as const };
      if (principal && mayPublish(principal, packet.topic)) return done(null);
      logger.warn(
        { clientId: client?.id, topic: packet.topic },
        'publish outside the client’s rights refused',
      );
      done(new Error(`not allowed to publish to ${packet.topic}`));
    },
    authorizeSubscribe: (client, subscription, done) => {
      const principal = principals.get(client);
      if (principal && maySubscribe(principal, subscription.topic)) return done(null, subscription);
      logger.warn(
        { clientId: client.id, topic: subscription.topic },
        'subscription outside the client’s rights refused',
      );
      // A null subscription is refused in the SUBACK (0x80) while the connection stays up.
      done(null, null);
    },
  });
  broker.on('clientError', (client, error) =>
    logger.debug({ clientId: client.id, err: error }, 'client error'),
  );

  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    // Acks and small event messages must not wait ~40 ms behind Nagle + delayed ACK: catch-up of
    // 100 000 events took 9–15 s without this and ~4 s with it.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  const port = await listen(server, options.port ?? MQTT_PORT, options.host);
  const host =
    options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  logger.info({ port, host: options.host ?? '*' }, 'embedded broker listening');
  return {
    broker,
    port,
    url: `mqtt://${host}:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Remembers the last password that passed scrypt for each user (as a SHA-256, in memory), so a reconnect
 * storm of a thousand gateways costs a thousand hashes, not thirty seconds of scrypt. Keyed by the stored
 * hash: rotating a credential invalidates what was remembered.
 */
class VerifiedSecrets {
  private readonly remembered = new Map<string, { stored: string; digest: Buffer }>();

  async check(username: string, password: string, stored: string): Promise<boolean> {
    const digest = createHash('sha256').update(password, 'utf8').digest();
    const known = this.remembered.get(username);
    if (known?.stored === stored && timingSafeEqual(known.digest, digest)) return true;
    if (!(await verifyScrypt(password, stored))) return false;
    this.remembered.set(username, { stored, digest });
    return true;
  }
}
