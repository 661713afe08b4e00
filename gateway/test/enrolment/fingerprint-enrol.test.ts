import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import { FingerprintModule } from '@vaultline/firmware-sim/devices/fingerprint/fingerprint-module';
import { silentLogger } from '@vaultline/shared';
import {
  decodeCommandPayload,
  decodePacket,
  type R30xCommand,
  R30xPid,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import type { EnrolPrompt } from '../../src/devices/fingerprint/fingerprint-enrolment.ts';
import { FingerprintReader, type IdentifyEvent } from '../../src/devices/fingerprint/fingerprint-reader.ts';
import { DeviceLink } from '../../src/devices/transport/device-link.ts';
import { MemoryTransport } from '../../src/devices/transport/memory-transport.ts';

/** The driver wired to the simulated module in memory, on fake time; records every command it sends. */
async function setup() {
  const clock = new FakeClock();
  const module = new FingerprintModule({ id: 'fp-sim' }, { clock, timing: 'fast' });
  const line = { silent: false };
  const sent: R30xCommand[] = [];
  const transport = new MemoryTransport((bytes) => {
    const packet = decodePacket(bytes);
    if (packet.pid === R30xPid.command) {
      const command = decodeCommandPayload(packet.payload);
      if (command) sent.push(command);
    }
    if (!line.silent) module.receive(bytes);
  });
  module.attach((frame) => transport.deliver(Uint8Array.from(frame)));
  const link = new DeviceLink(transport, clock, silentLogger, { initialMs: 100, maxMs: 100, factor: 1 });
  const reader = new FingerprintReader({ id: 'fp-zone', link, clock, logger: silentLogger });
  const identified: IdentifyEvent[] = [];
  reader.onIdentify((event) => identified.push(event));
  await reader.start();
  await clock.advance(0);
  const settle = <T>(promise: Promise<T>): Promise<T> => clock.runUntilSettled(promise);
  /** A person who follows the prompts with `first`, then `second` (default: the same finger). */
  const person = (first: string, second = first, options: { lifts?: boolean } = {}) => {
    const prompts: EnrolPrompt[] = [];
    const onPrompt = (prompt: EnrolPrompt) => {
      prompts.push(prompt);
      if (prompt === 'place-finger') module.placeFinger(first);
      if (prompt === 'lift-finger' && options.lifts !== false) module.placeFinger(null);
      if (prompt === 'place-again') module.placeFinger(second);
    };
    return { prompts, onPrompt };
  };
  const ops = () => sent.map((command) => command.op);
  return { clock, module, line, reader, identified, settle, person, sent, ops };
}

describe('FingerprintReader.enrol', () => {
  it('prompts twice with a lift between, combines both captures and uploads the template of that finger', async () => {
    const { reader, settle, person, module, sent } = await setup();
    const zhao = person('M3001-R1');
    sent.length = 0;
    const outcome = await settle(reader.enrol({ onPrompt: zhao.onPrompt, waitMs: 5_000 }));
    expect(outcome).toEqual({ kind: 'enrolled', template: templateForFinger('M3001-R1') });
    expect(zhao.prompts).toEqual(['place-finger', 'lift-finger', 'place-again']);
    // Protocol §7: extraction into buffer 1 then 2, RegModel, UpChar of buffer 1; no Store.
    const significant = sent.filter((c) => c.op !== 'genImg' && c.op !== 'verifyPassword');
    expect(significant).toEqual([
      { op: 'img2Tz', buffer: 1 },
      { op: 'img2Tz', buffer: 2 },
      { op: 'regModel' },
      { op: 'upChar', buffer: 1 },
    ]);
    expect(module.snapshot().templateCount).toBe(0);
  });

  it('reports two different fingers as fingers-differ (RegModel 0x0A)', async () => {
    const { reader, settle, person } = await setup();
    const swap = person('M3001-R1', 'M3001-L1');
    expect(await settle(reader.enrol({ onPrompt: swap.onPrompt, waitMs: 5_000 }))).toEqual({
      kind: 'fingers-differ',
    });
  });

  it('reports no finger within waitMs for the first capture, after waiting that long', async () => {
    const { reader, settle, clock } = await setup();
    const started = clock.now();
    expect(await settle(reader.enrol({ waitMs: 2_000 }))).toEqual({ kind: 'no-finger', capture: 1 });
    expect(clock.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('reports a finger never lifted, and a second placement that never comes', async () => {
    const { reader, settle, person, module } = await setup();
    const stays = person('T2001-R1', 'T2001-R1', { lifts: false });
    expect(await settle(reader.enrol({ onPrompt: stays.onPrompt, waitMs: 1_000 }))).toEqual({
      kind: 'not-lifted',
    });
    const prompts: EnrolPrompt[] = [];
    const outcome = reader.enrol({
      waitMs: 1_000,
      onPrompt: (prompt) => {
        prompts.push(prompt);
        module.placeFinger(prompt === 'place-finger' ? 'T2001-R1' : null);
      },
    });
    expect(await settle(outcome)).toEqual({ kind: 'no-finger', capture: 2 });
    expect(prompts).toEqual(['place-finger', 'lift-finger', 'place-again']);
  });

  it('reports a poor second image with its confirmation code', async () => {
    const { reader, settle, module } = await setup();
    const outcome = reader.enrol({
      waitMs: 5_000,
      onPrompt: (prompt) => {
        if (prompt === 'place-finger') module.placeFinger('E1001-R1');
        if (prompt === 'lift-finger') module.placeFinger(null);
        if (prompt === 'place-again') module.placeFinger('E1001-R1', 'poor');
      },
    });
    expect(await settle(outcome)).toEqual({ kind: 'poor-image', capture: 2, status: 0x06 });
  });

  it('stops waiting when cancelled', async () => {
    const { reader, settle, clock } = await setup();
    const controller = new AbortController();
    const outcome = reader.enrol({ waitMs: 60_000, signal: controller.signal });
    await clock.advance(1_000);
    controller.abort();
    const started = clock.now();
    expect(await settle(outcome)).toEqual({ kind: 'cancelled' });
    expect(clock.now() - started).toBeLessThan(1_000);
  });

  it('reports a timeout when the module stops answering', async () => {
    const { reader, settle, line } = await setup();
    line.silent = true;
    expect(await settle(reader.enrol({ waitMs: 5_000 }))).toEqual({ kind: 'timeout' });
  });

  it('holds identification scanning while it runs and resumes it afterwards', async () => {
    const { reader, settle, person, module, identified, clock } = await setup();
    await settle(reader.syncTemplates([{ personId: 'E1001', template: templateForFinger('E1001-R1') }]));
    reader.startScanning();
    await clock.advance(500);
    const enrolling = person('E1001-R1');
    const outcome = await settle(reader.enrol({ onPrompt: enrolling.onPrompt, waitMs: 5_000 }));
    expect(outcome.kind).toBe('enrolled');
    // The same finger stayed on the sensor during the enrolment: the scanning loop never saw it.
    expect(identified).toEqual([]);
    module.placeFinger(null);
    await clock.advance(500);
    module.placeFinger('E1001-R1');
    await clock.advance(1_000);
    expect(identified.map((event) => event.kind)).toEqual(['matched']);
    reader.stopScanning();
    await clock.advance(500);
  });

  it('lets a template sync asked for during the enrolment wait until it ends', async () => {
    const { reader, settle, person, module, clock } = await setup();
    const enrolling = person('E1002-R1');
    const enrol = reader.enrol({ onPrompt: enrolling.onPrompt, waitMs: 5_000 });
    await clock.advance(0);
    const sync = reader.syncTemplates([{ personId: 'E1002', template: templateForFinger('E1002-R1') }]);
    let syncedFirst = false;
    void sync.then(() => {
      syncedFirst = !enrolDone;
    });
    let enrolDone = false;
    const outcome = await settle(enrol.finally(() => (enrolDone = true)));
    expect(outcome).toEqual({ kind: 'enrolled', template: templateForFinger('E1002-R1') });
    expect((await settle(sync)).stored).toBe(1);
    expect(syncedFirst).toBe(false);
    expect(module.snapshot().templates).toEqual([{ pageId: 0, fingerId: 'E1002-R1' }]);
  });
});
