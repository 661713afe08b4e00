import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startAedes } from '../../src/harness/aedes-broker.ts';
import { mosquittoPasswd, startMosquitto } from '../../src/harness/mosquitto.ts';
import { waitFor } from '../../src/harness/wait-for.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vl-broker-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function client(url: string, options: Record<string, unknown> = {}): Promise<MqttClient> {
  const c = await connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, ...options });
  cleanups.push(() => c.endAsync(true));
  return c;
}

/** Publishes on `topic` from one client and resolves what a second client subscribed to it receives. */
async function roundTrip(
  url: string,
  topic: string,
  options: Record<string, unknown> = {},
): Promise<string[]> {
  const received: string[] = [];
  const sub = await client(url, options);
  sub.on('message', (_t, payload) => received.push(payload.toString()));
  await sub.subscribeAsync(topic, { qos: 1 });
  const pub = await client(url, options);
  await pub.publishAsync(topic, 'hello', { qos: 1 });
  await waitFor(() => received.length > 0, 'the message through the broker');
  return received;
}

describe('broker harnesses', () => {
  it('aedes relays a QoS 1 message and stops', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.stop());
    expect(await roundTrip(broker.url, 'vl/t')).toEqual(['hello']);
    await broker.stop();
    await expect(client(broker.url)).rejects.toThrow();
  });

  it('aedes drops a client abruptly, so its last will goes out', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.stop());
    const wills: string[] = [];
    const watcher = await client(broker.url);
    watcher.on('message', (_t, payload) => wills.push(payload.toString()));
    await watcher.subscribeAsync('vl/will', { qos: 1 });
    await client(broker.url, {
      clientId: 'gw-x',
      will: { topic: 'vl/will', payload: Buffer.from('gone'), qos: 1 },
    });
    expect(broker.dropClient('gw-x')).toBe(true);
    await waitFor(() => wills.length > 0, 'the last will');
    expect(wills).toEqual(['gone']);
  });

  it('mosquitto relays a QoS 1 message and stops', async () => {
    const broker = await startMosquitto({ dir: tempDir() });
    cleanups.push(() => broker.stop());
    expect(await roundTrip(broker.url, 'vl/t')).toEqual(['hello']);
    await broker.stop();
    await expect(client(broker.url)).rejects.toThrow();
  });

  it('mosquitto enforces its password and ACL files', async () => {
    const dir = tempDir();
    const passwordFile = join(dir, 'passwd');
    await mosquittoPasswd(passwordFile, 'gw1', 'secret', true);
    const aclFile = join(dir, 'acl');
    writeFileSync(aclFile, 'pattern readwrite vl/v1/gw/%u/#\n');
    const broker = await startMosquitto({ dir, passwordFile, aclFile });
    cleanups.push(() => broker.stop());
    await expect(client(broker.url, { username: 'gw1', password: 'wrong' })).rejects.toThrow();
    const auth = { username: 'gw1', password: 'secret' };
    expect(await roundTrip(broker.url, 'vl/v1/gw/gw1/events', auth)).toEqual(['hello']);
  });
});
