import { silentLogger } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { DeviceLink } from '../../../src/devices/transport/device-link.ts';
import { MemoryTransport } from '../../../src/devices/transport/memory-transport.ts';

describe('DeviceLink', () => {
  it('retries a failed open with exponential backoff up to the ceiling', async () => {
    const clock = new FakeClock();
    const transport = new MemoryTransport(() => {});
    transport.available = false;
    let opens = 0;
    const open = transport.open.bind(transport);
    transport.open = () => {
      opens++;
      return open();
    };
    const link = new DeviceLink(transport, clock, silentLogger, { initialMs: 100, maxMs: 400, factor: 2 });
    await link.start();
    expect(opens).toBe(1);
    await clock.advance(99);
    expect(opens).toBe(1);
    await clock.advance(1); // 100 ms
    expect(opens).toBe(2);
    await clock.advance(200); // +200
    expect(opens).toBe(3);
    await clock.advance(400); // +400
    expect(opens).toBe(4);
    await clock.advance(400); // capped at 400
    expect(opens).toBe(5);
    expect(link.isUp).toBe(false);
    transport.available = true;
    await clock.advance(400);
    expect(link.isUp).toBe(true);
  });

  it('reports down on loss, reconnects, and resets the backoff after success', async () => {
    const clock = new FakeClock();
    const transport = new MemoryTransport(() => {});
    const link = new DeviceLink(transport, clock, silentLogger, { initialMs: 100, maxMs: 1000, factor: 2 });
    const states: string[] = [];
    link.onState((s) => states.push(s));
    await link.start();
    transport.drop();
    expect(link.isUp).toBe(false);
    await clock.advance(100);
    expect(link.isUp).toBe(true);
    transport.drop();
    await clock.advance(100);
    expect(states).toEqual(['up', 'down', 'up', 'down', 'up']);
  });

  it('stops retrying after stop()', async () => {
    const clock = new FakeClock();
    const transport = new MemoryTransport(() => {});
    transport.available = false;
    const link = new DeviceLink(transport, clock, silentLogger, { initialMs: 100, maxMs: 100, factor: 1 });
    await link.start();
    await link.stop();
    transport.available = true;
    await clock.advance(1000);
    expect(link.isUp).toBe(false);
    expect(clock.pending).toBe(0);
  });
});
