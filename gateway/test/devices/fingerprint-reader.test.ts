import {
  identifyTemplate,
  matchScoreFor,
  templateForFinger,
} from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import {
  FingerprintModule,
  type FingerprintModuleOptions,
} from '@vaultline/firmware-sim/devices/fingerprint/fingerprint-module';
import type { SimTiming } from '@vaultline/firmware-sim/devices/simulated-device';
import { DeviceStatusError, silentLogger } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../src/devices/driver/device-health.ts';
import {
  TemplateCapacityError,
  TemplateInputError,
} from '../../src/devices/fingerprint/fingerprint-errors.ts';
import { FingerprintReader, type IdentifyEvent } from '../../src/devices/fingerprint/fingerprint-reader.ts';
import {
  deleteRanges,
  planTemplateSync,
  wantedTemplates,
} from '../../src/devices/fingerprint/template-sync-plan.ts';
import { DeviceLink } from '../../src/devices/transport/device-link.ts';
import { MemoryTransport } from '../../src/devices/transport/memory-transport.ts';

const person = (personId: string) => ({ personId, template: templateForFinger(`${personId}-right-index`) });

async function setup(
  options: { timing?: SimTiming; module?: Partial<FingerprintModuleOptions>; password?: number } = {},
) {
  const clock = new FakeClock();
  const makeModule = () =>
    new FingerprintModule({ id: 'fp-sim', ...options.module }, { clock, timing: options.timing ?? 'fast' });
  const line = { silent: false, corruptNext: 0 };
  let module = makeModule();
  const transport = new MemoryTransport((bytes) => {
    if (!line.silent) module.receive(bytes);
  });
  const attach = (device: FingerprintModule) =>
    device.attach((frame) => {
      const bytes = Uint8Array.from(frame);
      if (line.corruptNext > 0) {
        line.corruptNext--;
        bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
      }
      transport.deliver(bytes);
    });
  attach(module);
  const link = new DeviceLink(transport, clock, silentLogger, { initialMs: 100, maxMs: 100, factor: 1 });
  const reader = new FingerprintReader({
    id: 'fp-door',
    link,
    clock,
    logger: silentLogger,
    password: options.password,
  });
  const statuses: DeviceStatus[] = [];
  reader.onStatus((status) => statuses.push(status));
  const events: IdentifyEvent[] = [];
  reader.onIdentify((event) => events.push(event));
  await reader.start();
  await clock.advance(0);
  /** Lets fake time run in 10 ms steps until the promise settles. */
  const settle = <T>(promise: Promise<T>): Promise<T> => clock.runUntilSettled(promise);
  /** Power-cycles the module: a fresh one (empty library, password not verified) on the same line. */
  const replaceModule = () => {
    module = makeModule();
    attach(module);
    return module;
  };
  return { clock, line, reader, statuses, events, settle, replaceModule, module: () => module };
}

describe('FingerprintReader: identify', () => {
  it('matches a stored finger and maps the page to the person through the sync result', async () => {
    const { reader, settle, module } = await setup();
    const sync = await settle(reader.syncTemplates([person('alice'), person('bob')]));
    module().placeFinger('bob-right-index');
    const outcome = await settle(reader.identify({ waitMs: 1_000 }));
    const score = matchScoreFor(identifyTemplate(templateForFinger('bob-right-index'))!);
    expect(outcome).toEqual({ kind: 'matched', pageId: 1, score });
    expect(sync.pages.get(1)).toBe('bob');
  });

  it('reports an unknown finger as no-match', async () => {
    const { reader, settle, module } = await setup();
    await settle(reader.syncTemplates([person('alice')]));
    module().placeFinger('mallory-right-index');
    expect(await settle(reader.identify({ waitMs: 1_000 }))).toEqual({ kind: 'no-match' });
  });

  it('reports no-finger when nobody touches the sensor within waitMs', async () => {
    const { reader, settle, clock } = await setup();
    const started = clock.now();
    expect(await settle(reader.identify({ waitMs: 500 }))).toEqual({ kind: 'no-finger' });
    expect(clock.now() - started).toBeGreaterThanOrEqual(500);
    expect(clock.now() - started).toBeLessThan(600);
  });

  it('waits for a finger placed during the wait', async () => {
    const { reader, settle, clock, module } = await setup();
    await settle(reader.syncTemplates([person('alice')]));
    const pending = reader.identify({ waitMs: 5_000 });
    await clock.advance(1_200);
    module().placeFinger('alice-right-index');
    expect(await settle(pending)).toMatchObject({ kind: 'matched', pageId: 0 });
  });

  it('reports a poor image with its confirmation code', async () => {
    const { reader, settle, module } = await setup();
    module().placeFinger('alice-right-index', 'poor');
    expect(await settle(reader.identify({ waitMs: 1_000 }))).toEqual({ kind: 'poor-image', status: 0x06 });
  });

  it('works with realistic module timing and 32-byte data packets', async () => {
    const { reader, settle, module } = await setup({ timing: 'realistic', module: { packetSize: 32 } });
    const sync = await settle(reader.syncTemplates([person('alice'), person('bob')]));
    expect(sync.stored).toBe(2);
    expect(await settle(reader.syncTemplates([person('alice'), person('bob')]))).toMatchObject({
      kept: 2,
      stored: 0,
    });
    module().placeFinger('alice-right-index');
    expect(await settle(reader.identify({ waitMs: 1_000 }))).toMatchObject({ kind: 'matched', pageId: 0 });
  });
});

describe('FingerprintReader: a failing module', () => {
  it('returns timeout when the module goes silent, goes offline, and comes back online', async () => {
    const { reader, settle, line, clock, statuses } = await setup();
    expect(reader.health.isOnline).toBe(true);
    line.silent = true;
    expect(await settle(reader.identify({ waitMs: 1_000 }))).toEqual({ kind: 'timeout' });
    await clock.advance(15_000);
    expect(reader.health.isOnline).toBe(false);
    line.silent = false;
    await clock.advance(5_000);
    expect(reader.health.isOnline).toBe(true);
    expect(statuses.map((status) => status.online)).toEqual([true, false, true]);
  });

  it('drops a corrupted reply as a checksum error, counted by the channel, and retries', async () => {
    const { reader, settle, line } = await setup();
    await settle(reader.syncTemplates([person('alice')]));
    line.corruptNext = 1;
    expect(await settle(reader.templateCount())).toBe(1);
    expect(reader.badFrameCount).toBe(1);
  });

  it('re-verifies the password when a restarted module asks for it (0x21)', async () => {
    const { reader, settle, replaceModule } = await setup({ module: { password: 0x1234 }, password: 0x1234 });
    await settle(reader.syncTemplates([person('alice')]));
    const restarted = replaceModule();
    expect(restarted.snapshot().passwordVerified).toBe(false);
    expect(await settle(reader.templateCount())).toBe(0);
    expect(restarted.snapshot().passwordVerified).toBe(true);
  });

  it('rejects with DeviceStatusError naming the §5 meaning when the password is wrong', async () => {
    const { reader, settle } = await setup({ module: { password: 0x1234 } });
    const failure = settle(reader.templateCount());
    await expect(failure).rejects.toBeInstanceOf(DeviceStatusError);
    await expect(failure).rejects.toMatchObject({
      status: 0x13,
      message: expect.stringMatching(/wrong password/),
    });
  });
});

describe('FingerprintReader: template sync', () => {
  it('stores, keeps and deletes so the module holds exactly the given people', async () => {
    const { reader, settle, module } = await setup();
    const first = await settle(reader.syncTemplates([person('alice'), person('bob'), person('carol')]));
    expect(first).toMatchObject({ stored: 3, kept: 0, deleted: 0 });
    expect([...first.pages]).toEqual([
      [0, 'alice'],
      [1, 'bob'],
      [2, 'carol'],
    ]);

    const second = await settle(reader.syncTemplates([person('alice'), person('carol'), person('dave')]));
    expect(second).toMatchObject({ stored: 1, kept: 2, deleted: 1 });
    expect([...second.pages]).toEqual([
      [0, 'alice'],
      [1, 'dave'],
      [2, 'carol'],
    ]);
    expect(module().snapshot().templates).toEqual([
      { pageId: 0, fingerId: 'alice-right-index' },
      { pageId: 1, fingerId: 'dave-right-index' },
      { pageId: 2, fingerId: 'carol-right-index' },
    ]);
    expect(await settle(reader.templateCount())).toBe(3);
    module().placeFinger('dave-right-index');
    const outcome = await settle(reader.identify({ waitMs: 1_000 }));
    expect(outcome.kind === 'matched' && second.pages.get(outcome.pageId)).toBe('dave');
  });

  it('refuses more people than pages without touching the module', async () => {
    const { reader, settle, module } = await setup({ module: { capacity: 2 } });
    await settle(reader.syncTemplates([person('alice')]));
    const refusal = settle(reader.syncTemplates([person('alice'), person('bob'), person('carol')]));
    await expect(refusal).rejects.toBeInstanceOf(TemplateCapacityError);
    await expect(refusal).rejects.toMatchObject({ wanted: 3, capacity: 2 });
    expect(module().snapshot().templates).toEqual([{ pageId: 0, fingerId: 'alice-right-index' }]);
  });
});

describe('FingerprintReader: scanning', () => {
  it('emits one outcome per finger placement', async () => {
    const { reader, clock, events, module } = await setup();
    const sync = reader.syncTemplates([person('alice')]);
    await clock.advance(100);
    await sync;
    reader.startScanning();
    await clock.advance(500);
    expect(events).toEqual([]);

    module().placeFinger('alice-right-index');
    await clock.advance(2_000);
    module().placeFinger(null);
    await clock.advance(500);
    module().placeFinger('mallory-right-index');
    await clock.advance(1_000);
    module().placeFinger(null);
    await clock.advance(500);
    module().placeFinger('alice-right-index', 'poor');
    await clock.advance(1_000);
    reader.stopScanning();
    await clock.advance(1_000);

    expect(events.map(({ kind }) => kind)).toEqual(['matched', 'no-match', 'poor-image']);
    expect(events[0]).toMatchObject({ device: 'fp-door', pageId: 0 });
    expect(events[0]!.at).toBeGreaterThan(clock.now() - 10_000);
  });

  it('emits a single timeout while the module is silent, then resumes with the next placement', async () => {
    const { reader, clock, events, line, module } = await setup();
    const sync = reader.syncTemplates([person('alice')]);
    await clock.advance(100);
    await sync;
    reader.startScanning();
    line.silent = true;
    await clock.advance(30_000);
    expect(events.map(({ kind }) => kind)).toEqual(['timeout']);
    expect(reader.health.isOnline).toBe(false);

    line.silent = false;
    await clock.advance(5_000);
    module().placeFinger('alice-right-index');
    await clock.advance(1_000);
    await reader.stop();
    expect(events.map(({ kind }) => kind)).toEqual(['timeout', 'matched']);
  });
});

describe('template sync plan', () => {
  const alice = person('alice');
  const bob = person('bob');

  it('keeps the first copy of a duplicate, deletes unreadable and unwanted pages, fills the lowest free pages', () => {
    const plan = planTemplateSync(
      wantedTemplates('fp', [alice, bob], 10),
      [
        { pageId: 4, template: alice.template },
        { pageId: 2, template: alice.template },
        { pageId: 0, template: null },
        { pageId: 7, template: person('mallory').template },
      ],
      10,
    );
    expect(plan.keep).toEqual([{ pageId: 2, personId: 'alice' }]);
    expect(plan.delete).toEqual([0, 4, 7]);
    expect(plan.store.map(({ pageId, personId }) => [pageId, personId])).toEqual([[0, 'bob']]);
    expect([...plan.pages]).toEqual([
      [0, 'bob'],
      [2, 'alice'],
    ]);
  });

  it('allows several templates per person and the same entry twice', () => {
    const second = { personId: 'alice', template: templateForFinger('alice-left-index') };
    expect(wantedTemplates('fp', [alice, second, alice], 2)).toHaveLength(2);
  });

  it('refuses a template of the wrong size, one template for two people, and too many templates', () => {
    expect(() => wantedTemplates('fp', [{ personId: 'x', template: new Uint8Array(498) }], 10)).toThrow(
      TemplateInputError,
    );
    expect(() => wantedTemplates('fp', [alice, { personId: 'eve', template: alice.template }], 10)).toThrow(
      /alice and eve have the same template/,
    );
    expect(() => wantedTemplates('fp', [alice, bob], 1)).toThrow(TemplateCapacityError);
  });

  it('folds consecutive pages into DeletChar ranges', () => {
    expect(deleteRanges([9, 1, 2, 3, 7])).toEqual([
      { startPage: 1, count: 3 },
      { startPage: 7, count: 1 },
      { startPage: 9, count: 1 },
    ]);
  });
});
