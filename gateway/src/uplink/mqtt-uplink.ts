import type { Logger } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { BacklogSummary, CmdPayload, StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { parseTopic, topics } from '@vaultline/shared/contract/mqtt-topics';
import { disableNagle } from '@vaultline/shared/net/tcp-no-delay';
import type { Clock, TimerHandle } from '@vaultline/shared/time/clock';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { Backlog } from '../store/event-log.ts';
import type { EventBatch } from './event-batch.ts';
import { type InboundKind, parseInbound } from './inbound-payloads.ts';
import { OutboxPump, type OutboxSource } from './outbox-pump.ts';
import { PlanIntake, type UplinkPlans } from './plan-intake.ts';
import { ReconnectBackoff } from './reconnect-backoff.ts';
import { StatusReporter } from './status-reporter.ts';
import { DEFAULT_UPLINK_SETTINGS, type UplinkSettings } from './uplink-settings.ts';

/** Bound on the goodbye (offline status + DISCONNECT) at stop, so a dead broker cannot hold shutdown. */
const STOP_TIMEOUT_MS = 2_000;
/** SUBACK return code for a refused subscription (MQTT 3.1.1 §3.9.3). */
const SUBACK_FAILURE = 0x80;

export interface MqttUplinkOptions {
  gatewayId: string;
  /** `mqtt://host:port` or `mqtts://…`. */
  brokerUrl: string;
  /** Default: the gateway id (broker ACLs confine `%u` to its own topics). */
  username?: string;
  password?: string;
  /** The durable outbox: the gateway's EventLog. */
  outbox: OutboxSource & { backlog(): Backlog };
  plans: UplinkPlans;
  devices: () => readonly DeviceStatus[];
  clock: Clock;
  logger: Logger;
  settings?: Partial<UplinkSettings>;
  /** Jitter source for the reconnect backoff. */
  random?: () => number;
}

/** A centre request on `cmd` that the uplink does not handle itself (enrolment results …). */
export type OtherCommand = Exclude<CmdPayload, { cmd: 'resend' | 'status' }>;

/** For the kiosk and the logs. */
export interface UplinkStatus {
  connected: boolean;
  brokerUrl: string;
  backlog: BacklogSummary;
  overLimit: boolean;
  /** Highest seq the centre acknowledged, and when (null: no ack since the gateway started). */
  ackedUpTo: number;
  lastAckAt: number | null;
  /** Payloads on `ack`/`cmd`/`plan` that failed their schema (or named events never written). */
  invalidPayloads: Record<InboundKind, number>;
  connections: number;
  lastError: string | null;
}

/**
 * The gateway's link to the centre over MQTT 3.1.1 (DESIGN §7): a persistent session under the gateway's
 * id, a retained `online` status re-published on every connection (the last will says offline), the
 * outbox drained by `OutboxPump`, and the centre's `ack`, `cmd` and retained `plan` taken in. Broker loss
 * is never fatal: it reconnects with jittered backoff for as long as it runs.
 */
export class MqttUplink {
  private readonly settings: UplinkSettings;
  private readonly topics;
  private readonly pump: OutboxPump;
  private readonly reporter: StatusReporter;
  private readonly plans: PlanIntake;
  private readonly backoff: ReconnectBackoff;
  private readonly log: Logger;
  private client: MqttClient | undefined;
  private connected = false;
  /** Bumped on every connection, so a SUBACK of an old connection starts nothing. */
  private generation = 0;
  private connections = 0;
  private stopping = false;
  private reconnectTimer: TimerHandle | undefined;
  private lastError: string | null = null;
  private readonly invalid: Record<InboundKind, number> = { ack: 0, cmd: 0, plan: 0 };
  private readonly connectedListeners = new Set<() => void>();
  private readonly commandListeners = new Set<(cmd: OtherCommand) => void>();
  private readonly ackListeners = new Set<() => void>();

  constructor(private readonly options: MqttUplinkOptions) {
    const settings = { ...DEFAULT_UPLINK_SETTINGS, ...options.settings };
    this.settings = settings;
    const { gatewayId, clock, outbox } = options;
    this.log = options.logger.child({ component: 'gateway.uplink', broker: options.brokerUrl });
    this.topics = {
      events: topics.gatewayEvents(gatewayId),
      status: topics.gatewayStatus(gatewayId),
      inbound: [topics.gatewayAck(gatewayId), topics.gatewayCmd(gatewayId), topics.gatewayPlan(gatewayId)],
    };
    this.pump = new OutboxPump({
      source: outbox,
      publish: (batch) => this.publishEvents(batch),
      acksWritten: () => {
        this.reporter.request();
        for (const listener of this.ackListeners) listener();
      },
      settings,
      clock,
      logger: this.log,
    });
    this.reporter = new StatusReporter({
      sources: {
        backlog: () => outbox.backlog(),
        lastSeq: () => outbox.lastSeq(),
        devices: options.devices,
        planVersion: () => options.plans.heldVersion(),
      },
      publish: (status) => this.publishStatus(status),
      minIntervalMs: settings.statusMinIntervalMs,
      outboxLimitBytes: settings.outboxLimitBytes,
      clock,
      logger: this.log,
    });
    this.plans = new PlanIntake(options.plans, this.log);
    this.backoff = new ReconnectBackoff(settings.reconnectMinMs, settings.reconnectMaxMs, options.random);
  }

  /** Starts connecting in the background; events wait in the outbox until the broker is reached. */
  start(): void {
    if (this.client || this.stopping) return;
    const { brokerUrl, gatewayId, username, password } = this.options;
    const clientOptions: IClientOptions = {
      clientId: gatewayId,
      protocolVersion: 4,
      clean: false,
      keepalive: this.settings.keepaliveS,
      connectTimeout: this.settings.connectTimeoutMs,
      // Reconnection is ours (jittered backoff on the injected clock); mqtt.js would retry at a fixed rate.
      reconnectPeriod: 0,
      resubscribe: false,
      username: username ?? gatewayId,
      password,
      will: this.will(),
    };
    const client = connect(brokerUrl, clientOptions);
    this.client = client;
    disableNagle(client);
    client.on('connect', (connack) => this.onConnect(connack.sessionPresent));
    client.on('close', () => this.onClose());
    client.on('error', (error) => this.onError(error));
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    this.reporter.request();
  }

  /** Says goodbye (retained offline status; a clean DISCONNECT suppresses the will) and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer !== undefined) this.options.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.reporter.stop();
    this.pump.disconnected();
    await this.plans.idle();
    const client = this.client;
    if (!client) return;
    const wasConnected = this.connected;
    this.connected = false;
    if (wasConnected) {
      const offline = JSON.stringify(this.reporter.offline());
      const goodbye = client
        .publishAsync(this.topics.status, offline, { qos: 1, retain: true })
        .then(() => client.endAsync(false))
        .then(
          () => true,
          () => false,
        );
      if (await this.within(goodbye, STOP_TIMEOUT_MS)) return;
    }
    await client.endAsync(true);
  }

  /** New events were committed (EventRecorder.onAppended): alarms leave at once. */
  appended(envelopes: readonly EventEnvelope[]): void {
    if (this.stopping) return;
    this.pump.appended(envelopes);
    this.reporter.request();
  }

  /**
   * Publishes on one of this gateway's own topics at QoS 1 (e.g. `enrol`). Resolves true on the broker's
   * PUBACK, false when not connected or the broker did not take it: the caller keeps the message and
   * tries again (`onConnected`).
   */
  publishOwn(topic: string, payload: string): Promise<boolean> {
    const client = this.client;
    if (!this.connected || !client || this.stopping) return Promise.resolve(false);
    return client.publishAsync(topic, payload, { qos: 1 }).then(
      () => true,
      (error: unknown) => {
        this.log.debug({ err: error, topic }, 'message not delivered to the broker');
        return false;
      },
    );
  }

  /** Called on every (re)connection once the gateway's subscriptions are in place. */
  onConnected(listener: () => void): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }

  /** Centre requests on `cmd` other than resend and status, schema-checked. */
  onCommand(listener: (cmd: OtherCommand) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  /** Called after the centre's acknowledgements were written to the outbox (what follows events may go). */
  onEventsAcked(listener: () => void): () => void {
    this.ackListeners.add(listener);
    return () => this.ackListeners.delete(listener);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Devices or the plan changed: the retained status follows (throttled). */
  statusChanged(): void {
    if (!this.stopping) this.reporter.request();
  }

  status(): UplinkStatus {
    const progress = this.pump.progress();
    return {
      connected: this.connected,
      brokerUrl: this.options.brokerUrl,
      backlog: this.reporter.summary(),
      overLimit: this.reporter.isOverLimit(),
      ackedUpTo: progress.ackedUpTo,
      lastAckAt: progress.lastAckAt,
      invalidPayloads: { ...this.invalid },
      connections: this.connections,
      lastError: this.lastError,
    };
  }

  private onConnect(sessionPresent: boolean): void {
    const client = this.client;
    // A connection completing during stop() is dropped by it (its will then says offline).
    if (!client || this.stopping) return;
    this.connected = true;
    this.connections += 1;
    this.lastError = null;
    this.backoff.reset();
    const generation = ++this.generation;
    this.log.info({ sessionPresent, connections: this.connections }, 'connected to the broker');
    this.reporter.now();
    client.subscribe(this.topics.inbound, { qos: 1 }, (error, granted) => {
      if (generation !== this.generation || !this.connected) return;
      const refused = (granted ?? []).filter((g) => g.qos === SUBACK_FAILURE).map((g) => g.topic);
      if (error || refused.length > 0) {
        this.log.error(
          { err: error, refused },
          "the broker refused the gateway's subscriptions; check its ACL lets this gateway read its own ack, cmd and plan topics",
        );
      }
      if (error) return;
      this.pump.connected();
      for (const listener of this.connectedListeners) listener();
    });
  }

  private onClose(): void {
    if (this.connected) {
      this.connected = false;
      this.pump.disconnected();
      this.log.warn('lost the broker; events stay in the outbox and go out after reconnecting');
    }
    if (this.stopping || this.reconnectTimer !== undefined || !this.client) return;
    const delay = this.backoff.next();
    // The will is sent at connect time: refresh it with the latest devices and backlog.
    this.client.options.will = this.will();
    this.reconnectTimer = this.options.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopping) this.client?.reconnect();
    }, delay);
  }

  private onError(error: Error & { code?: unknown }): void {
    const first = this.lastError !== error.message;
    this.lastError = error.message;
    const refused = error.code === 4 || error.code === 5;
    const hint = refused
      ? 'the broker refused the credentials: check centre.username/passwordFile against the broker password file'
      : 'broker unreachable; retrying with backoff';
    // A broker that stays down repeats the same error on every attempt: log it once.
    if (refused) this.log.error({ err: error }, hint);
    else if (first) this.log.warn({ err: error }, hint);
  }

  private onMessage(topic: string, payload: Buffer): void {
    // After stop() the store may be closed: nothing more may reach it.
    if (this.stopping) return;
    const parsed = parseTopic(topic);
    if (!parsed || parsed.kind === 'pos' || parsed.gatewayId !== this.options.gatewayId) return;
    if (parsed.kind !== 'ack' && parsed.kind !== 'cmd' && parsed.kind !== 'plan') return;
    const inbound = parseInbound(parsed.kind, payload);
    switch (inbound.kind) {
      case 'invalid':
        this.invalid[inbound.topic] += 1;
        this.log.warn(
          { topic: inbound.topic, problems: inbound.problems, invalid: this.invalid[inbound.topic] },
          'invalid payload from the centre ignored',
        );
        return;
      case 'ack':
        this.onAck(inbound.upToSeq);
        return;
      case 'cmd':
        if (inbound.cmd.cmd === 'status') this.reporter.now();
        else if (inbound.cmd.cmd === 'resend') this.onResend(inbound.cmd.fromSeq, inbound.cmd.toSeq);
        else for (const listener of this.commandListeners) listener(inbound.cmd);
        return;
      case 'plan':
        void this.plans.offer(inbound.jws).then((outcome) => {
          if (outcome === 'accepted') this.reporter.request();
        });
        return;
      case 'plan-cleared':
        this.log.info('the centre withdrew the retained plan; the gateway keeps the plan it holds');
        return;
    }
  }

  private onAck(upToSeq: number): void {
    if (this.pump.ack(upToSeq) !== 'beyond') return;
    this.invalid.ack += 1;
    this.log.error(
      { upToSeq, lastSeq: this.options.outbox.lastSeq() },
      'the centre acknowledged events this gateway never wrote; ignored. Is another gateway using this id, or was this store replaced?',
    );
  }

  private onResend(fromSeq: number, toSeq: number | undefined): void {
    if (this.pump.resend(fromSeq, toSeq)) {
      this.log.info({ fromSeq, toSeq }, 'the centre asked for events again (gap repair)');
      return;
    }
    this.invalid.cmd += 1;
    this.log.error(
      { fromSeq, lastSeq: this.options.outbox.lastSeq() },
      'the centre asked to resend events this gateway never wrote; ignored',
    );
  }

  private publishEvents(batch: EventBatch): void {
    // QoS 1 gets it to the broker; only the centre's ack takes it out of the outbox.
    this.client?.publish(this.topics.events, batch.payload, { qos: 1 }, (error) => {
      if (error)
        this.log.debug({ err: error, first: batch.seqs[0] }, 'event batch not delivered to the broker');
    });
  }

  private publishStatus(status: StatusPayload): void {
    if (!this.connected || !this.client) return;
    this.client.publish(this.topics.status, JSON.stringify(status), { qos: 1, retain: true }, (error) => {
      if (error) this.log.debug({ err: error }, 'status not delivered to the broker');
    });
  }

  private will(): NonNullable<IClientOptions['will']> {
    return {
      topic: this.topics.status,
      payload: JSON.stringify(this.reporter.offline()),
      qos: 1,
      retain: true,
    };
  }

  private within(promise: Promise<boolean>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => resolve(false), ms);
      void promise.then((value) => {
        this.options.clock.clearTimeout(timer);
        resolve(value);
      });
    });
  }
}
