import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BranchGateway } from '../runs/run-events-fixture.ts';
import { apiFixture, auth } from './api-fixture.ts';

let fixture: Awaited<ReturnType<typeof apiFixture>>;

afterEach(async () => {
  await fixture?.app.close();
});

/** A real HTTP client on the live stream: what it has read so far, and a way to wait for more. */
async function connect(port: number) {
  let text = '';
  const waiters: (() => void)[] = [];
  const req = request({ host: '127.0.0.1', port, path: '/api/v1/stream', headers: auth('auditor') });
  const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    req.on('response', resolve).on('error', reject).end();
  });
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    text += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const match = pattern.exec(text);
      if (match) return match;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { response, until, close: () => req.destroy(), text: () => text };
}

describe('live stream (SSE) over real HTTP', () => {
  it('delivers an alarm raised while a client listens, run progress and keep-alives, and unsubscribes on close', async () => {
    fixture = await apiFixture({ keepAliveMs: 15_000 });
    await fixture.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = fixture.app.server.address() as AddressInfo;
    const client = await connect(port);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await client.until(/^retry: \d+\n\n/);

    fixture.alarms.gatewayOnline('gw-1', false);
    const [, alarmData] = await client.until(/event: alarm\ndata: (.*)\n\n/);
    expect(JSON.parse(alarmData!)).toMatchObject({
      change: 'raised',
      alarm: { kind: 'GATEWAY_OFFLINE', state: 'raised', gatewayId: 'gw-1', siteId: 'B1' },
    });

    const b1 = new BranchGateway(1);
    fixture.runs.onGatewayEvents('gw-1', [b1.arrived('09:05')]);
    const [, runData] = await client.until(/event: run\ndata: (.*)\n\n/);
    expect(JSON.parse(runData!)).toMatchObject({
      type: 'stop',
      runId: 'R1',
      vehicleId: 'V1',
      stop: { seq: 1, state: 'arrived' },
    });

    await fixture.clock.advance(15_000);
    await client.until(/: keep-alive\n\n/);
    // One keep-alive timer per open stream, and nothing else on this clock.
    expect(fixture.clock.pending).toBe(1);

    client.close();
    await waitFor(() => fixture.clock.pending === 0);
    // An alarm after the client left goes nowhere and breaks nothing.
    fixture.alarms.gatewayOnline('gw-2', false);
    expect(fixture.alarms.list({ kind: 'GATEWAY_OFFLINE' })).toHaveLength(2);
  });

  it('ends open streams when the server closes', async () => {
    fixture = await apiFixture();
    await fixture.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = fixture.app.server.address() as AddressInfo;
    const client = await connect(port);
    await client.until(/^retry:/);
    const ended = new Promise<void>((resolve) => client.response.on('end', resolve));
    await fixture.app.close();
    await ended;
    expect(fixture.clock.pending).toBe(0);
  });
});

/** Polls a condition that a socket event makes true (the server sees the client's close a moment later). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
