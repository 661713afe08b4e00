import type { Run } from '@vaultline/shared/plan/plan-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { SITES, VEHICLES } from '../../src/scenario/day-plan.ts';
import { waitForEventSince } from '../../src/scenario/handover-steps.ts';
import type { LiveStreamClient } from '../../src/system/live-stream-client.ts';
import { SystemScenario } from '../../src/system/system-scenario.ts';
import { VehicleOnRoute } from '../../src/system/vehicle-on-route.ts';

/**
 * The centre's own alarm rules (DESIGN §4) with default thresholds, fed by a vehicle unit publishing its
 * GPS over MQTT (through Mosquitto, under the vehicle's rights in the generated ACL) and by a branch
 * gateway's events. The vehicle plays its time 100× faster (a fix every 10 ms, stamped with simulated
 * time), so a minute outside the corridor takes 0.6 s.
 */
const SPEED_FACTOR = 100;
/**
 * Fixes (one per simulated second) spent at each offset on the corridor edge: longer than the 60 s
 * outside the corridor that raises a deviation, so a rule without hysteresis would flap within one hold.
 */
const FIXES_AT_EACH_OFFSET = 80;

let system: SystemScenario;
let vehicle: VehicleOnRoute;
let stream: LiveStreamClient;
beforeAll(async () => {
  system = await SystemScenario.start({
    broker: 'mosquitto',
    gateways: [{ siteId: 'BR-002' }],
    vehicles: ['V1'],
  });
  stream = await system.api.stream();
  const r1 = system.gateway('BR-002').scenario.day.runs.find((run) => run.runId === 'R1') as Run;
  // V1 leaves BR-001 (R1's stop 2) on R1's planned route towards BR-002: a 6.6 km straight leg first.
  const fromBranchA = r1.route.findIndex(
    (p) => p.lat === SITES.branchA.position.lat && p.lon === SITES.branchA.position.lon,
  );
  vehicle = await VehicleOnRoute.start({
    vehicleId: 'V1',
    route: r1.route.slice(fromBranchA),
    brokerUrl: system.brokerUrl,
    password: system.vehiclePassword('V1'),
    speedFactor: SPEED_FACTOR,
  });
});
afterAll(async () => {
  stream?.close();
  await vehicle?.close();
  await system?.stop();
});

const alarmsOfV1 = async (kind: string) =>
  (await system.api.alarms({ kind })).filter((alarm) => alarm.vehicleId === 'V1');

/** Waits until `count` more fixes of the vehicle reached the centre's rules. */
async function fixesPass(count: number): Promise<void> {
  const seen = system.app.runs.metrics().positions;
  await waitFor(() => system.app.runs.metrics().positions >= seen + count, `${count} fixes at the centre`);
}

async function holdAt(offsetM: number): Promise<void> {
  await vehicle.deviate(offsetM, 3_600);
  await waitFor(
    async () => Math.abs((await vehicle.state()).offsetM - offsetM) < 1,
    `the vehicle at ${offsetM} m`,
  );
  await fixesPass(FIXES_AT_EACH_OFFSET);
}

describe('centre alarm rules on a vehicle and a branch gateway', () => {
  it('raises STOP_SKIPPED when V1 reaches BR-002 (stop 3) before stops 1 and 2 were completed', async () => {
    const { scenario } = system.gateway('BR-002');
    await scenario.vehicleArrives((VEHICLES[0] as { tagEpc: string }).tagEpc);
    await waitForEventSince(scenario, 0, 'vehicle.arrived', (e) => e.body.stopSeq === 3);
    const skipped = await waitFor(async () => {
      const alarms = await system.api.alarms({ kind: 'STOP_SKIPPED' });
      return alarms.length === 2 && alarms;
    }, 'STOP_SKIPPED for stops 1 and 2');
    expect(skipped.map((a) => [a.runId, a.stopSeq, a.siteId]).sort()).toEqual([
      ['R1', 1, SITES.vault.siteId],
      ['R1', 2, SITES.branchA.siteId],
    ]);
  });

  it('raises ROUTE_DEVIATION once outside the corridor, keeps it on the corridor edge, clears it back on the route', async () => {
    // Riding the edge before any deviation: inside the 500 m corridor, nothing to raise.
    await holdAt(450);
    expect(await alarmsOfV1('ROUTE_DEVIATION')).toEqual([]);
    await vehicle.deviate(800, 3_600);
    const [raised] = await waitFor(async () => {
      const alarms = await alarmsOfV1('ROUTE_DEVIATION');
      return alarms.length > 0 && alarms;
    }, 'ROUTE_DEVIATION');
    expect(raised).toMatchObject({ state: 'raised', runId: 'R1', source: 'centre' });
    expect(raised?.detail.distanceM).toBeGreaterThan(500);

    // Riding the edge with the alarm raised: inside the 400–500 m band, out across 500 m, back.
    for (const offsetM of [450, 540, 450]) await holdAt(offsetM);
    expect(await alarmsOfV1('ROUTE_DEVIATION')).toEqual([
      expect.objectContaining({ alarmId: raised?.alarmId, state: 'raised' }),
    ]);
    expect((await alarmsOfV1('ROUTE_DEVIATION'))[0]?.clearedAt).toBeUndefined();

    await vehicle.deviate(450, 0);
    const cleared = await waitFor(
      async () => (await alarmsOfV1('ROUTE_DEVIATION')).find((a) => a.clearedAt),
      'ROUTE_DEVIATION cleared',
    );
    expect(cleared.alarmId).toBe(raised?.alarmId);
    await fixesPass(FIXES_AT_EACH_OFFSET);
    expect(await alarmsOfV1('ROUTE_DEVIATION')).toHaveLength(1);
    expect(stream.alarms('ROUTE_DEVIATION').map((e) => e.change)).toEqual(['raised', 'cleared']);
  });

  it('raises UNEXPECTED_STOP for a halt outside every stop, and clears it when the vehicle moves on', async () => {
    await vehicle.stop();
    const stopped = await waitFor(async () => (await alarmsOfV1('UNEXPECTED_STOP'))[0], 'UNEXPECTED_STOP');
    expect(stopped).toMatchObject({ state: 'raised', runId: 'R1' });
    expect(stopped.detail.stationaryMs).toBeGreaterThan(300_000);
    await vehicle.resume();
    await waitFor(async () => (await alarmsOfV1('UNEXPECTED_STOP'))[0]?.clearedAt, 'UNEXPECTED_STOP cleared');
    expect(stream.alarms('UNEXPECTED_STOP').map((e) => e.change)).toEqual(['raised', 'cleared']);
  });

  it('raises LATE_ARRIVAL for a stop whose window closed without an arrival', async () => {
    const day = system.gateway('BR-002').scenario.day;
    const now = Date.now();
    // An ad-hoc collection added to the day (a new plan version) whose window closed a moment ago.
    const adHoc: Run = {
      runId: 'R3',
      vehicleId: 'V2',
      crew: ['E1003', 'E1004'],
      stops: [
        {
          seq: 1,
          siteId: SITES.branchB.siteId,
          kind: 'collect',
          windowStart: new Date(now - 30 * 60_000).toISOString(),
          windowEnd: new Date(now - 1_000).toISOString(),
          boxes: [],
          position: SITES.branchB.position,
          geofenceM: 200,
        },
      ],
      route: [SITES.vault.position, SITES.branchB.position],
    };
    system.app.loadDayPlan({ date: day.date, version: 2, runs: [...day.runs, adHoc] });
    system.app.runs.tick();
    const late = await waitFor(
      async () => (await system.api.alarms({ kind: 'LATE_ARRIVAL' })).find((a) => a.runId === 'R3'),
      'LATE_ARRIVAL for R3',
    );
    expect(late).toMatchObject({
      state: 'raised',
      stopSeq: 1,
      siteId: SITES.branchB.siteId,
      vehicleId: 'V2',
    });
    expect(await system.api.alarms({ kind: 'LATE_ARRIVAL' })).toHaveLength(1);
    // Loading the new version replayed the day: the stops skipped earlier are not raised a second time.
    expect(await system.api.alarms({ kind: 'STOP_SKIPPED' })).toHaveLength(2);
  });
});
