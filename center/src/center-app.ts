import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Clock, createLogger, type Logger, systemClock } from '@vaultline/shared';
import { CENTRE_SUBSCRIPTIONS, parseTopic } from '@vaultline/shared/contract/mqtt-topics';
import { writeSecretFile } from '@vaultline/shared/crypto/secret-file';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';
import { disableNagle } from '@vaultline/shared/net/tcp-no-delay';
import { serviceDay } from '@vaultline/shared/time/service-day';
import type { FastifyInstance } from 'fastify';
import mqtt, { type MqttClient } from 'mqtt';
import { AlarmService } from './alarms/alarm-service.ts';
import { GatewayMonitor } from './alarms/gateway-monitor.ts';
import { BackupService } from './backup/backup-service.ts';
import { backupSettings } from './backup/backup-settings.ts';
import { acquireCentreLock, type CentreLock } from './backup/centre-lock.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './broker/embedded-broker.ts';
import { generateBrokerPassword } from './broker/password-hash.ts';
import { createCentreHttp } from './centre-http.ts';
import type { CenterConfig } from './config/center-config.ts';
import { peopleConsoleService } from './console/pages/people-service.ts';
import { BranchEnrolments } from './enrolment/branch-enrolments.ts';
import { FaceCaptures } from './faces/face-captures.ts';
import { CentreFaceRetention } from './faces/face-retention.ts';
import { IngestService } from './ingest/ingest-service.ts';
import { MqttIngest, mqttPublisher } from './ingest/mqtt-ingest.ts';
import { TamperRecovery } from './ingest/tamper-recovery.ts';
import { type CentreKeys, loadOrCreateCentreKeys } from './keys/centre-keys.ts';
import { mqttPlanPublisher } from './plans/plan-publisher.ts';
import { PlanService } from './plans/plan-service.ts';
import type { DayPlan } from './runs/day-plan.ts';
import { RunTracker } from './runs/run-tracker.ts';
import { type CentreStore, openCentreStore } from './store/open-store.ts';

export interface CenterApp {
  config: CenterConfig;
  store: CentreStore;
  alarms: AlarmService;
  monitor: GatewayMonitor;
  runs: RunTracker;
  ingest: IngestService;
  /** Fingerprints enrolled at branch readers, stored once the gateway's chain vouches for them. */
  enrolments: BranchEnrolments;
  /** Faces captured at gateways' crew doors, stored once the gateway's chain vouches for them. */
  faces: FaceCaptures;
  /** The centre's signing, encryption and at-rest keys (`<dataDir>/keys`). */
  keys: CentreKeys;
  /** Dispatch plans: submit, ad-hoc runs, versions, publication to gateways. */
  plans: PlanService;
  /** Automatic backups of the centre database; `status()` is the last backup for the console. */
  backup: BackupService;
  /** `mqtt://…` the gateways and vehicles connect to. */
  brokerUrl: string;
  /** `http://…` of the API. */
  apiUrl: string;
  /** Stores a new version of a day's plan and, for today, starts tracking it. */
  loadDayPlan(plan: DayPlan): void;
  stop(): Promise<void>;
}

/**
 * The centre, built from its config: store, broker (embedded unless configured), ingest, alarms, runs,
 * API, backups. It holds its data folder's lock while it runs: a second centre, or a restore, on the same
 * folder is refused (CentreRunningError).
 */
export async function startCenterApp(
  config: CenterConfig,
  options: { clock?: Clock; logger?: Logger } = {},
): Promise<CenterApp> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireCentreLock(config.dataDir);
  try {
    return await startLockedCentre(config, options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startLockedCentre(
  config: CenterConfig,
  options: { clock?: Clock; logger?: Logger },
  lock: CentreLock,
): Promise<CenterApp> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: 'centre' });
  const keys = loadOrCreateCentreKeys(config.dataDir);
  const store = openCentreStore(join(config.dataDir, 'center.db'), {
    logger,
    clock,
    atRestKey: keys.atRestKey,
  });
  const backup = new BackupService({ ...backupSettings(config), source: store.path, clock, logger });
  const newId = createUlidGenerator({ clock });
  const centreUser = { username: config.broker.username, password: centrePassword(config) };
  let embedded: EmbeddedBroker | undefined;
  let brokerUrl = config.broker.url;
  if (!brokerUrl) {
    embedded = await startEmbeddedBroker({
      users: store,
      centre: centreUser,
      port: config.broker.port,
      host: config.broker.host,
      logger,
    });
    brokerUrl = embedded.url;
  }
  const alarms = new AlarmService({
    store: store.alarms,
    audit: store.audit,
    clock,
    newAlarmId: newId,
    logger,
    gateways: store.gateways,
  });
  const monitor = new GatewayMonitor({ alarms, clock, logger, gateways: store.gateways });
  const runs = new RunTracker({
    alarms,
    clock,
    newAlarmId: newId,
    logger,
    events: store.events,
    tickMs: config.tickMs,
    rules: config.rules,
  });
  let trackedVersion = 0;
  const trackTodaysPlan = () => {
    const today = store.plans.get(serviceDay(clock.now(), config.serviceTimeZone));
    if (!today || today.version <= trackedVersion) return;
    trackedVersion = today.version;
    runs.loadPlan(today.plan as DayPlan);
  };
  trackTodaysPlan();
  runs.start();
  // A plan stored by `vaultline-center plan import` (another process) is picked up within seconds.
  const planPoll = setInterval(trackTodaysPlan, 3_000);
  planPoll.unref();
  // A persistent session (fixed client id, clean=false): the broker keeps QoS 1 messages for the centre
  // across a centre restart; gateways re-send anything unacknowledged in any case.
  const client: MqttClient = await mqtt.connectAsync(brokerUrl, {
    protocolVersion: 4,
    clientId: `vaultline-centre-${config.broker.username}`,
    clean: false,
    username: centreUser.username,
    password: centreUser.password,
    reconnectPeriod: 1_000,
  });
  // Acks follow the PUBACK of the events they answer: without this, each waits out Nagle.
  disableNagle(client);
  const enrolments = new BranchEnrolments({
    people: store.people,
    events: store.events,
    audit: store.audit,
    publisher: mqttPublisher(client),
    centreKey: keys.encryptionKey,
    transaction: (fn) => store.transaction(fn),
    clock,
    logger,
  });
  const faces = new FaceCaptures({
    faces: store.faces,
    events: store.events,
    audit: store.audit,
    publisher: mqttPublisher(client),
    retentionDays: config.faceRetentionDays,
    clock,
    logger,
  });
  const faceRetention = new CentreFaceRetention({
    faces: store.faces,
    audit: store.audit,
    transaction: (fn) => store.transaction(fn),
    retentionDays: config.faceRetentionDays,
    clock,
    logger,
  });
  const ingest = new IngestService({
    registry: store.gateways,
    events: store.events,
    publisher: mqttPublisher(client),
    transaction: (fn) => store.transaction(fn),
    clock,
    logger,
    onStored: (gatewayId, envelopes) => {
      alarms.onGatewayEvents(gatewayId, envelopes);
      runs.onGatewayEvents(gatewayId, envelopes);
      enrolments.onGatewayEvents(gatewayId, envelopes);
      faces.onGatewayEvents(gatewayId, envelopes);
    },
    onTampered: (report) => alarms.recordTampered(report),
  });
  const tamperRecovery = new TamperRecovery({
    events: store.events,
    gateways: store.gateways,
    alarms,
    audit: store.audit,
    resend: ingest,
    transaction: (fn) => store.transaction(fn),
    clock,
    logger,
  });
  const mqttIngest = new MqttIngest(client, ingest, logger);
  await mqttIngest.start();
  client.on('message', (topic, payload) => {
    const parsed = parseTopic(topic);
    if (parsed?.kind === 'status') monitor.status(parsed.gatewayId, payload);
    else if (parsed?.kind === 'pos') runs.position(parsed.vehicleId, payload);
    else if (parsed?.kind === 'enrol') void enrolments.receive(parsed.gatewayId, payload);
    else if (parsed?.kind === 'face') faces.receive(parsed.gatewayId, payload);
  });
  await client.subscribeAsync(
    [
      CENTRE_SUBSCRIPTIONS.status,
      CENTRE_SUBSCRIPTIONS.positions,
      CENTRE_SUBSCRIPTIONS.enrol,
      CENTRE_SUBSCRIPTIONS.face,
    ],
    { qos: 1 },
  );
  const plans = new PlanService({
    store,
    signingKey: keys.signingKey,
    publisher: mqttPlanPublisher(client),
    clock,
    logger,
    onStored: () => trackTodaysPlan(),
    today: () => serviceDay(clock.now(), config.serviceTimeZone),
  });
  await plans.republishLatest();
  plans.start();
  const api: FastifyInstance = await createCentreHttp({
    store,
    alarms,
    runs,
    monitor,
    clock,
    logger,
    timeZone: config.serviceTimeZone,
    faceRetentionDays: config.faceRetentionDays,
    sessionLifetime: {
      idleMs: config.console.sessionIdleMinutes * 60_000,
      absoluteMs: config.console.sessionAbsoluteHours * 3_600_000,
    },
    tamperRecovery,
    services: {
      plans,
      backups: backup,
      people: peopleConsoleService({ store, centreEncryptionKey: keys.encryptionKey, clock }),
    },
  });
  const apiAddress = await api.listen({ host: config.http.host, port: config.http.port });
  backup.start();
  faceRetention.start();
  logger.info({ broker: brokerUrl, api: apiAddress, embeddedBroker: Boolean(embedded) }, 'centre running');
  return {
    config,
    store,
    alarms,
    monitor,
    runs,
    ingest,
    enrolments,
    faces,
    keys,
    plans,
    backup,
    brokerUrl,
    apiUrl: apiAddress,
    loadDayPlan(plan) {
      store.plans.save(plan.date, plan.version, plan);
      trackTodaysPlan();
    },
    async stop() {
      clearInterval(planPoll);
      await api.close();
      runs.stop();
      await plans.stop();
      await mqttIngest.stop();
      enrolments.stop();
      faces.stop();
      faceRetention.stop();
      await client.endAsync();
      await embedded?.stop();
      await backup.stop();
      store.close();
      lock.release();
    },
  };
}

/** The centre's own broker password: from the configured file, or generated once into the data folder. */
function centrePassword(config: CenterConfig): string {
  const file = config.broker.passwordFile ?? join(config.dataDir, 'broker-centre-password');
  if (!existsSync(file)) writeSecretFile(file, generateBrokerPassword());
  return readFileSync(file, 'utf8').trim();
}
