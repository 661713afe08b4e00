import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { type SimHarness, startSimulators } from '../harness/sim-harness.ts';

/** What `GET /vehicles/:id` tells about a vehicle unit (the fields these tests read). */
export interface VehicleState {
  state: 'driving' | 'deviating' | 'dwelling' | 'stopped' | 'arrived';
  /** Distance from its route, m. */
  offsetM: number;
  alongM: number;
  speedKmh: number;
  mqtt: { state: string; published: number };
}

/**
 * A vehicle unit of the simulator (firmware-sim/src/vehicle) driving `route` and publishing its GPS fixes
 * to the broker under its own credentials, driven through the simulator's HTTP control contract
 * (`/vehicles/:id/deviate|stop|resume`) as a test operator would.
 */
export class VehicleOnRoute {
  private constructor(
    private readonly sim: SimHarness,
    readonly vehicleId: string,
  ) {}

  static async start(options: {
    vehicleId: string;
    route: GeoPoint[];
    brokerUrl: string;
    password: string;
    /** Simulated seconds per real second. */
    speedFactor: number;
  }): Promise<VehicleOnRoute> {
    const sim = await startSimulators([
      {
        id: options.vehicleId,
        kind: 'vehicle',
        route: options.route,
        stops: [],
        broker: options.brokerUrl,
        password: options.password,
        speedFactor: options.speedFactor,
        qos: 1,
      },
    ]);
    return new VehicleOnRoute(sim, options.vehicleId);
  }

  async state(): Promise<VehicleState> {
    return (await this.call('GET', '')) as unknown as VehicleState;
  }

  /** Drives parallel to the route at `offsetM` (right of the direction of travel) for `forS`, then back. */
  deviate(offsetM: number, forS: number): Promise<unknown> {
    return this.call('POST', '/deviate', { offsetM, forS });
  }

  stop(): Promise<unknown> {
    return this.call('POST', '/stop');
  }

  resume(): Promise<unknown> {
    return this.call('POST', '/resume');
  }

  close(): Promise<void> {
    return this.sim.stop();
  }

  private async call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const answer = await this.sim.control.raw(method, `/vehicles/${this.vehicleId}${path}`, body);
    if (answer.status !== 200) {
      throw new Error(
        `simulator ${method} /vehicles/${this.vehicleId}${path}: ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }
}
