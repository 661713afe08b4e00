import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { disableNagle } from '../../src/net/tcp-no-delay.ts';

/** A socket as far as Nagle goes: remembers what `setNoDelay` was last given. */
class FakeSocket {
  noDelay: boolean | undefined;
  setNoDelay(noDelay: boolean): this {
    this.noDelay = noDelay;
    return this;
  }
}

/** An MQTT.js client as far as this goes: its socket is replaced on every (re)connection. */
class FakeClient extends EventEmitter {
  stream: FakeSocket | undefined = new FakeSocket();

  reconnect(): FakeSocket {
    const socket = new FakeSocket();
    this.stream = socket;
    this.emit('connect', { sessionPresent: false });
    return socket;
  }
}

describe('disableNagle', () => {
  it('sets TCP_NODELAY on the current socket and on the socket of every reconnection', () => {
    const client = new FakeClient();
    const first = client.stream;
    disableNagle(client);
    expect(first?.noDelay).toBe(true);
    expect(client.reconnect().noDelay).toBe(true);
    expect(client.reconnect().noDelay).toBe(true);
  });

  it('waits for a client that has no socket yet', () => {
    const client = new FakeClient();
    client.stream = undefined;
    disableNagle(client);
    expect(client.reconnect().noDelay).toBe(true);
  });
});
