import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RoutePath } from '@vaultline/firmware-sim/vehicle/route-path';
import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { type SimProcess, spawnSimulator } from '../harness/sim-process.ts';
import { waitFor } from '../harness/wait-for.ts';

/** The longest leg of the day (13 km) takes about 10 s at 150×; a loaded machine gets ample slack. */
const LEG_TIMEOUT_MS = 90_000;
/** A van's average speed in town, corners and lights included (30–50 km/h cruise), m/s. */
const TOWN_AVERAGE_MPS = 10;

/** What the unit's control API tells about it (the fields the demo reads). */
export interface UnitState {
  state: 'driving' | 'deviating' | 'dwelling' | 'stopped' | 'arrived';
  alongM: number;
  routeLengthM: number;
  offsetM: number;
  simulatedTime: string | null;
}

/**
 * A van's telematics unit (firmware-sim's vehicle unit), switched on for each leg of its run as its own
 * `vaultline-sim serve` process: it drives the leg of the planned route at urban speed, `speedFactor`
 * times faster than real time, publishes its GPS fixes to the centre's broker under its own credentials,
 * and is switched off once parked at the site, while the hand-over goes on.
 *
 * Fixes carry simulated time. Each leg's clock starts as far back as the leg takes to drive, so the van
 * reaches the site about when it really does — never before the last fix of the leg before, since the
 * centre ignores a fix older than the last one it took.
 */
export class DemoVan {
  private lastFixAt = Number.NEGATIVE_INFINITY;
  /** The unit of the current leg, from the moment it is being switched on. */
  private unit: Promise<SimProcess> | undefined;
  private legs = 0;

  constructor(
    private readonly options: {
      vehicleId: string;
      brokerUrl: string;
      password: string;
      speedFactor: number;
      workDir: string;
    },
  ) {}

  get vehicleId(): string {
    return this.options.vehicleId;
  }

  get speedFactor(): number {
    return this.options.speedFactor;
  }

  /** Switches the unit on at the start of `route`: the van drives off at once. */
  async leave(route: GeoPoint[]): Promise<Leg> {
    const { vehicleId, brokerUrl, password, speedFactor } = this.options;
    const drivingMs = (new RoutePath(route).lengthM / TOWN_AVERAGE_MPS) * 1000;
    const startAt = Math.max(Date.now() - drivingMs, this.lastFixAt + 1_000);
    const workDir = join(this.options.workDir, 'van', `leg-${++this.legs}`);
    mkdirSync(workDir, { recursive: true });
    const entry = {
      id: vehicleId,
      kind: 'vehicle',
      route,
      stops: [],
      broker: brokerUrl,
      password,
      speedFactor,
      qos: 1,
      startAt: new Date(startAt).toISOString(),
    };
    this.unit = spawnSimulator({ devices: [entry], workDir, fast: true });
    return new Leg(await this.unit, vehicleId, startAt, speedFactor, (at) => {
      this.lastFixAt = at;
    });
  }

  /** Switches the unit off if it is on, or once it is (the demo stopping). */
  async close(): Promise<void> {
    const unit = await this.unit?.catch(() => undefined);
    await unit?.stop();
  }
}

/** One leg under way: the unit's process, until the van is parked at the end of the leg. */
export class Leg {
  constructor(
    private readonly sim: SimProcess,
    private readonly vehicleId: string,
    /** Simulated time of the leg's first fix, ms. */
    readonly startAt: number,
    private readonly speedFactor: number,
    private readonly parked: (lastFixAt: number) => void,
  ) {}

  get pid(): number | undefined {
    return this.sim.process.pid;
  }

  async state(): Promise<UnitState> {
    const answer = await this.sim.control.raw('GET', `/vehicles/${this.vehicleId}`);
    if (answer.status !== 200)
      throw new Error(`vehicle unit ${this.vehicleId}: ${JSON.stringify(answer.body)}`);
    return answer.body as unknown as UnitState;
  }

  /** Waits until the van drove `metres` along the leg. */
  passes(metres: number): Promise<UnitState> {
    return waitFor(
      async () => {
        const state = await this.state();
        return state.alongM >= metres && state;
      },
      `${this.vehicleId} ${metres} m on`,
      LEG_TIMEOUT_MS,
    );
  }

  /** Drives parallel to the route `offsetM` to its right for `forS` simulated seconds, then back. */
  async deviate(offsetM: number, forS: number): Promise<void> {
    const answer = await this.sim.control.raw('POST', `/vehicles/${this.vehicleId}/deviate`, {
      offsetM,
      forS,
    });
    if (answer.status !== 200)
      throw new Error(`vehicle unit ${this.vehicleId}: ${JSON.stringify(answer.body)}`);
  }

  /** Waits until the van is parked at the end of the leg, then switches the unit off. */
  async arrival(): Promise<UnitState> {
    const parked = await waitFor(
      async () => {
        const state = await this.state();
        return state.state === 'arrived' && state;
      },
      `${this.vehicleId} at the end of its leg`,
      LEG_TIMEOUT_MS,
    );
    const readAt = Date.now();
    await this.sim.stop();
    // The parked unit kept publishing until it was switched off: its clock ran on meanwhile.
    const lastFixAt = Date.parse(parked.simulatedTime ?? '') + (Date.now() - readAt) * this.speedFactor;
    this.parked(Number.isFinite(lastFixAt) ? lastFixAt : Date.now());
    return parked;
  }
}
