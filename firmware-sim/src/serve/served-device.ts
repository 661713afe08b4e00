import type { Clock } from '@vaultline/shared';
import type { SimulatedDevice } from '../devices/simulated-device.ts';
import type { FaultKind } from '../line/fault.ts';
import { applyFault, LineWriter, type RandomSource } from '../line/faulty-output.ts';
import type { Line } from '../line/line.ts';

/**
 * One simulated device firmware on one line, with the device's current fault applied between the two
 * and (in realistic timing) the line paced at the configured baud, both ways.
 */
export class ServedDevice {
  private currentFault: FaultKind = 'none';
  private readonly writer: LineWriter;
  private stopped = false;

  constructor(
    readonly device: SimulatedDevice,
    readonly line: Line,
    clock: Clock,
    pacing: { baud: number } | undefined,
    private readonly random: RandomSource = Math.random,
  ) {
    this.writer = new LineWriter(clock, (bytes) => line.write(bytes), pacing);
    device.attach((frame) => {
      void this.writer.enqueue(applyFault(frame, this.currentFault, this.random));
    });
    const receive = (chunk: Uint8Array) => {
      if (this.currentFault !== 'disconnect' && !this.stopped) device.receive(chunk);
    };
    // A pty delivers the gateway's bytes at once; a UART hands them over only after their line time.
    const inbound = pacing ? new LineWriter(clock, receive, pacing) : undefined;
    line.onReceive((chunk) => {
      if (inbound) void inbound.enqueue([{ bytes: chunk, delayMs: 0 }]);
      else receive(chunk);
    });
  }

  get fault(): FaultKind {
    return this.currentFault;
  }

  async start(): Promise<void> {
    await this.line.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.device.close();
    await this.line.stop();
  }

  async setFault(fault: FaultKind): Promise<void> {
    const wasDisconnected = this.currentFault === 'disconnect';
    this.currentFault = fault;
    if (fault === 'disconnect' && !wasDisconnected) await this.line.setPlugged(false);
    if (fault !== 'disconnect' && wasDisconnected) await this.line.setPlugged(true);
  }

  /** Resolves when every frame produced so far has left on the line. */
  drain(): Promise<void> {
    return this.writer.drain();
  }
}
