import { readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerGatewayCredentials, registerVehicle } from '../../src/broker/credentials.ts';
import { writeMosquittoFiles } from '../../src/broker/mosquitto-config.ts';
import { verifyMosquittoHash, verifyScrypt } from '../../src/broker/password-hash.ts';
import { CredentialError } from '../../src/store/store-errors.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { openTestStore } from '../store/store-fixture.ts';

describe('broker credentials and the Mosquitto files', () => {
  let handle: ReturnType<typeof openTestStore>;
  beforeEach(() => {
    handle = openTestStore();
    for (const id of ['gw-a', 'gw-b']) handle.store.gateways.register(new TestGateway(id).registration);
  });
  afterEach(() => handle.dispose());

  it('issues a gateway password once and stores only hashes that both brokers can check', async () => {
    const password = registerGatewayCredentials(handle.store, 'gw-a');
    const credential = handle.store.gatewayCredentials.get('gw-a')!;
    await expect(verifyScrypt(password, credential.passwordHash)).resolves.toBe(true);
    expect(verifyMosquittoHash(password, credential.mosquittoHash)).toBe(true);
    expect(readFileSync(handle.path).includes(Buffer.from(password))).toBe(false);
    const rotated = registerGatewayCredentials(handle.store, 'gw-a');
    expect(rotated).not.toBe(password);
    await expect(
      verifyScrypt(password, handle.store.gatewayCredentials.get('gw-a')!.passwordHash),
    ).resolves.toBe(false);
  });

  it('refuses credentials for an unregistered gateway, a bad name, or a name another user has', () => {
    expect(() => registerGatewayCredentials(handle.store, 'gw-z')).toThrow(/not registered/);
    expect(() => registerGatewayCredentials(handle.store, 'gw:a')).toThrow(CredentialError);
    registerVehicle(handle.store, { vehicleId: 'v-01', plate: 'A-123' });
    handle.store.gateways.register(new TestGateway('v-01').registration);
    expect(() => registerGatewayCredentials(handle.store, 'v-01')).toThrow(
      /already the broker user of a vehicle/,
    );
    registerGatewayCredentials(handle.store, 'gw-b');
    expect(() => registerVehicle(handle.store, { vehicleId: 'gw-b', plate: 'B' })).toThrow(
      /broker user of a gateway/,
    );
  });

  it('writes a password file with every user and an ACL file with each one’s own topics', () => {
    const gwPassword = registerGatewayCredentials(handle.store, 'gw-a');
    registerGatewayCredentials(handle.store, 'gw-b');
    const vPassword = registerVehicle(handle.store, { vehicleId: 'v-01', plate: 'A-123' });
    const files = writeMosquittoFiles(handle.store, handle.dir, {
      username: 'centre',
      password: 'centre-pw',
    });
    const lines = readFileSync(files.passwordFile, 'utf8').trimEnd().split('\n');
    const entries = new Map(lines.map((line) => line.split(/:(.*)/s) as [string, string]));
    expect([...entries.keys()]).toEqual(['centre', 'gw-a', 'gw-b', 'v-01']);
    expect(verifyMosquittoHash('centre-pw', entries.get('centre')!)).toBe(true);
    expect(verifyMosquittoHash(gwPassword, entries.get('gw-a')!)).toBe(true);
    expect(verifyMosquittoHash(vPassword, entries.get('v-01')!)).toBe(true);
    expect(statSync(files.passwordFile).mode & 0o777).toBe(0o600);
    const acl = readFileSync(files.aclFile, 'utf8');
    expect(acl.split('\n').filter((line) => line && !line.startsWith('#'))).toEqual([
      'user centre',
      'topic readwrite vl/v1/#',
      'user gw-a',
      'topic write vl/v1/gw/gw-a/events',
      'topic write vl/v1/gw/gw-a/status',
      'topic write vl/v1/gw/gw-a/enrol',
      'topic write vl/v1/gw/gw-a/face',
      'topic read vl/v1/gw/gw-a/ack',
      'topic read vl/v1/gw/gw-a/cmd',
      'topic read vl/v1/gw/gw-a/plan',
      'user gw-b',
      'topic write vl/v1/gw/gw-b/events',
      'topic write vl/v1/gw/gw-b/status',
      'topic write vl/v1/gw/gw-b/enrol',
      'topic write vl/v1/gw/gw-b/face',
      'topic read vl/v1/gw/gw-b/ack',
      'topic read vl/v1/gw/gw-b/cmd',
      'topic read vl/v1/gw/gw-b/plan',
      'user v-01',
      'topic write vl/v1/vehicle/v-01/pos',
    ]);
  });

  it('refuses a centre user name that a gateway already has', () => {
    registerGatewayCredentials(handle.store, 'gw-a');
    expect(() => writeMosquittoFiles(handle.store, handle.dir, { username: 'gw-a', password: 'x' })).toThrow(
      /registered twice/,
    );
  });
});
