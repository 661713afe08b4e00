import { join } from 'node:path';
import { type Clock, createLogger, type Logger, systemClock } from '@vaultline/shared';
import { loadPublicKey } from '@vaultline/shared/crypto/keys';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { DeviceSet, type DevicesConfig } from '../devices/device-set.ts';
import { createEnrolmentRuntime, type EnrolmentRuntime } from '../enrolment/enrolment-runtime.ts';
import { createFaceDelivery, type FaceDelivery } from '../faces/face-delivery.ts';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig, type SiteRoles } from '../handover/handover-types.ts';
import { loadGatewayIdentity } from '../identity/gateway-identity.ts';
import { speakOnHost } from '../kiosk/host-voice.ts';
import { type KioskServer, startKiosk } from '../kiosk/kiosk-server.ts';
import { type GatewayStore, openGatewayStore } from '../store/open-store.ts';
import type { MqttUplink } from '../uplink/mqtt-uplink.ts';
import { uplinkFromConfig } from '../uplink/uplink-from-config.ts';
import { DeviceWiring } from './device-wiring.ts';
import { EventRecorder } from './event-recorder.ts';
import { FaceRetention } from './face-retention.ts';
import { HandoverService } from './handover-service.ts';
import { KioskRuntimeBackend } from './kiosk-runtime-backend.ts';
import { PlanService } from './plan-service.ts';
import { ReportWriter } from './report-writer.ts';

const PLAN_POLL_MS = 3_000;

export interface GatewayApp {
  config: GatewayConfig;
  store: GatewayStore;
  plans: PlanService;
  service: HandoverService;
  devices: DeviceSet;
  recorder: EventRecorder;
  kiosk: KioskServer;
  /** The link to the centre; null when the config has no `centre` section (offline only). */
  uplink: MqttUplink | null;
  /** Fingerprint enrolment at this site's readers (kiosk panel, record, delivery to the centre). */
  enrolment: EnrolmentRuntime;
  /** Hand-overs' face captures on their way to the centre (queue and sender). */
  faces: FaceDelivery;
  logger: Logger;
  stop(): Promise<void>;
}

/** Everything a running gateway is, built from its config: store, keys, plan, devices, engine, kiosk. */
export async function startGatewayApp(
  config: GatewayConfig,
  options: { clock?: Clock; logger?: Logger; hostVoice?: boolean } = {},
): Promise<GatewayApp> {
  const clock = options.clock ?? systemClock;
  const logger =
    options.logger ?? createLogger({ level: config.logLevel, name: `gateway ${config.gatewayId}` });
  const identity = loadGatewayIdentity(config.dataDir);
  const centrePublicKey = loadPublicKey(config.centrePublicKey, 'ed25519');
  // Branch enrolment encrypts templates to it; without it the kiosk offers enrolment as unavailable.
  const centreEncryptionKey = config.centreEncryptionKey
    ? loadPublicKey(config.centreEncryptionKey, 'x25519')
    : undefined;
  const store = openGatewayStore(join(config.dataDir, 'gateway.db'), {
    logger: logger.child({ component: 'gateway.store' }),
    clock,
  });
  const newId = createUlidGenerator({ clock });
  const recorder = new EventRecorder(store, {
    gatewayId: config.gatewayId,
    privateKey: identity.signingKey,
    newId,
  });
  const plans = new PlanService({
    store,
    recorder,
    centrePublicKey,
    encryptionKey: identity.encryptionKey,
    gatewayId: config.gatewayId,
    siteId: config.siteId,
    clock,
    logger: logger.child({ component: 'gateway.plan' }),
  });
  const engineConfig: EngineConfig = { ...DEFAULT_ENGINE_CONFIG, ...config.engine };
  const roles: SiteRoles = {
    crewReader: config.roles.crewReader,
    confirmReader: config.roles.confirmReader,
    vehicleReaders: config.roles.vehicleReaders,
    boxReaders: config.roles.boxReaders,
    crewDoor: config.roles.crewDoor,
  };
  const devices = new DeviceSet(toDevicesConfig(config), clock, logger);
  let backend: KioskRuntimeBackend | undefined;
  let service: HandoverService | undefined;
  let stopping = false;
  const speak = (zh: string, en: string) => {
    backend?.speak(zh, en);
    if (options.hostVoice !== false) speakOnHost(zh, 'zh');
  };
  const wiring = new DeviceWiring(devices, config.roles, {
    store,
    clock,
    logger: logger.child({ component: 'gateway.wiring' }),
    newId,
    recordStatus: (status) => {
      if (!stopping) recorder.record([{ type: 'device.status', body: { ...status }, ts: clock.now() }]);
    },
    dispatch: (input) => {
      if (stopping) return;
      try {
        service?.dispatch(input);
      } catch (error) {
        logger.error({ err: error, input: input.type }, 'hand-over step failed');
      }
    },
    speakOnHost: speak,
    currentHandoverId: () => service?.current.active?.handoverId,
    templates: async () => {
      const plan = plans.current();
      return plan ? plans.templates(plan) : [];
    },
  });
  service = new HandoverService({
    store: recorder,
    effects: wiring,
    plan: () => plans.current(),
    siteId: config.siteId,
    roles,
    config: engineConfig,
    clock,
    newId,
    logger: logger.child({ component: 'gateway.handover' }),
  });
  const reports = new ReportWriter({
    store,
    plans,
    config,
    logger: logger.child({ component: 'gateway.report' }),
  });
  const uplink = uplinkFromConfig(config, {
    store,
    plans,
    devices: () => wiring.deviceStatuses(),
    clock,
    logger,
  });
  // Registered before any step can run: every signed face.captured of a hand-over is queued with it.
  const faces = createFaceDelivery({
    gatewayId: config.gatewayId,
    store,
    recorder,
    uplink,
    clock,
    logger,
  });
  const handoverActive = () => {
    const phase = service?.current.active?.phase;
    return phase !== undefined && phase !== 'completed' && phase !== 'aborted';
  };
  const enrolment = createEnrolmentRuntime({
    gatewayId: config.gatewayId,
    roles,
    store,
    recorder,
    readers: devices.fingerprints,
    personAt: (reader, pageId) => wiring.personAt(reader, pageId),
    plan: () => plans.current(),
    handoverActive,
    centreKey: centreEncryptionKey,
    uplink,
    devices: () => wiring.deviceStatuses(),
    speak: (text) => speak(text.zh, text.en),
    clock,
    newId,
    logger,
  });
  // A hand-over needs the readers: an enrolment still open when one begins is cancelled.
  service.onStep(() => {
    if (handoverActive()) enrolment.flow.close('a hand-over began');
  });
  backend = new KioskRuntimeBackend({
    store,
    service,
    plans,
    clock,
    gatewayId: config.gatewayId,
    siteId: config.siteId,
    siteName: config.siteName,
    roles,
    engine: engineConfig,
    staffPasswords: config.staffPasswords ?? {},
    devices: () => wiring.deviceStatuses(),
    reports: (id, format) => reports.get(id, format),
    enrolment: enrolment.kiosk,
  });
  const kioskBackend = backend;
  recorder.onAppended((envelopes) => uplink?.appended(envelopes));
  devices.onStatus(() => uplink?.statusChanged());
  plans.onPlan(() => uplink?.statusChanged());
  recorder.onAppended((envelopes) => {
    kioskBackend.appended(envelopes);
    for (const envelope of envelopes)
      if (envelope.type === 'handover.completed') void reports.write(envelope);
  });
  plans.onPlan((plan) => void wiring.syncAll(plan));
  // A plan imported from a file by the CLI lands in the store; look for it every few seconds.
  const planPoll = setInterval(() => plans.refresh(), PLAN_POLL_MS);
  planPoll.unref();
  const retention = new FaceRetention({
    store,
    recorder,
    clock,
    retentionDays: config.faceRetentionDays,
    logger,
  });
  retention.start();
  wiring.connect();
  await devices.start();
  // After a crash: effects of the last committed steps (door unlock, face capture, box counting, report).
  service.resume();
  void reports.catchUp();
  uplink?.start();
  enrolment.start();
  faces.start();
  const kiosk = await startKiosk({
    backend,
    host: config.kiosk.host,
    port: config.kiosk.port,
    logger: logger.child({ component: 'gateway.kiosk' }),
    clock,
  });
  logger.info({ kiosk: kiosk.url, plan: plans.current()?.version ?? null }, 'gateway running');
  const running = service;
  return {
    config,
    store,
    plans,
    service: running,
    devices,
    recorder,
    kiosk,
    uplink,
    enrolment,
    faces,
    logger,
    async stop() {
      // Closing the links takes every device "offline": that is the gateway stopping, not a device
      // failing, so it must not become DEVICE_OFFLINE alarms (nor any other step) in the chain.
      stopping = true;
      clearInterval(planPoll);
      retention.stop();
      await kiosk.close();
      running.stop();
      enrolment.stop();
      faces.stop();
      await devices.stop();
      await reports.idle();
      await uplink?.stop();
      store.close();
    },
  };
}

function toDevicesConfig(config: GatewayConfig): DevicesConfig {
  const { bleDbusAddress, ...devices } = config.devices;
  return { ...devices, ble: { dbusAddress: bleDbusAddress } };
}
