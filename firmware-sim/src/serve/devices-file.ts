import { readFileSync } from 'node:fs';
import { VaultlineError } from '@vaultline/shared';
import type { SimDeviceKind } from '../devices/simulated-device.ts';
import { parseVehicleEntry, type VehicleEntry } from '../vehicle/vehicle-entry.ts';

export class DevicesFileError extends VaultlineError {
  constructor(message: string) {
    super('SIM_DEVICES_FILE', message);
  }
}

/**
 * One entry of the simulator's devices file (the control contract of `vaultline-sim serve`).
 * Every field is documented here because tests and tools write these files by hand.
 */
export interface DeviceEntry {
  /** Unique id used by the control API (`/devices/:id`); letters, digits, `-` and `_`. */
  id: string;
  kind: SimDeviceKind;
  /** `serial`: a pty pair at `link`; `ble`: a NUS peripheral at `address`; `tcp`: a serial server at `port`. */
  transport: 'serial' | 'ble' | 'tcp';
  /** serial: the pty symlink path the gateway opens. */
  link?: string;
  /** ble: the device's MAC address, `AA:BB:CC:DD:EE:FF`. */
  address?: string;
  /** tcp: the port on 127.0.0.1. */
  port?: number;
  /** Line rate the simulator paces at in realistic timing; defaults per kind (see DEFAULT_BAUD). */
  baud: number;
  /** ble: advertised name (default `VL-<id>`). */
  name?: string;
  /** rfid: `r2000` UHF reader (default) or `em4100` 125 kHz card reader. */
  protocol?: 'r2000' | 'em4100';
  /** fingerprint: template library capacity (default 1000, as an R307). */
  capacity?: number;
  /** relay: number of relay channels = doors of the mantrap (default 2). */
  channels?: number;
  /** relay over serial: pty symlink of the Modbus RTU I/O module that reads the door contacts. */
  contactLink?: string;
  /** relay over tcp: port of the Modbus RTU I/O module. */
  contactPort?: number;
}

/** An entry of the devices file: a device on a line, or a vehicle unit that publishes over MQTT. */
export type SimEntry = DeviceEntry | VehicleEntry;

/** Factory defaults of each device family (protocol references §Serial link). */
export const DEFAULT_BAUD: Record<SimDeviceKind, number> = {
  fingerprint: 57_600,
  rfid: 115_200,
  camera: 38_400,
  relay: 9_600,
};

const KINDS: readonly SimDeviceKind[] = ['fingerprint', 'rfid', 'camera', 'relay'];
const MAC = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/i;

export function loadDevicesFile(path: string): SimEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DevicesFileError(`cannot read devices file ${path}: ${(error as Error).message}`);
  }
  return parseDevices(raw);
}

/** Validates a devices list; every problem names the entry and the field to fix. */
export function parseDevices(raw: unknown): SimEntry[] {
  const list = Array.isArray(raw) ? raw : (raw as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(list) || list.length === 0) {
    throw new DevicesFileError(
      'devices file must be a non-empty JSON array of devices (or {"devices": [...]})',
    );
  }
  const seen = new Set<string>();
  return list.map((item, index) => {
    const entry = parseEntry(item, index);
    if (seen.has(entry.id)) throw new DevicesFileError(`device ${index}: id "${entry.id}" is used twice`);
    seen.add(entry.id);
    return entry;
  });
}

function parseEntry(item: unknown, index: number): SimEntry {
  const fail = (field: string, expected: string): never => {
    throw new DevicesFileError(`device ${index}: "${field}" must be ${expected}`);
  };
  if (typeof item !== 'object' || item === null) return fail('(entry)', 'an object');
  const e = item as Record<string, unknown>;
  if (e.kind === 'vehicle') return parseVehicleEntry(e, index, (message) => new DevicesFileError(message));
  if (typeof e.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(e.id)) fail('id', 'letters, digits, - or _');
  if (!KINDS.includes(e.kind as SimDeviceKind)) fail('kind', `${KINDS.join(' | ')} | vehicle`);
  const kind = e.kind as SimDeviceKind;
  if (!['serial', 'ble', 'tcp'].includes(e.transport as string)) fail('transport', 'serial | ble | tcp');
  const transport = e.transport as DeviceEntry['transport'];
  if (transport === 'serial' && (typeof e.link !== 'string' || !e.link.startsWith('/')))
    fail('link', 'an absolute path');
  if (transport === 'ble' && (typeof e.address !== 'string' || !MAC.test(e.address)))
    fail('address', 'a MAC address AA:BB:CC:DD:EE:FF');
  if (transport === 'ble' && kind === 'relay')
    fail('transport', 'serial or tcp for a relay (door hardware is wired)');
  if (transport === 'tcp' && !isPort(e.port)) fail('port', 'a TCP port number');
  if (e.baud !== undefined && !(Number.isInteger(e.baud) && (e.baud as number) >= 1200))
    fail('baud', 'an integer ≥ 1200');
  if (e.protocol !== undefined && (kind !== 'rfid' || !['r2000', 'em4100'].includes(e.protocol as string))) {
    fail('protocol', 'r2000 | em4100, on an rfid device');
  }
  // The index table (ReadIndexTable 0x1F) addresses 4 pages × 256 slots: 1024 templates at most.
  if (
    e.capacity !== undefined &&
    !(Number.isInteger(e.capacity) && (e.capacity as number) >= 1 && (e.capacity as number) <= 1024)
  ) {
    fail('capacity', 'an integer 1–1024');
  }
  if (
    e.channels !== undefined &&
    !(Number.isInteger(e.channels) && (e.channels as number) >= 1 && (e.channels as number) <= 8)
  ) {
    fail('channels', 'an integer 1–8');
  }
  if (
    kind === 'relay' &&
    transport === 'serial' &&
    e.contactLink !== undefined &&
    typeof e.contactLink !== 'string'
  ) {
    fail('contactLink', 'an absolute path');
  }
  if (kind === 'relay' && transport === 'tcp' && e.contactPort !== undefined && !isPort(e.contactPort))
    fail('contactPort', 'a TCP port number');
  return {
    ...(e as unknown as DeviceEntry),
    address: typeof e.address === 'string' ? e.address.toUpperCase() : undefined,
    baud: (e.baud as number | undefined) ?? DEFAULT_BAUD[kind],
  };
}

function isPort(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0 && (value as number) < 65_536;
}
