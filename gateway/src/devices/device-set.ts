import type { Clock, Logger } from '@vaultline/shared';
import { Camera } from './camera/camera.ts';
import { DoorController } from './door/door-controller.ts';
import type { DeviceStatus } from './driver/device-health.ts';
import { FingerprintReader } from './fingerprint/fingerprint-reader.ts';
import { RfidReader } from './rfid/rfid-reader.ts';
import { type BleSettings, createTransport } from './transport/create-transport.ts';
import { DEFAULT_BACKOFF, DeviceLink } from './transport/device-link.ts';

/**
 * How the gateway reaches its devices. Each `endpoint` is a serial path, `ble:<MAC>` or `tcp://host:port`
 * (see createTransport). Baud rates default to each device family's factory setting.
 */
export interface DevicesConfig {
  ble?: BleSettings;
  fingerprint?: Array<{
    id: string;
    endpoint: string;
    baud?: number;
    password?: number;
    /** How often the reader asks the module for a finger (GenImg), ms; default 100. */
    pollIntervalMs?: number;
  }>;
  rfid?: Array<{
    id: string;
    endpoint: string;
    baud?: number;
    protocol?: 'r2000' | 'em4100';
    /** 1-based antenna ports to cycle through. */
    antennas?: number[];
    dedupWindowMs?: number;
  }>;
  camera?: Array<{
    id: string;
    endpoint: string;
    baud?: number;
    imageSize?: '640x480' | '320x240' | '160x120';
  }>;
  door?: Array<{
    id: string;
    /** The LCUS relay board driving the door strikes. */
    relayEndpoint: string;
    /** The Modbus RTU I/O module reading the door contacts. */
    contactEndpoint: string;
    relayBaud?: number;
    contactBaud?: number;
    /** Strike polarity: true when energising the relay unlocks (fail-secure strike on NO contact). */
    energiseToUnlock?: boolean;
  }>;
}

/** Factory baud rates (protocol references, §Serial link of each). */
const BAUD = {
  fingerprint: 57_600,
  rfid: 115_200,
  em4100: 9_600,
  camera: 38_400,
  relay: 9_600,
  modbus: 9_600,
};

/** Every configured device driver, built from configuration; nothing opens until `start()`. */
export class DeviceSet {
  readonly fingerprints = new Map<string, FingerprintReader>();
  readonly rfidReaders = new Map<string, RfidReader>();
  readonly cameras = new Map<string, Camera>();
  readonly doors = new Map<string, DoorController>();
  /** Every device link by id (`<door id>.relay` / `.contact` for door controllers): for diagnostics and benchmarks. */
  readonly links = new Map<string, DeviceLink>();

  constructor(config: DevicesConfig, clock: Clock, logger: Logger) {
    const link = (id: string, endpoint: string, baud: number) => {
      const deviceLogger = logger.child({ device: id });
      const created = new DeviceLink(
        createTransport(endpoint, baud, config.ble),
        clock,
        deviceLogger,
        DEFAULT_BACKOFF,
      );
      this.links.set(id, created);
      return created;
    };
    for (const c of config.fingerprint ?? []) {
      const log = logger.child({ component: 'gateway.fingerprint', device: c.id });
      const reader = new FingerprintReader({
        id: c.id,
        link: link(c.id, c.endpoint, c.baud ?? BAUD.fingerprint),
        clock,
        logger: log,
        password: c.password,
        pollIntervalMs: c.pollIntervalMs,
      });
      this.fingerprints.set(c.id, reader);
    }
    for (const c of config.rfid ?? []) {
      const log = logger.child({ component: 'gateway.rfid', device: c.id });
      const baud = c.baud ?? (c.protocol === 'em4100' ? BAUD.em4100 : BAUD.rfid);
      const reader = new RfidReader({
        id: c.id,
        link: link(c.id, c.endpoint, baud),
        clock,
        logger: log,
        protocol: c.protocol,
        antennas: c.antennas,
        dedupWindowMs: c.dedupWindowMs,
      });
      this.rfidReaders.set(c.id, reader);
    }
    for (const c of config.camera ?? []) {
      const log = logger.child({ component: 'gateway.camera', device: c.id });
      const baud = c.baud ?? BAUD.camera;
      const camera = new Camera({
        id: c.id,
        link: link(c.id, c.endpoint, baud),
        clock,
        logger: log,
        imageSize: c.imageSize,
        baud,
      });
      this.cameras.set(c.id, camera);
    }
    for (const c of config.door ?? []) {
      const log = logger.child({ component: 'gateway.door', device: c.id });
      const door = new DoorController({
        id: c.id,
        relayLink: link(`${c.id}.relay`, c.relayEndpoint, c.relayBaud ?? BAUD.relay),
        contactLink: link(`${c.id}.contact`, c.contactEndpoint, c.contactBaud ?? BAUD.modbus),
        clock,
        logger: log,
        energiseToUnlock: c.energiseToUnlock,
      });
      this.doors.set(c.id, door);
    }
  }

  private get drivers(): Array<FingerprintReader | RfidReader | Camera | DoorController> {
    return [
      ...this.fingerprints.values(),
      ...this.rfidReaders.values(),
      ...this.cameras.values(),
      ...this.doors.values(),
    ];
  }

  async start(): Promise<void> {
    await Promise.all(this.drivers.map((driver) => driver.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.drivers.map((driver) => driver.stop()));
  }

  /** Online/offline transitions of every device (DEVICE_OFFLINE upstream). */
  onStatus(listener: (status: DeviceStatus) => void): () => void {
    const unsubscribes = this.drivers.map((driver) => driver.onStatus(listener));
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }
}
