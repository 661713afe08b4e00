import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import { FingerprintReader } from '@vaultline/gateway/devices/fingerprint/fingerprint-reader';
import { silentLogger, systemClock } from '@vaultline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo, recordStatuses } from '../../src/harness/gateway-links.ts';
import { type SimHarness, startSimulators } from '../../src/harness/sim-harness.ts';
import { waitFor } from '../../src/harness/wait-for.ts';

let sim: SimHarness;
beforeAll(async () => {
  sim = await startSimulators([
    { id: 'fp-serial', kind: 'fingerprint', transport: 'serial', link: 'fp-serial' },
    { id: 'fp-ble', kind: 'fingerprint', transport: 'ble', address: 'C0:FF:EE:00:00:11' },
  ]);
});
afterAll(async () => {
  await sim?.stop();
});

describe.each(['fp-serial', 'fp-ble'])('FingerprintReader ↔ simulated module over %s', (id) => {
  let reader: FingerprintReader;
  let statuses: ReturnType<typeof recordStatuses>;
  let pages: Map<number, string>;

  beforeAll(async () => {
    reader = new FingerprintReader({
      id,
      link: linkTo(sim, id, 57600),
      clock: systemClock,
      logger: silentLogger,
      requestTimeoutMs: 300,
    });
    statuses = recordStatuses(reader);
    await reader.start();
    await waitFor(() => reader.health.isOnline, `${id} online`);
    const result = await reader.syncTemplates([
      { personId: 'E1001', template: templateForFinger('zhang-wei-R1') },
      { personId: 'E1002', template: templateForFinger('li-na-R1') },
    ]);
    pages = result.pages;
  });
  afterAll(async () => {
    await reader?.stop();
  });

  it('loads the templates into the module and maps a placed finger back to its person', async () => {
    expect(await reader.templateCount()).toBe(2);
    const state = (await sim.control.device(id)).state as { templateCount: number };
    expect(state.templateCount).toBe(2);
    await sim.control.placeFinger(id, 'li-na-R1');
    const outcome = await reader.identify({ waitMs: 3000 });
    expect(outcome.kind).toBe('matched');
    if (outcome.kind !== 'matched') return;
    expect(pages.get(outcome.pageId)).toBe('E1002');
    expect(outcome.score).toBeGreaterThanOrEqual(50);
  });

  it('tells an unknown finger, a poor image and no finger apart', async () => {
    await sim.control.placeFinger(id, 'stranger-R1');
    expect(await reader.identify({ waitMs: 3000 })).toEqual({ kind: 'no-match' });
    await sim.control.placeFinger(id, 'zhang-wei-R1', 'poor');
    expect((await reader.identify({ waitMs: 3000 })).kind).toBe('poor-image');
    await sim.control.placeFinger(id, null);
    expect(await reader.identify({ waitMs: 300 })).toEqual({ kind: 'no-finger' });
  });

  it('works when every answer arrives split into small pieces', async () => {
    await sim.control.setFault(id, 'split');
    await sim.control.placeFinger(id, 'zhang-wei-R1');
    const outcome = await reader.identify({ waitMs: 3000 });
    expect(outcome.kind === 'matched' && pages.get(outcome.pageId)).toBe('E1001');
    await sim.control.setFault(id, 'none');
  });

  it.each(['silent', 'garbage', 'corrupt'] as const)(
    'reports a timeout and goes offline when the module is %s, then recovers when the fault clears',
    async (fault) => {
      const badBefore = reader.badFrameCount;
      await sim.control.placeFinger(id, 'zhang-wei-R1');
      await sim.control.setFault(id, fault);
      expect(await reader.identify({ waitMs: 3000 })).toEqual({ kind: 'timeout' });
      await waitFor(() => !reader.health.isOnline, 'offline');
      expect(statuses.at(-1)).toMatchObject({ device: id, kind: 'fingerprint', online: false });
      if (fault !== 'silent') expect(reader.badFrameCount).toBeGreaterThan(badBefore);
      await sim.control.setFault(id, 'none');
      await waitFor(() => reader.health.isOnline, 'back online');
      const outcome = await reader.identify({ waitMs: 3000 });
      expect(outcome.kind === 'matched' && pages.get(outcome.pageId)).toBe('E1001');
    },
  );

  it('reports the link lost on disconnect and reconnects by itself when the device is back', async () => {
    await sim.control.setFault(id, 'disconnect');
    await waitFor(() => !reader.health.isOnline, 'offline after disconnect');
    expect(statuses.at(-1)?.reason).toMatch(/link lost|disconnected|closed/i);
    await sim.control.setFault(id, 'none');
    await waitFor(() => reader.health.isOnline, 'back online after reconnect', 20_000);
    await sim.control.placeFinger(id, 'li-na-R1');
    const outcome = await reader.identify({ waitMs: 3000 });
    expect(outcome.kind === 'matched' && pages.get(outcome.pageId)).toBe('E1002');
  });
});
