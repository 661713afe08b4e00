import {
  DoorController,
  type DoorState,
  InterlockError,
} from '@vaultline/gateway/devices/door/door-controller';
import { silentLogger, systemClock } from '@vaultline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo, recordStatuses } from '../../src/harness/gateway-links.ts';
import { type SimHarness, startSimulators } from '../../src/harness/sim-harness.ts';
import { freePort } from '../../src/harness/sim-process.ts';
import { waitFor } from '../../src/harness/wait-for.ts';

interface DoorHardwareState {
  relays: boolean[];
  doors: Array<{ door: number; open: boolean }>;
  contactEndpoint: string | null;
}

/** The relay board's default line rate (protocols/relay-lcus.md §2); the contact module runs at the same. */
const BAUD = 9600;

let sim: SimHarness;
let tcpPorts: { relay: number; contact: number };

beforeAll(async () => {
  // The devices file takes fixed TCP ports (0 is refused), so the test asks the OS for free ones.
  tcpPorts = { relay: await freePort(), contact: await freePort() };
  sim = await startSimulators([
    { id: 'door-serial', kind: 'relay', transport: 'serial', link: 'relay', contactLink: 'contact' },
    { id: 'door-tcp', kind: 'relay', transport: 'tcp', port: tcpPorts.relay, contactPort: tcpPorts.contact },
  ]);
});
afterAll(async () => {
  await sim?.stop();
});

async function hardware(id: string): Promise<DoorHardwareState> {
  return (await sim.control.device(id)).state as unknown as DoorHardwareState;
}

function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('the simulator serves the door hardware over TCP on the ports of the devices file', () => {
  it('reports both TCP endpoints', async () => {
    expect(sim.endpoint('door-tcp')).toBe(`tcp://127.0.0.1:${tcpPorts.relay}`);
    expect((await hardware('door-tcp')).contactEndpoint).toBe(`tcp://127.0.0.1:${tcpPorts.contact}`);
    expect((await hardware('door-serial')).contactEndpoint).toBe(`${sim.workDir}/dev/contact`);
  });
});

describe.each(['door-serial', 'door-tcp'])(
  'DoorController ↔ simulated relay board and contact module over %s',
  (id) => {
    let door: DoorController;
    let statuses: ReturnType<typeof recordStatuses>;
    const reported: DoorState[] = [];
    const relays = async () => (await hardware(id)).relays;
    const known = (open: boolean | null) => door.doorStates().every((state) => state.open === open);

    beforeAll(async () => {
      const { contactEndpoint } = await hardware(id);
      if (!contactEndpoint) throw new Error(`${id} has no contact module`);
      door = new DoorController({
        id,
        relayLink: linkTo(sim, id, BAUD),
        contactLink: linkTo(sim, id, BAUD, contactEndpoint),
        clock: systemClock,
        logger: silentLogger,
        pollIntervalMs: 50,
        requestTimeoutMs: 100,
      });
      statuses = recordStatuses(door);
      door.onDoorState((state) => reported.push(state));
      await door.start();
      await waitFor(() => door.health.isOnline && known(false), `${id} online with both doors closed`);
    });
    afterAll(async () => {
      await door?.stop();
    });

    it('energises relay 1 on open(1) and relocks it after the hold time', async () => {
      await door.open(1, 300);
      await waitFor(async () => (await relays())[0], 'relay 1 energised');
      expect((await relays())[1]).toBe(false);
      await waitFor(async () => !(await relays())[0], 'relay 1 released after the hold');
    });

    it('reports door contact changes and keeps door 2 locked while door 1 is open', async () => {
      await sim.control.setDoor(id, true, 1);
      await waitFor(() => reported.find((s) => s.door === 1 && s.open === true), 'door 1 reported open');
      expect(reported.at(-1)).toMatchObject({ device: id, door: 1, open: true });

      const error = await refusal(door.open(2, 300));
      expect(error).toBeInstanceOf(InterlockError);
      expect(error).toMatchObject({ door: 2, blockingDoor: 1, blockingState: 'open' });
      expect(await relays()).toEqual([false, false]);

      await sim.control.setDoor(id, false, 1);
      await waitFor(() => reported.at(-1)?.open === false && known(false), 'door 1 reported closed');
      await door.open(2, 5_000);
      await waitFor(async () => (await relays())[1], 'relay 2 energised');
      await door.lock(2);
      await waitFor(async () => !(await relays())[1], 'relay 2 released on lock');
    });

    it.each(['silent', 'corrupt'] as const)(
      'makes the doors unknown, refuses to open and goes offline when the contact module is %s',
      async (fault) => {
        await sim.control.setFault(id, fault);
        await waitFor(() => known(null), `door states unknown while ${fault}`);
        await waitFor(() => !door.health.isOnline, 'offline');
        expect(statuses.at(-1)).toMatchObject({ device: id, kind: 'door', online: false });
        const error = await refusal(door.open(1, 300));
        expect(error).toBeInstanceOf(InterlockError);
        expect(error).toMatchObject({ blockingDoor: 2, blockingState: 'unknown' });
        expect(await relays()).toEqual([false, false]);

        await sim.control.setFault(id, 'none');
        await waitFor(() => door.health.isOnline && known(false), 'online with both doors closed again');
        await door.open(1, 200);
        await waitFor(async () => (await relays())[0], 'relay 1 energised after recovery');
        await waitFor(async () => !(await relays())[0], 'relay 1 released after the hold');
      },
    );
  },
);
