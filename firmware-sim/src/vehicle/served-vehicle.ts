import type { Clock, Logger } from '@vaultline/shared';
import { MqttPositionLink } from './mqtt-position-link.ts';
import type { VehicleEntry } from './vehicle-entry.ts';
import { VehicleUnit } from './vehicle-unit.ts';

/** A vehicle of the devices file, driving and publishing: the unit wired to its MQTT link. */
export class ServedVehicle {
  readonly unit: VehicleUnit;
  readonly link: MqttPositionLink;

  constructor(
    readonly entry: VehicleEntry,
    env: { clock: Clock; logger: Logger },
  ) {
    this.link = new MqttPositionLink({
      vehicleId: entry.id,
      brokerUrl: entry.broker,
      password: entry.password,
      qos: entry.qos,
      logger: env.logger,
    });
    this.unit = new VehicleUnit({
      id: entry.id,
      route: entry.route,
      stops: entry.stops,
      speedFactor: entry.speedFactor,
      startAt: entry.startAt === undefined ? undefined : Date.parse(entry.startAt),
      publish: (position) => this.link.publish(position),
      clock: env.clock,
      logger: env.logger,
    });
  }

  /** Connects in the background (a broker that is not up yet is retried) and starts driving. */
  start(): void {
    this.link.start();
    this.unit.start();
  }

  async stop(): Promise<void> {
    this.unit.close();
    await this.link.close();
  }

  /** One line of `GET /vehicles`. */
  summary() {
    const s = this.unit.snapshot();
    return {
      id: this.entry.id,
      kind: 'vehicle' as const,
      state: s.state,
      position: s.position,
      speedKmh: s.speedKmh,
      progress: s.progress,
      mqtt: this.link.state,
    };
  }

  /** `GET /vehicles/:id`: the whole unit state and its MQTT session (never the password). */
  describe() {
    return { ...this.unit.snapshot(), kind: 'vehicle' as const, mqtt: this.link.describe() };
  }
}
