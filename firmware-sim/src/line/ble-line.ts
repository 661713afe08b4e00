import type { SimulatedBleDevice, SimulatedBluez } from '../ble/simulated-bluez.ts';
import type { Line } from './line.ts';

/**
 * A device served as a BLE peripheral with the Nordic UART Service on the simulated BlueZ. Its frames
 * leave as notifications of at most MTU − 3 bytes; the gateway's writes arrive in pieces too.
 * Unplugging drops the connection and keeps the device out of range until plugged again.
 */
export class BleLine implements Line {
  private device: SimulatedBleDevice | undefined;
  private listener: ((chunk: Uint8Array) => void) | undefined;

  constructor(
    private readonly bluez: SimulatedBluez,
    readonly endpoint: string,
    private readonly name: string,
  ) {}

  async start(): Promise<void> {
    this.device ??= this.bluez.addDevice({
      address: this.endpoint,
      name: this.name,
      onWrite: (bytes) => this.listener?.(bytes),
    });
    this.device.setAvailable(true);
  }

  async stop(): Promise<void> {
    this.device?.disconnect();
    this.device?.setAvailable(false);
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.device?.notify(bytes);
  }

  onReceive(listener: (chunk: Uint8Array) => void): void {
    this.listener = listener;
  }

  async setPlugged(plugged: boolean): Promise<void> {
    if (plugged) await this.start();
    else await this.stop();
  }
}
