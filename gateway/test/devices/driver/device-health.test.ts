import { DeviceTimeoutError, silentLogger } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { DeviceHealth, type DeviceStatus } from '../../../src/devices/driver/device-health.ts';
import { DeviceLink } from '../../../src/devices/transport/device-link.ts';
import { MemoryTransport } from '../../../src/devices/transport/memory-transport.ts';

async function setup(probe: () => Promise<void>) {
  const clock = new FakeClock();
  const transport = new MemoryTransport(() => {});
  const link = new DeviceLink(transport, clock, silentLogger, { initialMs: 100, maxMs: 100, factor: 1 });
  const health = new DeviceHealth({
    device: 'fp-door',
    kind: 'fingerprint',
    link,
    clock,
    logger: silentLogger,
    probe,
    probeIntervalMs: 1000,
    heartbeatMs: 5000,
  });
  const statuses: DeviceStatus[] = [];
  health.onChange((s) => statuses.push(s));
  health.start();
  await link.start();
  return { clock, transport, link, health, statuses };
}

describe('DeviceHealth', () => {
  it('goes online when the probe answers after the link comes up', async () => {
    const { clock, health, statuses } = await setup(async () => {});
    await clock.advance(0);
    expect(health.isOnline).toBe(true);
    expect(statuses.map((s) => [s.online, s.device, s.kind])).toEqual([[true, 'fp-door', 'fingerprint']]);
  });

  it('reports offline after consecutive timeouts, probes, and comes back when the device answers', async () => {
    let answering = true;
    const { clock, health, statuses } = await setup(async () => {
      if (!answering) throw new DeviceTimeoutError('fp-door', 'VfyPwd', 500);
    });
    await clock.advance(0);
    answering = false;
    health.record(new DeviceTimeoutError('fp-door', 'GenImg', 500));
    expect(health.isOnline).toBe(true);
    health.record(new DeviceTimeoutError('fp-door', 'GenImg', 500));
    expect(health.isOnline).toBe(false);
    expect(statuses.at(-1)?.reason).toMatch(/no answer to GenImg/);
    await clock.advance(3000);
    expect(health.isOnline).toBe(false);
    answering = true;
    await clock.advance(1000);
    expect(health.isOnline).toBe(true);
    expect(statuses.map((s) => s.online)).toEqual([true, false, true]);
  });

  it('goes offline at once when the link is lost', async () => {
    const { clock, transport, health, statuses } = await setup(async () => {});
    await clock.advance(0);
    transport.drop();
    expect(health.isOnline).toBe(false);
    expect(statuses.at(-1)?.reason).toMatch(/link lost/);
    await clock.advance(100);
    expect(health.isOnline).toBe(true);
  });

  it('probes an idle device on the heartbeat and notices it went silent', async () => {
    let answering = true;
    const { clock, health } = await setup(async () => {
      if (!answering) throw new DeviceTimeoutError('fp-door', 'VfyPwd', 500);
    });
    await clock.advance(0);
    answering = false;
    await clock.advance(5000);
    expect(health.isOnline).toBe(true); // one failed probe is not yet an outage
    await clock.advance(1000);
    expect(health.isOnline).toBe(false);
  });
});
