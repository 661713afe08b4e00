import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { parseTopic, topics } from '@vaultline/shared/contract/mqtt-topics';
import { connectAsync, type MqttClient } from 'mqtt';

/**
 * The centre as these tests play it: receives a gateway's events (holding any that arrive ahead of a
 * gap, as alarms do), stores them in seq order, and acknowledges on request or at once (`autoAck`).
 */
export class TestCentre {
  /** Every `events` payload as received, parsed (an object or an array). */
  readonly messages: unknown[] = [];
  /** Every envelope received, duplicates included. */
  readonly received: EventEnvelope[] = [];
  /** Stored envelopes, in seq order without gaps: what a centre would keep. */
  readonly stored: EventEnvelope[] = [];
  readonly statuses: StatusPayload[] = [];
  private readonly held = new Map<number, EventEnvelope>();

  private constructor(
    private readonly client: MqttClient,
    private readonly gatewayId: string,
    public autoAck: boolean,
  ) {
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  static async connect(url: string, gatewayId: string, options: { autoAck: boolean }): Promise<TestCentre> {
    const client = await connectAsync(url, {
      protocolVersion: 4,
      clientId: `test-centre-${gatewayId}-${process.pid}-${Math.random().toString(36).slice(2)}`,
      reconnectPeriod: 100,
    });
    const centre = new TestCentre(client, gatewayId, options.autoAck);
    await client.subscribeAsync([topics.gatewayEvents(gatewayId), topics.gatewayStatus(gatewayId)], {
      qos: 1,
    });
    return centre;
  }

  get head(): number {
    return this.stored.at(-1)?.seq ?? 0;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  ack(upToSeq: number): Promise<unknown> {
    return this.send('ack', JSON.stringify({ upToSeq }));
  }

  send(kind: 'ack' | 'cmd' | 'plan', payload: string, retain = false): Promise<unknown> {
    const topic = {
      ack: topics.gatewayAck,
      cmd: topics.gatewayCmd,
      plan: topics.gatewayPlan,
    }[kind](this.gatewayId);
    return this.client.publishAsync(topic, payload, { qos: 1, retain });
  }

  close(): Promise<void> {
    return this.client.endAsync(true);
  }

  private onMessage(topic: string, payload: Buffer): void {
    const parsed = parseTopic(topic);
    if (parsed?.kind === 'status') {
      if (payload.length > 0) this.statuses.push(JSON.parse(payload.toString()) as StatusPayload);
      return;
    }
    if (parsed?.kind !== 'events') return;
    const message = JSON.parse(payload.toString()) as EventEnvelope | EventEnvelope[];
    this.messages.push(message);
    for (const envelope of Array.isArray(message) ? message : [message]) {
      this.received.push(envelope);
      if (envelope.seq > this.head) this.held.set(envelope.seq, envelope);
    }
    for (let next = this.held.get(this.head + 1); next; next = this.held.get(this.head + 1)) {
      this.held.delete(next.seq);
      this.stored.push(next);
    }
    // Every message is answered, duplicates too: the ack for the first copy may be the one that was lost.
    if (this.autoAck && this.head > 0) void this.ack(this.head);
  }
}
