import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { parseTopic, topics } from '@vaultline/shared/contract/mqtt-topics';
import { disableNagle } from '@vaultline/shared/net/tcp-no-delay';
import { connectAsync, type MqttClient } from 'mqtt';

export interface SendOptions {
  /** Envelopes per message: 1 sends each alone, more sends JSON arrays (catch-up batches). */
  batchSize: number;
  /** Messages outstanding before the centre's ack (the uplink's `inFlightBatches`). */
  inFlight: number;
  /** Without ack progress for this long, everything unacknowledged goes again (the uplink's `ackTimeoutMs`). */
  ackTimeoutMs: number;
}

/**
 * A gateway as the broker and the centre see it, without its devices or store: one MQTT.js client under
 * the gateway's own credentials and id (persistent session, last will `offline`), a retained `online`
 * status, and a pre-signed chain sent in order through a window of acknowledged messages. A thousand of
 * these fit in one benchmark process; the real uplink is measured by the catch-up benchmark.
 */
export class SimulatedGateway {
  /** Times `send` started over for want of an ack. */
  resends = 0;
  private ackedUpTo = 0;
  private onProgress: (() => void) | undefined;
  private readonly waiters: Array<{ seq: number; resolve: () => void }> = [];
  private resendFrom: number | undefined;

  private constructor(
    readonly gatewayId: string,
    private readonly client: MqttClient,
  ) {
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  static async connect(brokerUrl: string, gatewayId: string, password: string): Promise<SimulatedGateway> {
    const client = await connectAsync(brokerUrl, {
      protocolVersion: 4,
      clientId: gatewayId,
      clean: false,
      username: gatewayId,
      password,
      keepalive: 30,
      // A refused or lost connection is a failed run here, not something to ride out.
      reconnectPeriod: 0,
      connectTimeout: 60_000,
      will: { topic: topics.gatewayStatus(gatewayId), payload: offline(), qos: 1, retain: true },
    });
    // As the uplink does: small packets must not wait out Nagle (shared/src/net/tcp-no-delay.ts).
    disableNagle(client);
    const gateway = new SimulatedGateway(gatewayId, client);
    await client.subscribeAsync([topics.gatewayAck(gatewayId), topics.gatewayCmd(gatewayId)], { qos: 1 });
    return gateway;
  }

  /** The retained status every connection starts with (DESIGN §7). */
  async announce(lastSeq: number, backlog: number): Promise<void> {
    const status: StatusPayload = {
      online: true,
      ts: new Date().toISOString(),
      devices: {},
      backlog,
      lastSeq,
    };
    await this.client.publishAsync(topics.gatewayStatus(this.gatewayId), JSON.stringify(status), {
      qos: 1,
      retain: true,
    });
  }

  /**
   * Sends `chain` in order and resolves once the centre acknowledged its last event. Like the uplink, it
   * starts over from the first unacknowledged event when acks stop coming (the centre drops duplicates);
   * `resends` counts those rounds.
   */
  async send(chain: readonly EventEnvelope[], options: SendOptions): Promise<void> {
    const last = chain.at(-1)?.seq ?? 0;
    const acked = this.acked(last);
    const firstSeq = chain[0]?.seq ?? 1;
    let next = 0;
    let outstanding: number[] = [];
    let progressAt = this.ackedUpTo;
    const rewind = (fromSeq: number) => {
      next = Math.max(0, fromSeq - firstSeq);
      outstanding = [];
    };
    const pump = () => {
      if (this.resendFrom !== undefined) rewind(this.resendFrom);
      this.resendFrom = undefined;
      outstanding = outstanding.filter((seq) => seq > this.ackedUpTo);
      while (outstanding.length < options.inFlight && next < chain.length) {
        const part = chain.slice(next, next + options.batchSize);
        next += part.length;
        outstanding.push(part.at(-1)?.seq ?? 0);
        const payload = part.length === 1 ? JSON.stringify(part[0]) : JSON.stringify(part);
        this.client.publish(topics.gatewayEvents(this.gatewayId), payload, { qos: 1 });
      }
    };
    const watchdog = setInterval(() => {
      if (this.ackedUpTo > progressAt) {
        progressAt = this.ackedUpTo;
        return;
      }
      this.resends += 1;
      rewind(this.ackedUpTo + 1);
      pump();
    }, options.ackTimeoutMs);
    this.onProgress = pump;
    pump();
    try {
      await acked;
    } finally {
      clearInterval(watchdog);
      this.onProgress = undefined;
    }
  }

  /** A clean DISCONNECT (the last will is not published). */
  async close(): Promise<void> {
    await this.client.endAsync();
  }

  private acked(seq: number): Promise<void> {
    if (this.ackedUpTo >= seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  private onMessage(topic: string, payload: Buffer): void {
    const parsed = parseTopic(topic);
    if (parsed?.kind === 'ack') {
      const { upToSeq } = JSON.parse(payload.toString()) as { upToSeq: number };
      this.ackedUpTo = Math.max(this.ackedUpTo, upToSeq);
      for (const waiter of this.waiters.filter((w) => w.seq <= this.ackedUpTo)) waiter.resolve();
      this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((w) => w.seq > this.ackedUpTo));
    } else if (parsed?.kind === 'cmd') {
      const cmd = JSON.parse(payload.toString()) as { cmd: string; fromSeq?: number };
      if (cmd.cmd === 'resend' && cmd.fromSeq !== undefined) this.resendFrom = cmd.fromSeq;
    }
    this.onProgress?.();
  }
}

function offline(): string {
  return JSON.stringify({ online: false, devices: {}, backlog: 0 });
}
