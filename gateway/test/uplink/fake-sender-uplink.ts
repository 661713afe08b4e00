import type { SenderUplink } from '../../src/uplink/answered-sender.ts';
import type { OtherCommand } from '../../src/uplink/mqtt-uplink.ts';

/**
 * The uplink as a sender sees it: connected or not, PUBACKs, the centre's commands and acks. `P` is the
 * payload type published on the sender's topic.
 */
export class FakeSenderUplink<P> implements SenderUplink {
  connected = false;
  readonly published: Array<{ topic: string; payload: P }> = [];
  private readonly connectedListeners = new Set<() => void>();
  private readonly commandListeners = new Set<(cmd: OtherCommand) => void>();
  private readonly ackListeners = new Set<() => void>();

  async publishOwn(topic: string, payload: string): Promise<boolean> {
    if (!this.connected) return false;
    this.published.push({ topic, payload: JSON.parse(payload) });
    return true;
  }
  onConnected(listener: () => void): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }
  onCommand(listener: (cmd: OtherCommand) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }
  onEventsAcked(listener: () => void): () => void {
    this.ackListeners.add(listener);
    return () => this.ackListeners.delete(listener);
  }
  connect(): void {
    this.connected = true;
    for (const listener of this.connectedListeners) listener();
  }
  command(cmd: OtherCommand): void {
    for (const listener of this.commandListeners) listener(cmd);
  }
  acked(): void {
    for (const listener of this.ackListeners) listener();
  }
  /** The value of `key` in each payload published, in order. */
  ids(key: keyof P): unknown[] {
    return this.published.map((p) => p.payload[key]);
  }
}
