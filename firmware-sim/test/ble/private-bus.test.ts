import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateBusError, startPrivateBus } from '../../src/ble/private-bus.ts';

describe('startPrivateBus', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'vl-bus-'));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('runs a daemon in the work directory that lets a client own any name, and stops it', async () => {
    const bus = await startPrivateBus({ workDir });
    expect(bus.address).toMatch(new RegExp(`^unix:path=${join(workDir, 'bus.sock')}`));
    const client = dbus.sessionBus({ busAddress: bus.address });
    expect(await client.requestName('org.bluez', dbus.NameFlag.DO_NOT_QUEUE)).toBe(
      dbus.RequestNameReply.PRIMARY_OWNER,
    );
    client.disconnect();
    await bus.stop();
    await bus.stop();
    expect(existsSync(join(workDir, 'bus.sock'))).toBe(false);
  });

  it('says what to do when the socket path is too long for a unix socket', async () => {
    const deep = join(workDir, 'x'.repeat(120));
    await expect(startPrivateBus({ workDir: deep })).rejects.toThrow(PrivateBusError);
    await expect(startPrivateBus({ workDir: deep })).rejects.toThrow(/shorter work directory/);
  });
});
