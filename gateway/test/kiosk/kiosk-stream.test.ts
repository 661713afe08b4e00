import { type ClientRequest, get, type IncomingMessage } from 'node:http';
import { silentLogger } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type KioskServer, startKiosk } from '../../src/kiosk/kiosk-server.ts';
import { FakeBackend } from './fake-backend.ts';
import { activeDelivery, engineState } from './kiosk-fixtures.ts';

/** A minimal SSE client over node:http: collects the raw stream and waits for what the test expects. */
class SseClient {
  text = '';
  response!: IncomingMessage;
  private request!: ClientRequest;
  private waiters: Array<() => void> = [];

  static open(url: string): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.request = get(url, (response) => {
        client.response = response;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          client.text += chunk;
          for (const wake of client.waiters.splice(0)) wake();
        });
        resolve(client);
      });
      client.request.on('error', reject);
    });
  }

  /** Resolves once the stream contains `pattern` (after `from`), returning what matched. */
  async until(pattern: RegExp, from = 0): Promise<RegExpExecArray> {
    for (;;) {
      const match = pattern.exec(this.text.slice(from));
      if (match) return match;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  close(): void {
    this.request.destroy();
  }
}

let backend: FakeBackend;
let clock: FakeClock;
let kiosk: KioskServer;

beforeEach(async () => {
  backend = new FakeBackend();
  clock = new FakeClock();
  kiosk = await startKiosk({ backend, port: 0, logger: silentLogger, clock, keepAliveMs: 15_000 });
});
afterEach(() => kiosk.close());

const data = (match: RegExpExecArray) => JSON.parse(match[1] ?? 'null');

describe('kiosk SSE stream', () => {
  it('starts with the retry interval and the current view, with no-store and the page policy', async () => {
    const client = await SseClient.open(`${kiosk.url}/api/stream`);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers['cache-control']).toBe('no-store');
    expect(client.response.headers['x-frame-options']).toBe('DENY');
    await client.until(/^retry: 2000\n\n/);
    expect(data(await client.until(/event: view\ndata: (.*)\n\n/))).toEqual(backend.view());
    client.close();
  });

  it('delivers view, speak and alarm events as they happen', async () => {
    const client = await SseClient.open(`${kiosk.url}/api/stream`);
    await client.until(/event: view\n/);
    const mark = client.text.length;
    backend.update({ state: engineState({ active: activeDelivery() }) });
    backend.emit({ type: 'speak', zh: '运钞车 沪A·C1234 已到达', en: 'Cash van 沪A·C1234 has arrived' });
    const alarm = {
      alarmId: 'A1',
      kind: 'WRONG_BOX' as const,
      severity: 'critical' as const,
      siteId: 'BR-001',
      detail: {},
    };
    backend.emit({ type: 'alarm', alarm });
    const view = data(await client.until(/event: view\ndata: (.*)\n\n/, mark));
    expect(view.active.vehicle.plate).toBe('沪A·C1234');
    expect(data(await client.until(/event: speak\ndata: (.*)\n\n/, mark))).toEqual({
      zh: '运钞车 沪A·C1234 已到达',
      en: 'Cash van 沪A·C1234 has arrived',
    });
    expect(data(await client.until(/event: alarm\ndata: (.*)\n\n/, mark))).toEqual(alarm);
    client.close();
  });

  it('sends keep-alive comments on the injected clock', async () => {
    const client = await SseClient.open(`${kiosk.url}/api/stream`);
    await client.until(/event: view\n/);
    expect(client.text).not.toContain(': keep-alive');
    await clock.advance(15_000);
    await client.until(/^: keep-alive\n\n/m);
    await clock.advance(15_000);
    await client.until(/: keep-alive\n\n[\s\S]*: keep-alive\n\n/);
    client.close();
  });

  it('unsubscribes and stops its timer when the screen goes away', async () => {
    const first = await SseClient.open(`${kiosk.url}/api/stream`);
    const second = await SseClient.open(`${kiosk.url}/api/stream`);
    await first.until(/event: view\n/);
    await second.until(/event: view\n/);
    expect(backend.subscribers).toBe(2);
    expect(clock.pending).toBe(2);
    first.close();
    await vi.waitFor(() => expect(backend.subscribers).toBe(1));
    expect(clock.pending).toBe(1);
    second.close();
    await vi.waitFor(() => expect(backend.subscribers).toBe(0));
    expect(clock.pending).toBe(0);
  });

  it('ends open streams when the server closes', async () => {
    const client = await SseClient.open(`${kiosk.url}/api/stream`);
    await client.until(/event: view\n/);
    const ended = new Promise<void>((resolve) => client.response.on('end', resolve));
    await kiosk.close();
    await ended;
    expect(backend.subscribers).toBe(0);
  });
});
