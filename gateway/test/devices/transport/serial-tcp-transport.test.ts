import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyLine } from '@vaultline/firmware-sim/line/pty-line';
import { TcpLine } from '@vaultline/firmware-sim/line/tcp-line';
import { afterEach, describe, expect, it } from 'vitest';
import type { ByteTransport } from '../../../src/devices/transport/byte-transport.ts';
import { createTransport } from '../../../src/devices/transport/create-transport.ts';
import { SerialTransport } from '../../../src/devices/transport/serial-transport.ts';
import { TcpTransport } from '../../../src/devices/transport/tcp-transport.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function collect(transport: ByteTransport) {
  const received: number[] = [];
  transport.onData((chunk) => received.push(...chunk));
  return received;
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function echoLine(line: PtyLine | TcpLine) {
  line.onReceive((chunk) => void line.write(Uint8Array.from(chunk, (b) => b ^ 0xff)));
  await line.start();
  cleanups.push(() => line.stop());
}

describe('SerialTransport on a socat pty pair (real serialport binding)', () => {
  it('carries bytes both ways, reports a pulled cable, and reopens when it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-serial-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const line = new PtyLine(join(dir, 'ttyDevice'), join(dir, 'work'));
    await echoLine(line);
    const transport = new SerialTransport({ path: line.endpoint, baudRate: 57600 });
    cleanups.push(() => transport.close());
    const received = collect(transport);
    const losses: Error[] = [];
    transport.onClose((cause) => losses.push(cause));

    await transport.open();
    await transport.write(Uint8Array.of(0x01, 0x02, 0xf0));
    await until(() => received.length === 3, 'echo');
    expect(received).toEqual([0xfe, 0xfd, 0x0f]);

    await line.setPlugged(false);
    await until(() => losses.length === 1, 'loss report');
    expect(losses[0]?.message).toMatch(/link lost/);
    expect(transport.isOpen).toBe(false);
    await expect(transport.write(Uint8Array.of(1))).rejects.toThrow(/not open/);

    await line.setPlugged(true);
    await transport.open();
    await transport.write(Uint8Array.of(0x00));
    await until(() => received.length === 4, 'echo after reopen');
    expect(received[3]).toBe(0xff);
  });

  it('says what to check when the port does not exist', async () => {
    const transport = new SerialTransport({ path: '/dev/vaultline-no-such-port', baudRate: 9600 });
    await expect(transport.open()).rejects.toThrow(/cannot open .*check the path/);
  });
});

describe('TcpTransport', () => {
  it('carries bytes both ways and reports the peer going away', async () => {
    const line = new TcpLine(0);
    await echoLine(line);
    // Port 0 asks the OS for a free port; read it back from the endpoint after start.
    const transport = TcpTransport.fromUrl(line.endpoint);
    cleanups.push(() => transport.close());
    const received = collect(transport);
    const losses: Error[] = [];
    transport.onClose((cause) => losses.push(cause));
    await transport.open();
    await transport.write(Uint8Array.of(0x10));
    await until(() => received.length === 1, 'echo');
    expect(received).toEqual([0xef]);
    await line.setPlugged(false);
    await until(() => losses.length === 1, 'loss report');
    await expect(transport.open()).rejects.toThrow(/cannot connect/);
  });

  it('refuses a malformed URL with the expected form', () => {
    expect(() => TcpTransport.fromUrl('tcp://host')).toThrow(/expected tcp:\/\/host:port/);
  });
});

describe('createTransport', () => {
  it('chooses the transport from the endpoint string', () => {
    expect(createTransport('/dev/ttyUSB0', 57600).description).toBe('serial:/dev/ttyUSB0@57600');
    expect(createTransport('tcp://10.0.0.5:4001', 9600).description).toBe('tcp://10.0.0.5:4001');
    expect(createTransport('ble:aa:bb:cc:dd:ee:01', 0).description).toMatch(/AA:BB:CC:DD:EE:01/);
  });

  it.each(['COM3', 'ble:nope', 'tcp://x'])('refuses "%s" with a message naming the forms', (endpoint) => {
    expect(() => createTransport(endpoint, 9600)).toThrow(/endpoint|expected/);
  });
});
