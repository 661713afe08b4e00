import { type Clock, type Logger, silentLogger, systemClock, type TimerHandle } from '@vaultline/shared';
import type { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';
import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { type DriveProfile, seededRandom, seedFromId } from './drive-profile.ts';
import { type GpsFault, GpsReceiver, type GpsReceiverOptions } from './gps-receiver.ts';
import { GpsTelematics } from './gps-telematics.ts';
import { RoutePath } from './route-path.ts';
import { type DeviationRequest, VehicleMotion, type VehicleStop } from './vehicle-motion.ts';

/** The receiver reports one fix per second (1 Hz), the rate the centre's rules are tuned for. */
export const FIX_INTERVAL_MS = 1000;
/** Beyond this a fix would be due more often than a timer can fire (1 ms). */
export const MAX_SPEED_FACTOR = 1000;

export interface VehicleUnitOptions {
  /** Vehicle id as in the plan and the topic `vl/v1/vehicle/{id}/pos`. */
  id: string;
  /** The run's planned route polyline. */
  route: readonly GeoPoint[];
  /** The run's stops in route order. */
  stops?: readonly VehicleStop[];
  /** Receives every position the telematics unit decoded (the MQTT link in service, an array in tests). */
  publish: (position: PositionPayload) => void;
  clock?: Clock;
  /** Simulated seconds per real second (default 1): fixes come this many times faster, stamped with simulated time. */
  speedFactor?: number;
  /** Simulated UTC time of the first fix, ms (default: the clock's time at the first `start()`). */
  startAt?: number;
  /** Default: seeded from the id, so a vehicle drives the same way on every run. */
  random?: () => number;
  profile?: Partial<DriveProfile>;
  gps?: GpsReceiverOptions;
  logger?: Logger;
}

/**
 * A vehicle's telematics unit: the vehicle drives its route (VehicleMotion), the GNSS receiver writes
 * NMEA for every fix, the unit decodes it and publishes the position. Time is the injected clock, played
 * `speedFactor` times faster.
 *
 * Lifecycle is `start()` / `close()`; `stop()` and `resume()` are driving controls (the van stands
 * still), as in the control API.
 */
export class VehicleUnit {
  readonly id: string;
  readonly speedFactor: number;
  private readonly motion: VehicleMotion;
  private readonly receiver: GpsReceiver;
  private readonly telematics: GpsTelematics;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private timer: TimerHandle | undefined;
  private running = false;
  private simTime: number | undefined;
  private realStart = 0;
  private ticks = 0;
  private last: PositionPayload | undefined;

  constructor(private readonly options: VehicleUnitOptions) {
    this.id = options.id;
    this.speedFactor = options.speedFactor ?? 1;
    if (!(this.speedFactor > 0 && this.speedFactor <= MAX_SPEED_FACTOR)) {
      throw new RangeError(`vehicle ${options.id}: speedFactor must be > 0 and ≤ ${MAX_SPEED_FACTOR}`);
    }
    const random = options.random ?? seededRandom(seedFromId(options.id));
    this.motion = new VehicleMotion(
      new RoutePath(options.route),
      options.stops ?? [],
      random,
      options.profile,
    );
    this.receiver = new GpsReceiver(options.gps);
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'sim.vehicle', vehicle: options.id });
    this.telematics = new GpsTelematics((error) => this.logger.debug({ err: error.message }, 'NMEA dropped'));
  }

  /** Starts driving: a fix at once, then one per simulated second. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.realStart = this.clock.now();
    this.ticks = 0;
    if (this.simTime === undefined) {
      this.simTime = this.options.startAt ?? this.clock.now();
      this.emit();
    } else {
      this.advance();
    }
    if (this.running) this.schedule();
  }

  /** Powers the unit off (stops its timer); `start()` carries on from where it was. */
  close(): void {
    this.running = false;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  deviate(request?: DeviationRequest): void {
    this.motion.deviate(request);
    this.logger.info({ request }, 'deviating from the route');
  }

  /** The van stands still where it is (speed 0, position fixed) until `resume()`. */
  stop(): void {
    this.motion.stop();
    this.logger.info('stopped');
  }

  resume(): void {
    this.motion.resume();
    this.logger.info('resumed');
  }

  gpsFault(fault: GpsFault): void {
    this.receiver.fault = fault;
    this.logger.info({ fault }, 'GPS fault set');
  }

  snapshot() {
    return {
      id: this.id,
      simulatedTime: this.simTime === undefined ? null : new Date(this.simTime).toISOString(),
      speedFactor: this.speedFactor,
      gpsFault: this.receiver.fault,
      ...this.motion.snapshot(),
      lastPosition: this.last ?? null,
      gps: { ...this.telematics.counters },
    };
  }

  private schedule(): void {
    this.ticks++;
    const due = this.realStart + (this.ticks * FIX_INTERVAL_MS) / this.speedFactor;
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, due - this.clock.now()));
  }

  private tick(): void {
    this.advance();
    // A publish callback may have closed the unit.
    if (this.running) this.schedule();
  }

  /** One simulated second of driving, and its fix. */
  private advance(): void {
    this.motion.step(FIX_INTERVAL_MS / 1000);
    this.simTime = (this.simTime ?? this.clock.now()) + FIX_INTERVAL_MS;
    this.emit();
  }

  private emit(): void {
    const nmea = this.receiver.sentences(this.simTime!, this.motion.fix);
    this.logger.trace({ nmea }, '<--');
    for (const position of this.telematics.receive(Buffer.from(nmea, 'latin1'))) {
      this.last = position;
      try {
        this.options.publish(position);
      } catch (error) {
        this.logger.error({ err: (error as Error).message }, 'position not published');
      }
    }
  }
}
