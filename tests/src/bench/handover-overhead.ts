import { DeviceSet } from '@vaultline/gateway/devices/device-set';
import { silentLogger, systemClock } from '@vaultline/shared';
import { waitFor } from '../harness/wait-for.ts';
import { BOXES, fingerOf, VEHICLES } from '../scenario/day-plan.ts';
import { GatewayScenario } from '../scenario/gateway-scenario.ts';
import { type BenchRow, printTable } from './table.ts';

const RUNS = 3;
const now = () => performance.now();

/**
 * The whole hand-over's overhead over the device-time floor (issue 3 §8). The same delivery at a branch is
 * played twice against the same simulators in realistic timing (datasheet delays, baud pacing, separate
 * process): once through the gateway (engine, SQLite commits, kiosk, reports), once with the bare drivers
 * doing only the device work each step needs. For every step the time from the stimulus (tag in the
 * field, finger on the sensor, door pushed, boxes presented) to the reaction is summed; people's own time
 * is left out of both. Overhead = (gateway − floor) / floor.
 */
export async function runHandoverOverhead(): Promise<BenchRow[]> {
  const gateway: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const scenario = await GatewayScenario.start({
      siteId: 'BR-001',
      engine: { photoCheck: 'advisory' },
      timing: 'realistic',
      simulatorProcess: true,
    });
    try {
      gateway.push(await throughGateway(scenario));
      await scenario.app!.stop();
      scenario.app = undefined;
      floor.push(await bareDrivers(scenario));
    } finally {
      await scenario.stop();
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const g = median(gateway);
  const f = median(floor);
  const overhead = ((g - f) / f) * 100;
  const rows: BenchRow[] = [
    {
      benchmark: `branch delivery, median of ${RUNS}`,
      result: `gateway ${(g / 1000).toFixed(2)} s · device floor ${(f / 1000).toFixed(2)} s · overhead ${overhead.toFixed(1)} %`,
      verdict: 'info',
      note: 'sum of stimulus→reaction times over the 10 steps of a delivery; realistic device timing',
    },
  ];
  printTable('Hand-over overhead over the device-time floor', rows);
  return rows;
}

async function throughGateway(s: GatewayScenario): Promise<number> {
  let total = 0;
  const timed = async (stimulus: () => Promise<unknown>, reaction: () => boolean, what: string) => {
    const started = now();
    await stimulus();
    await waitFor(reaction, what, 30_000);
    total += now() - started;
  };
  const count = (type: string) => s.ofType(type).length;
  const stepsOn = (reader: string) => {
    let taken = 0;
    s.app!.service.onStep((_state, _events, input) => {
      if (input.type === 'finger' && input.reader === reader) taken++;
    });
    return () => taken;
  };
  const doorSteps = stepsOn('fp-door');
  const zoneSteps = stepsOn('fp-zone');
  await timed(
    () => s.vehicleArrives(VEHICLES[0]!.tagEpc),
    () => count('vehicle.arrived') === 1,
    'arrival',
  );
  for (const [i, escort] of ['E1001', 'E1002'].entries()) {
    await timed(
      () => s.sim.control.placeFinger('fp-door', fingerOf(escort)),
      () => doorSteps() === i + 1,
      escort,
    );
    await liftFinger(s, 'fp-door');
  }
  await timed(
    () => s.sim.control.setDoor('mantrap', true, 1),
    () => count('door.opened') === 1,
    'door opened',
  );
  await timed(
    () => s.sim.control.setDoor('mantrap', false, 1),
    () => count('door.closed') === 1,
    'door closed',
  );
  await timed(
    () => s.boxesInZone([BOXES.b1, BOXES.b2]),
    () => count('box.scanned') === 2,
    'boxes',
  );
  for (const [i, person] of ['E1001', 'T2001'].entries()) {
    await timed(
      () => s.sim.control.placeFinger('fp-zone', fingerOf(person)),
      () => zoneSteps() === i + 1,
      person,
    );
    await liftFinger(s, 'fp-zone');
  }
  await waitFor(() => count('handover.completed') === 1, 'completed', 10_000);
  return total;
}

async function bareDrivers(s: GatewayScenario): Promise<number> {
  const { bleDbusAddress, ...devicesConfig } = s.config.devices;
  const devices = new DeviceSet(
    { ...devicesConfig, ble: { dbusAddress: bleDbusAddress } },
    systemClock,
    silentLogger,
  );
  await devices.start();
  try {
    const door = devices.fingerprints.get('fp-door')!;
    const zone = devices.fingerprints.get('fp-zone')!;
    const gate = devices.rfidReaders.get('rfid-gate')!;
    const boxes = devices.rfidReaders.get('rfid-zone')!;
    const mantrap = devices.doors.get('mantrap')!;
    await waitFor(
      () => [door, zone, gate, boxes, mantrap].every((d) => d.health.isOnline),
      'devices online',
      30_000,
    );
    await door.syncTemplates(await s.app0Templates());
    await zone.syncTemplates(await s.app0Templates());
    await s.vehicleLeaves();
    await s.boxesInZone([]);
    const seen = new Set<string>();
    gate.onTag((t) => seen.add(`gate:${t.epc}`));
    boxes.onTag((t) => seen.add(`zone:${t.epc}`));
    let total = 0;
    const timed = async (stimulus: () => Promise<unknown>, reaction: () => boolean, what: string) => {
      const started = now();
      await stimulus();
      await waitFor(reaction, what, 30_000);
      total += now() - started;
    };
    gate.startInventory();
    await timed(
      () => s.vehicleArrives(VEHICLES[0]!.tagEpc),
      () => seen.has(`gate:${VEHICLES[0]!.tagEpc}`),
      'tag',
    );
    for (const escort of ['E1001', 'E1002']) {
      const started = now();
      await s.sim.control.placeFinger('fp-door', fingerOf(escort));
      await door.identify({ waitMs: 10_000 });
      total += now() - started;
      await liftFinger(s, 'fp-door');
    }
    const opened = now();
    await mantrap.open(1, 5_000);
    total += now() - opened;
    const contact = (open: boolean) => () => mantrap.doorStates().find((d) => d.door === 1)?.open === open;
    await timed(() => s.sim.control.setDoor('mantrap', true, 1), contact(true), 'door open');
    await timed(() => s.sim.control.setDoor('mantrap', false, 1), contact(false), 'door closed');
    boxes.startInventory();
    await timed(
      () => s.boxesInZone([BOXES.b1, BOXES.b2]),
      () => seen.has(`zone:${BOXES.b1}`) && seen.has(`zone:${BOXES.b2}`),
      'boxes',
    );
    for (const person of ['E1001', 'T2001']) {
      const started = now();
      await s.sim.control.placeFinger('fp-zone', fingerOf(person));
      await zone.identify({ waitMs: 10_000 });
      total += now() - started;
      await liftFinger(s, 'fp-zone');
    }
    return total;
  } finally {
    await devices.stop();
  }
}

async function liftFinger(s: GatewayScenario, reader: string): Promise<void> {
  await s.sim.control.placeFinger(reader, null);
  await new Promise((resolve) => setTimeout(resolve, 400));
}
