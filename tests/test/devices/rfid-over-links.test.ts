import { RfidReader, type TagSeen } from '@vaultline/gateway/devices/rfid/rfid-reader';
import { silentLogger, systemClock } from '@vaultline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo, recordStatuses } from '../../src/harness/gateway-links.ts';
import { type SimHarness, startSimulators } from '../../src/harness/sim-harness.ts';
import { waitFor } from '../../src/harness/wait-for.ts';

/** 96-bit EPCs (24 hex digits), as on the cash boxes' tags. */
const BOX_A = 'E28011700000020A1B2C3D01';
const BOX_B = 'E28011700000020A1B2C3D02';
const BOX_C = 'E28011700000020A1B2C3D03';
/** Short, so a fault (at least two 500 ms command timeouts) always outlasts it and tags are news again. */
const DEDUP_MS = 400;
/** Longest wait for a reader to come back after a fault clears (see the fault tests). */
const RECOVERY_WAIT_MS = 20_000;

let sim: SimHarness;
beforeAll(async () => {
  sim = await startSimulators([
    { id: 'uhf-serial', kind: 'rfid', transport: 'serial', link: 'uhf-serial' },
    { id: 'uhf-ble', kind: 'rfid', transport: 'ble', address: 'C0:FF:EE:00:00:21', name: 'Nordic_UART_CW' },
    { id: 'em-serial', kind: 'rfid', transport: 'serial', link: 'em-serial', protocol: 'em4100', baud: 9600 },
  ]);
});
afterAll(async () => {
  await sim?.stop();
});

/** Real time passes with tags in the field; nothing is asserted about how long anything took. */
function pass(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe.each(['uhf-serial', 'uhf-ble'])('RfidReader ↔ simulated R2000 reader over %s', (id) => {
  let reader: RfidReader;
  let statuses: ReturnType<typeof recordStatuses>;
  const seen: TagSeen[] = [];
  const reports = (epc: string) => seen.filter((tag) => tag.epc === epc).length;

  beforeAll(async () => {
    reader = new RfidReader({
      id,
      link: linkTo(sim, id, 115_200),
      clock: systemClock,
      logger: silentLogger,
      dedupWindowMs: DEDUP_MS,
      roundTimeoutMs: 500,
    });
    statuses = recordStatuses(reader);
    reader.onTag((tag) => seen.push(tag));
    await sim.control.setTags(id, []);
    await reader.start();
    await waitFor(() => reader.health.isOnline, `${id} online`);
    reader.startInventory();
  });
  afterAll(async () => {
    await reader?.stop();
  });

  it('reports the tags in the field once while they stay, and a tag added later', async () => {
    await sim.control.setTags(id, [BOX_A, BOX_B]);
    await waitFor(() => reports(BOX_A) && reports(BOX_B), 'both boxes seen');
    expect(seen.find((tag) => tag.epc === BOX_A)).toMatchObject({ device: id, epc: BOX_A, antenna: 1 });
    expect(seen.every((tag) => Number.isFinite(tag.rssi) && tag.rssi < 0)).toBe(true);
    // Several dedup windows with both boxes read on every round: still one report each.
    await pass(3 * DEDUP_MS);
    expect([reports(BOX_A), reports(BOX_B)]).toEqual([1, 1]);

    await sim.control.setTags(id, [BOX_A, BOX_B, BOX_C]);
    await waitFor(() => reports(BOX_C), 'the box added later');
    expect([reports(BOX_A), reports(BOX_B), reports(BOX_C)]).toEqual([1, 1, 1]);
  });

  it('reports a box again after it was carried away for longer than the dedup window', async () => {
    await sim.control.setTags(id, [BOX_B, BOX_C]);
    await pass(2 * DEDUP_MS);
    await sim.control.setTags(id, [BOX_A, BOX_B, BOX_C]);
    await waitFor(() => reports(BOX_A) === 2, 'box A reported again');
    expect([reports(BOX_B), reports(BOX_C)]).toEqual([1, 1]);
  });

  it('works when every answer arrives split into small pieces', async () => {
    await sim.control.setFault(id, 'split');
    await sim.control.setTags(id, []);
    await pass(2 * DEDUP_MS);
    await sim.control.setTags(id, [BOX_C]);
    await waitFor(() => reports(BOX_C) === 2, 'box C reported over a split line');
    expect(reader.health.isOnline).toBe(true);
    await sim.control.setFault(id, 'none');
  });

  it.each(['silent', 'garbage', 'corrupt'] as const)(
    'goes offline when the reader is %s, then recovers and reports the boxes again',
    async (fault) => {
      await sim.control.setTags(id, [BOX_A]);
      // Recovery is what is tested, not its speed: on a loaded 2-core machine the BLE round trips through
      // D-Bus can take seconds, so these waits are generous (speed is measured by the benchmarks).
      await waitFor(() => reader.health.isOnline, 'online before the fault', RECOVERY_WAIT_MS);
      const before = { a: reports(BOX_A), bad: reader.badFrameCount };
      await sim.control.setFault(id, fault);
      await waitFor(() => !reader.health.isOnline, `offline while ${fault}`);
      expect(statuses.at(-1)).toMatchObject({ device: id, kind: 'rfid', online: false });
      if (fault !== 'silent') expect(reader.badFrameCount).toBeGreaterThan(before.bad);
      await sim.control.setFault(id, 'none');
      await waitFor(() => reader.health.isOnline, 'back online', RECOVERY_WAIT_MS);
      expect(statuses.at(-1)).toMatchObject({ online: true });
      // No round succeeded for longer than the dedup window: the box in the field is news again.
      await waitFor(() => reports(BOX_A) > before.a, 'box A reported after recovery', RECOVERY_WAIT_MS);
    },
    4 * RECOVERY_WAIT_MS,
  );

  it('reports the link lost on disconnect and reconnects by itself when the reader is back', async () => {
    await sim.control.setTags(id, [BOX_B]);
    const before = reports(BOX_B);
    await sim.control.setFault(id, 'disconnect');
    await waitFor(() => !reader.health.isOnline, 'offline after disconnect');
    expect(statuses.at(-1)?.reason).toMatch(/link lost/i);
    await sim.control.setFault(id, 'none');
    await waitFor(() => reader.health.isOnline, 'back online after reconnect', 20_000);
    await waitFor(() => reports(BOX_B) > before, 'box B reported after reconnect');
  });
});

describe('RfidReader ↔ simulated EM4100 card reader over serial at 9600 bd', () => {
  let reader: RfidReader;
  const seen: TagSeen[] = [];

  beforeAll(async () => {
    reader = new RfidReader({
      id: 'em-serial',
      protocol: 'em4100',
      link: linkTo(sim, 'em-serial', 9600),
      clock: systemClock,
      logger: silentLogger,
      dedupWindowMs: DEDUP_MS,
    });
    reader.onTag((tag) => seen.push(tag));
    await reader.start();
    await waitFor(() => reader.health.isOnline, 'card reader online');
    reader.startInventory();
  });
  afterAll(async () => {
    await reader?.stop();
  });

  it('reports the card on the reader once, then the next card', async () => {
    await sim.control.setTags('em-serial', ['010A2B3C4D']);
    const first = await waitFor(() => seen.find((tag) => tag.epc === '010A2B3C4D'), 'first card');
    expect(first).toMatchObject({ device: 'em-serial', antenna: 1 });
    expect(first.rssi).toBeNaN();
    // The reader repeats the frame about every 100 ms while the card rests on it.
    await waitFor(
      async () => ((await sim.control.device('em-serial')).state.framesSent as number) >= 5,
      'repeated card frames',
    );
    expect(seen).toHaveLength(1);

    await sim.control.setTags('em-serial', ['1F00C0FFEE']);
    await waitFor(() => seen.find((tag) => tag.epc === '1F00C0FFEE'), 'second card');
    expect(seen.map((tag) => tag.epc)).toEqual(['010A2B3C4D', '1F00C0FFEE']);
  });
});
