import { join } from 'node:path';
import type { SimulatedBluez } from '../ble/simulated-bluez.ts';
import { SerialCamera } from '../devices/camera/camera-sim.ts';
import { FingerprintModule } from '../devices/fingerprint/fingerprint-module.ts';
import { createDoorHardware } from '../devices/relay/door-hardware.ts';
import { Em4100CardReader } from '../devices/rfid/em4100-reader.ts';
import { UhfRfidReader } from '../devices/rfid/uhf-reader.ts';
import type { SimDeviceContext, SimulatedDevice } from '../devices/simulated-device.ts';
import { BleLine } from '../line/ble-line.ts';
import type { Line } from '../line/line.ts';
import { PtyLine } from '../line/pty-line.ts';
import { TcpLine } from '../line/tcp-line.ts';
import { type DeviceEntry, DevicesFileError } from './devices-file.ts';

/** What the control API may do to a device, by kind. */
export interface DeviceControls {
  placeFinger?: (fingerId: string | null, quality?: 'good' | 'poor') => void;
  setTags?: (epcs: string[]) => void;
  setScene?: (label: string) => void;
  setDoor?: (door: number, open: boolean) => void;
}

/** A device entry turned into firmware: one or two parts (the relay has a separate contact module). */
export interface BuiltDevice {
  parts: Array<{ device: SimulatedDevice; line: Line }>;
  controls: DeviceControls;
  snapshot: () => Record<string, unknown>;
}

export interface FactoryEnvironment {
  context: SimDeviceContext;
  workDir: string;
  bluez: () => SimulatedBluez;
}

export function buildDevice(entry: DeviceEntry, env: FactoryEnvironment): BuiltDevice {
  const line = (link: { path?: string; port?: number; address?: string }): Line => {
    if (entry.transport === 'serial') return new PtyLine(link.path!, join(env.workDir, 'pty'));
    if (entry.transport === 'tcp') return new TcpLine(link.port!);
    return new BleLine(env.bluez(), link.address!, entry.name ?? `VL-${entry.id}`);
  };
  const main = line({ path: entry.link, port: entry.port, address: entry.address });
  switch (entry.kind) {
    case 'fingerprint': {
      const device = new FingerprintModule({ id: entry.id, capacity: entry.capacity }, env.context);
      return {
        parts: [{ device, line: main }],
        controls: { placeFinger: (finger, quality) => device.placeFinger(finger, quality) },
        snapshot: () => device.snapshot(),
      };
    }
    case 'rfid': {
      const device =
        entry.protocol === 'em4100'
          ? new Em4100CardReader({ id: entry.id }, env.context)
          : new UhfRfidReader({ id: entry.id }, env.context);
      return {
        parts: [{ device, line: main }],
        controls: { setTags: (epcs) => device.setTags(epcs) },
        snapshot: () => device.snapshot(),
      };
    }
    case 'camera': {
      const device = new SerialCamera({ id: entry.id }, env.context);
      return {
        parts: [{ device, line: main }],
        controls: { setScene: (label) => device.setScene(label) },
        snapshot: () => device.snapshot(),
      };
    }
    case 'relay': {
      const hardware = createDoorHardware({ id: entry.id, channels: entry.channels }, env.context);
      const parts = [{ device: hardware.relayBoard, line: main }];
      const contact = contactLine(entry, line);
      if (contact) parts.push({ device: hardware.contactModule, line: contact });
      return {
        parts,
        controls: { setDoor: (door, open) => hardware.setDoorContact(door, open) },
        snapshot: () => ({ ...hardware.snapshot(), contactEndpoint: contact?.endpoint ?? null }),
      };
    }
  }
}

function contactLine(
  entry: DeviceEntry,
  line: (link: { path?: string; port?: number }) => Line,
): Line | undefined {
  if (entry.transport === 'serial' && entry.contactLink) return line({ path: entry.contactLink });
  if (entry.transport === 'tcp' && entry.contactPort) return line({ port: entry.contactPort });
  if (entry.contactLink || entry.contactPort) {
    throw new DevicesFileError(
      `device ${entry.id}: the door contact module needs the same transport as the relay`,
    );
  }
  return undefined;
}
