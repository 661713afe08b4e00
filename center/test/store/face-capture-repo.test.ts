import { randomBytes } from 'node:crypto';
import { SealedDataError } from '@vaultline/shared/crypto/crypto-errors';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewFaceCapture } from '../../src/store/face-capture-repo.ts';
import { openCentreStore } from '../../src/store/open-store.ts';
import { RegistryError } from '../../src/store/registry-errors.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { tempDir } from './store-fixture.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const jpeg = Uint8Array.from([0xff, 0xd8, ...randomBytes(300), 0xff, 0xd9]);

function capture(captureId: string, capturedAt: number, handoverId = 'H-1'): NewFaceCapture {
  return {
    gatewayId: 'gw-a',
    captureId,
    handoverId,
    personId: 'E1001',
    eventSeq: 7,
    jpegSha256: 'ab'.repeat(32),
    bytes: jpeg.length,
    capturedAt,
    jpeg,
  };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function open(atRestKey: Uint8Array | null = Uint8Array.from(randomBytes(32))) {
  const { dir, cleanup } = tempDir();
  const store = openCentreStore(`${dir}/centre.db`, atRestKey ? { atRestKey } : {});
  store.gateways.register(new TestGateway('gw-a', 'BR-001').registration);
  cleanups.push(() => {
    store.close();
    cleanup();
  });
  return { store, dir };
}

describe('FaceCaptureRepo', () => {
  it('stores a capture once, sealed, and lists a hand-over’s captures without their images', () => {
    const { store } = open();
    expect(store.faces.add(capture('C1', 1_000), 2_000)).toBe(true);
    expect(store.faces.add({ ...capture('C1', 1_000), jpeg: Uint8Array.of(1, 2, 3) }, 3_000)).toBe(false);
    expect(Buffer.from(store.faces.jpeg('gw-a', 'C1')!).equals(Buffer.from(jpeg))).toBe(true);
    store.faces.add(capture('C2', 1_500), 2_000);
    store.faces.add(capture('C3', 1_500, 'H-2'), 2_000);
    expect(store.faces.ofHandover('gw-a', 'H-1')).toEqual([
      expect.objectContaining({ captureId: 'C1', receivedAt: 2_000, personId: 'E1001' }),
      expect.objectContaining({ captureId: 'C2' }),
    ]);
    expect(store.faces.get('gw-a', 'C9')).toBeUndefined();
    expect(store.faces.jpeg('gw-a', 'C9')).toBeUndefined();
  });

  it('deletes the images past the cutoff and keeps each row as the record of its deletion', () => {
    const { store } = open();
    store.faces.add(capture('OLD', 10 * DAY_MS), 0);
    store.faces.add(capture('NEW', 50 * DAY_MS), 0);
    expect(store.faces.expire(40 * DAY_MS, 100 * DAY_MS, 60).map((c) => c.captureId)).toEqual(['OLD']);
    expect(store.faces.jpeg('gw-a', 'OLD')).toBeUndefined();
    expect(store.faces.get('gw-a', 'OLD')).toMatchObject({ deletedAt: 100 * DAY_MS, retentionDays: 60 });
    expect(store.faces.jpeg('gw-a', 'NEW')).toBeDefined();
    expect(store.faces.expire(40 * DAY_MS, 101 * DAY_MS, 60)).toEqual([]);
  });

  it('refuses to store or read a capture without the at-rest key, and a blob under another key', () => {
    const { store } = open(null);
    expect(() => store.faces.add(capture('C1', 0), 0)).toThrow(RegistryError);
    const keyed = open();
    keyed.store.faces.add(capture('C1', 0), 0);
    keyed.store.close();
    const other = openCentreStore(`${keyed.dir}/centre.db`, { atRestKey: Uint8Array.from(randomBytes(32)) });
    cleanups.push(() => other.close());
    expect(() => other.faces.jpeg('gw-a', 'C1')).toThrow(SealedDataError);
  });

  it('finds a gateway’s face.captured by capture id', () => {
    const { store } = open();
    const gateway = new TestGateway('gw-a', 'BR-001');
    const ts = new Date().toISOString();
    const events = [
      gateway.append('door.opened', { door: 'interlock' }, ts),
      gateway.append(
        'face.captured',
        { handoverId: 'H-1', captureId: 'C1', reader: 'fp-door', jpegSha256: 'ab'.repeat(32), bytes: 9 },
        ts,
      ),
    ];
    store.events.appendVerified('gw-a', events, 0);
    expect(store.events.faceCaptured('gw-a', 'C1')?.seq).toBe(2);
    expect(store.events.faceCaptured('gw-a', 'C2')).toBeUndefined();
    expect(store.events.faceCaptured('gw-b', 'C1')).toBeUndefined();
  });
});
