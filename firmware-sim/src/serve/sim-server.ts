import { mkdirSync } from 'node:fs';
import { type Clock, type Logger, silentLogger, systemClock, VaultlineError } from '@vaultline/shared';
import { SimulatedBluez } from '../ble/simulated-bluez.ts';
import type { SimTiming } from '../devices/simulated-device.ts';
import type { FaultKind } from '../line/fault.ts';
import { ServedVehicle } from '../vehicle/served-vehicle.ts';
import { isVehicleEntry } from '../vehicle/vehicle-entry.ts';
import { type BuiltDevice, buildDevice, type DeviceControls } from './device-factory.ts';
import type { DeviceEntry, SimEntry } from './devices-file.ts';
import { ServedDevice } from './served-device.ts';

export class UnknownDeviceError extends VaultlineError {
  constructor(id: string) {
    super('SIM_UNKNOWN_DEVICE', `no simulated device "${id}"; GET /devices lists them`);
  }
}

export class UnsupportedControlError extends VaultlineError {
  constructor(id: string, kind: string, action: string) {
    super('SIM_UNSUPPORTED', `device "${id}" is a ${kind}; it has no ${action}`);
  }
}

export class UnknownVehicleError extends VaultlineError {
  constructor(id: string) {
    super('SIM_UNKNOWN_VEHICLE', `no simulated vehicle "${id}"; GET /vehicles lists them`);
  }
}

export interface SimServerOptions {
  /** Devices on lines, and vehicle units (which publish over MQTT and have no line). */
  devices: SimEntry[];
  /** Folder for pty device ends and the private D-Bus. */
  workDir: string;
  timing?: SimTiming;
  clock?: Clock;
  logger?: Logger;
}

interface RunningDevice {
  entry: DeviceEntry;
  built: BuiltDevice;
  served: ServedDevice[];
}

/** Serves every device of a devices file on its line, and holds them for the control API. */
export class SimServer {
  private readonly running = new Map<string, RunningDevice>();
  private readonly vehicles = new Map<string, ServedVehicle>();
  private bluez: SimulatedBluez | undefined;

  private constructor(private readonly options: SimServerOptions) {}

  /** Resolves once every device is serving, so a caller can hand out the links at once. */
  static async start(options: SimServerOptions): Promise<SimServer> {
    const server = new SimServer(options);
    try {
      await server.startAll();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  get dbusAddress(): string | undefined {
    return this.bluez?.dbusAddress;
  }

  list(): Array<{ id: string; kind: string; transport: string; endpoint: string; fault: FaultKind }> {
    return [...this.running.values()].map(({ entry, served }) => ({
      id: entry.id,
      kind: entry.kind,
      transport: entry.transport,
      endpoint: served[0]?.line.endpoint ?? '',
      fault: served[0]?.fault ?? 'none',
    }));
  }

  describe(id: string): Record<string, unknown> {
    const { entry, built, served } = this.get(id);
    return {
      id: entry.id,
      kind: entry.kind,
      transport: entry.transport,
      endpoint: served[0]?.line.endpoint,
      baud: entry.baud,
      fault: served[0]?.fault ?? 'none',
      state: built.snapshot(),
    };
  }

  control<K extends keyof DeviceControls>(id: string, action: K): NonNullable<DeviceControls[K]> {
    const { entry, built } = this.get(id);
    const fn = built.controls[action];
    if (!fn) throw new UnsupportedControlError(id, entry.kind, action);
    return fn;
  }

  listVehicles(): Array<ReturnType<ServedVehicle['summary']>> {
    return [...this.vehicles.values()].map((vehicle) => vehicle.summary());
  }

  /** A vehicle unit, for the control API's `/vehicles/:id` routes. */
  vehicle(id: string): ServedVehicle {
    const vehicle = this.vehicles.get(id);
    if (!vehicle) throw new UnknownVehicleError(id);
    return vehicle;
  }

  async setFault(id: string, fault: FaultKind): Promise<void> {
    for (const served of this.get(id).served) await served.setFault(fault);
    this.options.logger?.info({ device: id, fault }, 'fault set');
  }

  async stop(): Promise<void> {
    for (const { served } of this.running.values()) {
      for (const part of served) await part.stop().catch(() => {});
    }
    this.running.clear();
    for (const vehicle of this.vehicles.values()) await vehicle.stop().catch(() => {});
    this.vehicles.clear();
    await this.bluez?.stop();
    this.bluez = undefined;
  }

  private get(id: string): RunningDevice {
    const device = this.running.get(id);
    if (!device) throw new UnknownDeviceError(id);
    return device;
  }

  private async startAll(): Promise<void> {
    const { workDir } = this.options;
    const devices = this.options.devices.filter((entry): entry is DeviceEntry => !isVehicleEntry(entry));
    const clock = this.options.clock ?? systemClock;
    const timing = this.options.timing ?? 'realistic';
    const logger = this.options.logger ?? silentLogger;
    mkdirSync(workDir, { recursive: true });
    if (devices.some((d) => d.transport === 'ble')) {
      this.bluez = await SimulatedBluez.start({ workDir, logger: logger.child({ component: 'sim.bluez' }) });
    }
    const bluez = () => {
      if (!this.bluez) throw new Error('simulated BlueZ not started');
      return this.bluez;
    };
    for (const entry of devices) {
      const built = buildDevice(entry, { context: { clock, timing }, workDir, bluez });
      const pacing = timing === 'realistic' ? { baud: entry.baud } : undefined;
      const served = built.parts.map((part) => new ServedDevice(part.device, part.line, clock, pacing));
      this.running.set(entry.id, { entry, built, served });
      for (const part of served) await part.start();
      logger.info({ device: entry.id, kind: entry.kind, endpoint: served[0]?.line.endpoint }, 'serving');
    }
    for (const entry of this.options.devices.filter(isVehicleEntry)) {
      const vehicle = new ServedVehicle(entry, { clock, logger });
      this.vehicles.set(entry.id, vehicle);
      vehicle.start();
      logger.info({ vehicle: entry.id, broker: vehicle.link.describe().broker }, 'driving');
    }
  }
}
