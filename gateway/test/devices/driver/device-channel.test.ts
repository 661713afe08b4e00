import { DeviceOfflineError, DeviceStatusError, DeviceTimeoutError, silentLogger } from '@vaultline/shared';
import type { Framer } from '@vaultline/shared/codecs/framer';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { DeviceChannel } from '../../../src/devices/driver/device-channel.ts';
import { DeviceLink } from '../../../src/devices/transport/device-link.ts';
import { MemoryTransport } from '../../../src/devices/transport/memory-transport.ts';

/** One byte = one frame: enough to exercise matching without a real protocol. */
const byteFramer: Framer<number> = { push: (chunk) => [...chunk], reset: () => {} };

async function setup() {
  const clock = new FakeClock();
  const written: number[][] = [];
  const transport = new MemoryTransport((bytes) => written.push([...bytes]));
  const link = new DeviceLink(transport, clock, silentLogger);
  const channel = new DeviceChannel({ name: 'dev', link, framer: byteFramer, clock, logger: silentLogger });
  await link.start();
  return { clock, transport, link, channel, written };
}

describe('DeviceChannel', () => {
  it('resolves a request with the first accepted frame and ignores others', async () => {
    const { channel, transport, written } = await setup();
    const answer = channel.request({
      operation: 'ask',
      bytes: Uint8Array.of(1),
      accept: (frame) => (frame === 0x42 ? 'ok' : undefined),
      timeoutMs: 100,
    });
    await Promise.resolve();
    transport.deliver(Uint8Array.of(0x10, 0x42));
    await expect(answer).resolves.toBe('ok');
    expect(written).toEqual([[1]]);
  });

  it('keeps one request in flight: the second is written only after the first is answered', async () => {
    const { channel, transport, written } = await setup();
    const first = channel.request({
      operation: 'a',
      bytes: Uint8Array.of(1),
      accept: (f) => f,
      timeoutMs: 100,
    });
    const second = channel.request({
      operation: 'b',
      bytes: Uint8Array.of(2),
      accept: (f) => f,
      timeoutMs: 100,
    });
    await new Promise((r) => setImmediate(r));
    expect(written).toEqual([[1]]);
    transport.deliver(Uint8Array.of(7));
    await expect(first).resolves.toBe(7);
    await new Promise((r) => setImmediate(r));
    expect(written).toEqual([[1], [2]]);
    transport.deliver(Uint8Array.of(8));
    await expect(second).resolves.toBe(8);
  });

  it('retries after a timeout and then fails with DeviceTimeoutError naming the operation', async () => {
    const { channel, clock, written } = await setup();
    const answer = channel.request({
      operation: 'GenImg',
      bytes: Uint8Array.of(9),
      accept: (f) => f,
      timeoutMs: 50,
      retries: 2,
    });
    const settled = expect(answer).rejects.toThrow(DeviceTimeoutError);
    await clock.advance(50);
    await clock.advance(50);
    await clock.advance(50);
    await settled;
    await expect(answer).rejects.toThrow(/GenImg within 50 ms/);
    expect(written).toEqual([[9], [9], [9]]);
  });

  it('does not retry an answer that accept() rejects', async () => {
    const { channel, transport, written } = await setup();
    const answer = channel.request({
      operation: 'Store',
      bytes: Uint8Array.of(3),
      accept: (f) => {
        throw new DeviceStatusError('dev', 'Store', f, 'flash write error');
      },
      timeoutMs: 50,
    });
    await Promise.resolve();
    transport.deliver(Uint8Array.of(0x18));
    await expect(answer).rejects.toMatchObject({ code: 'DEVICE_STATUS', status: 0x18 });
    expect(written).toHaveLength(1);
  });

  it('fails the request in flight when the link drops, and refuses writes while down', async () => {
    const { channel, transport } = await setup();
    const answer = channel.request({
      operation: 'x',
      bytes: Uint8Array.of(1),
      accept: (f) => f,
      timeoutMs: 1000,
    });
    await Promise.resolve();
    transport.drop();
    await expect(answer).rejects.toThrow(/link lost/);
    await expect(channel.send('y', Uint8Array.of(2))).rejects.toThrow(DeviceOfflineError);
  });

  it('passes frames that arrive with nothing in flight to onUnsolicited', async () => {
    const clock = new FakeClock();
    const transport = new MemoryTransport(() => {});
    const link = new DeviceLink(transport, clock, silentLogger);
    const seen: number[] = [];
    new DeviceChannel({
      name: 'd',
      link,
      framer: byteFramer,
      clock,
      logger: silentLogger,
      onUnsolicited: (f) => seen.push(f),
    });
    await link.start();
    transport.deliver(Uint8Array.of(5, 6));
    expect(seen).toEqual([5, 6]);
  });
});

describe('DeviceChannel logging', () => {
  it('logs frame bytes as hex at trace level, and only lengths when frames are redacted', async () => {
    const { pino } = await import('pino');
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
    for (const redactFrames of [false, true]) {
      lines.length = 0;
      const clock = new FakeClock();
      const transport = new MemoryTransport(() => {});
      const link = new DeviceLink(transport, clock, silentLogger);
      const channel = new DeviceChannel({
        name: 'fp',
        link,
        framer: byteFramer,
        clock,
        logger,
        redactFrames,
      });
      await link.start();
      await channel.send('DownChar data', Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
      transport.deliver(Uint8Array.of(0xca, 0xfe));
      const text = lines.join('');
      if (redactFrames) {
        expect(text).toContain('--> [4 bytes]');
        expect(text).toContain('<-- [2 bytes]');
        expect(text).not.toMatch(/DE AD|CA FE/);
      } else {
        expect(text).toContain('--> DE AD BE EF');
        expect(text).toContain('<-- CA FE');
      }
    }
  });
});
