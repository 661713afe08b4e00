import { TransportError } from '@vaultline/shared';
import { BleNusTransport } from './ble-nus-transport.ts';
import type { ByteTransport } from './byte-transport.ts';
import { SerialTransport } from './serial-transport.ts';
import { TcpTransport } from './tcp-transport.ts';

/** Where the gateway finds BlueZ; only the config module reads the environment to fill this in. */
export interface BleSettings {
  /** D-Bus address of BlueZ (default: the system bus). Tests point it at the simulated BlueZ. */
  dbusAddress?: string;
  adapter?: string;
}

/**
 * One string says how to reach a device, so moving a reader from a cable to BLE or to a serial server
 * is a configuration change:
 * - `/dev/ttyUSB0`, `/dev/serial/by-id/…` — a serial port at `baud`;
 * - `ble:AA:BB:CC:DD:EE:FF` — a BLE peripheral with the Nordic UART Service;
 * - `tcp://host:port` — a serial-to-Ethernet server or a remote simulator.
 */
export function createTransport(endpoint: string, baud: number, ble: BleSettings = {}): ByteTransport {
  if (endpoint.startsWith('tcp://')) return TcpTransport.fromUrl(endpoint);
  if (endpoint.startsWith('ble:')) {
    const address = endpoint.slice(4).toUpperCase();
    if (!/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/.test(address)) {
      throw new TransportError(
        'TRANSPORT_CONFIG',
        `"${endpoint}" is not a BLE endpoint; expected ble:AA:BB:CC:DD:EE:FF`,
      );
    }
    return new BleNusTransport({ address, adapter: ble.adapter, dbusAddress: ble.dbusAddress });
  }
  if (endpoint.startsWith('/')) return new SerialTransport({ path: endpoint, baudRate: baud });
  throw new TransportError(
    'TRANSPORT_CONFIG',
    `"${endpoint}" is not a device endpoint; use a serial path (/dev/ttyUSB0), ble:<MAC> or tcp://host:port`,
  );
}
