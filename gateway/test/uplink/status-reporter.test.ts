import { StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { check } from '@vaultline/shared/contract/validate';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../src/devices/driver/device-health.ts';
import type { Backlog } from '../../src/store/event-log.ts';
import { StatusReporter } from '../../src/uplink/status-reporter.ts';
import { recordingLogger } from './uplink-fixture.ts';

function reporter(limitBytes = 1_000) {
  const clock = new FakeClock();
  const backlog: Backlog = { count: 0, oldestTs: null, bytes: 0 };
  const devices: DeviceStatus[] = [
    { device: 'fp-door', kind: 'fingerprint', online: true, reason: 'answered', at: clock.now() },
    { device: 'rfid-1', kind: 'rfid', online: false, reason: 'no answer', at: clock.now() },
  ];
  const published: StatusPayload[] = [];
  const { logger, lines } = recordingLogger();
  const status = new StatusReporter({
    sources: { backlog: () => backlog, lastSeq: () => 7, devices: () => devices, planVersion: () => 3 },
    publish: (payload) => published.push(payload),
    minIntervalMs: 1_000,
    outboxLimitBytes: limitBytes,
    clock,
    logger,
  });
  return { clock, backlog, published, lines, status };
}

describe('StatusReporter', () => {
  it('publishes a schema-valid online status with devices and the backlog in detail', async () => {
    const r = reporter();
    await r.clock.advance(0);
    Object.assign(r.backlog, { count: 4, oldestTs: r.clock.now() - 90_000, bytes: 800 });
    r.status.now();
    const [status] = r.published;
    expect(check(StatusPayload, status).ok).toBe(true);
    expect(status).toEqual({
      online: true,
      ts: new Date(r.clock.now()).toISOString(),
      devices: {
        'fp-door': { kind: 'fingerprint', online: true, reason: 'answered' },
        'rfid-1': { kind: 'rfid', online: false, reason: 'no answer' },
      },
      backlog: 4,
      backlogDetail: { count: 4, oldestAgeS: 90, bytes: 800, limitBytes: 1_000 },
      lastSeq: 7,
      planVersion: 3,
    });
  });

  it('reports nothing once stopped, whatever asks for a status afterwards', async () => {
    const r = reporter();
    r.status.now();
    r.status.request();
    r.status.stop();
    r.status.request();
    r.status.now();
    await r.clock.advance(10_000);
    expect(r.published).toHaveLength(1);
  });

  it('gives a last will marked offline without a time, valid against the schema', () => {
    const r = reporter();
    r.status.now();
    const will = r.status.offline();
    expect(will.online).toBe(false);
    expect(will.ts).toBeUndefined();
    expect(check(StatusPayload, will).ok).toBe(true);
  });

  it('throttles bursts to one publish per interval, keeping the last state', async () => {
    const r = reporter();
    for (let i = 1; i <= 5; i++) {
      r.backlog.count = i;
      r.status.request();
    }
    await r.clock.advance(1_000);
    expect(r.published.map((s) => s.backlog)).toEqual([1, 5]);
  });

  it('warns once when the outbox crosses its limit and says when it is back under, dropping nothing', () => {
    const r = reporter(1_000);
    r.backlog.bytes = 1_500;
    r.status.now();
    r.status.now();
    expect(r.status.isOverLimit()).toBe(true);
    expect(r.status.summary()).toMatchObject({ bytes: 1_500, limitBytes: 1_000 });
    r.backlog.bytes = 200;
    r.status.now();
    expect(r.status.isOverLimit()).toBe(false);
    const messages = r.lines.map((l) => String(l.msg));
    expect(messages.filter((m) => m.includes('above its configured limit'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('back under'))).toHaveLength(1);
  });
});
