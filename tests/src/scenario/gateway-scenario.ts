import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayConfig } from '@vaultline/gateway/config/gateway-config';
import { parseGatewayConfig } from '@vaultline/gateway/config/gateway-config';
import { initGatewayIdentity, loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import { type GatewayApp, startGatewayApp } from '@vaultline/gateway/runtime/gateway-app';
import { silentLogger } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { generateSigningKeyPair, writeKeyPair } from '@vaultline/shared/crypto/keys';
import { signSitePlan } from '@vaultline/shared/plan/plan-bundle';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { type SimHarness, startSimulators } from '../harness/sim-harness.ts';
import { spawnSimulatorHarness } from '../harness/sim-process.ts';
import { waitFor } from '../harness/wait-for.ts';
import { buildDayPlan, type DayPlan, fingerOf, sitePlanFor } from './day-plan.ts';

/** The simulated cash area of one site: interlock door with reader and camera, hand-over zone, gate reader. */

/** Longest wait for a reader to poll its empty sensor after a finger is lifted. */
const LIFT_WAIT_MS = 3_000;
export function siteDevices() {
  return [
    { id: 'fp-door', kind: 'fingerprint', transport: 'serial', link: 'fp-door' },
    { id: 'fp-zone', kind: 'fingerprint', transport: 'serial', link: 'fp-zone' },
    { id: 'cam-door', kind: 'camera', transport: 'serial', link: 'cam-door', baud: 115_200 },
    {
      id: 'mantrap',
      kind: 'relay',
      transport: 'serial',
      link: 'mantrap-relay',
      contactLink: 'mantrap-contact',
    },
    { id: 'rfid-gate', kind: 'rfid', transport: 'serial', link: 'rfid-gate' },
    { id: 'rfid-zone', kind: 'rfid', transport: 'serial', link: 'rfid-zone' },
  ];
}

export interface ScenarioOptions {
  siteId: string;
  gatewayId?: string;
  /** Engine settings (e.g. a short re-scan window for tests). */
  engine?: GatewayConfig['engine'];
  /** Start the gateway in this process (default) or leave it to the test (e.g. as a child process). */
  startGateway?: boolean;
  /** Simulator timing: `fast` for tests (default), `realistic` (datasheet delays, baud pacing) for benchmarks. */
  timing?: 'fast' | 'realistic';
  /** Fingerprint readers' GenImg poll interval, ms. */
  fingerprintPollMs?: number;
  /** Run the simulators as their own process (benchmarks), not inside the test process. */
  simulatorProcess?: boolean;
}

/** What a scenario needs of the simulators, whether they run in this process or in their own. */
type Simulators = Pick<SimHarness, 'control' | 'workDir' | 'stop'>;

/**
 * One site's gateway on simulated devices: centre keys, gateway keys, today's signed plan, a config file,
 * and the running gateway. Everything real but the hardware.
 */
export class GatewayScenario {
  app: GatewayApp | undefined;
  readonly events: EventEnvelope[] = [];
  /** Engine steps taken so far (every input, whether it produced events or not). */
  steps = 0;
  day!: DayPlan;
  sitePlan!: SitePlan;
  bundle!: string;
  configFile!: string;
  config!: GatewayConfig;
  centreKeyFile!: string;
  private centrePrivateKey!: import('node:crypto').KeyObject;

  private constructor(
    readonly sim: Simulators,
    readonly dir: string,
    readonly options: Required<Pick<ScenarioOptions, 'siteId' | 'gatewayId'>> & ScenarioOptions,
  ) {}

  static async start(options: ScenarioOptions): Promise<GatewayScenario> {
    const timing = options.timing ?? 'fast';
    const sim = options.simulatorProcess
      ? await spawnSimulatorHarness(siteDevices(), { fast: timing === 'fast' })
      : await startSimulators(siteDevices(), { timing });
    const scenario = new GatewayScenario(sim, join(sim.workDir, 'gateway'), {
      ...options,
      gatewayId: options.gatewayId ?? `gw-${options.siteId}`,
    });
    await scenario.provision();
    if (options.startGateway !== false) await scenario.startGateway();
    return scenario;
  }

  private async provision(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const centre = generateSigningKeyPair();
    this.centrePrivateKey = centre.privateKey;
    this.centreKeyFile = writeKeyPair(this.dir, 'centre', centre).publicFile;
    const dataDir = join(this.dir, 'data');
    initGatewayIdentity(dataDir);
    this.day = buildDayPlan(Date.now());
    this.sitePlan = await this.sitePlanVersion(1);
    this.bundle = await signSitePlan(this.sitePlan, this.centrePrivateKey);
    const dev = (name: string) => join(this.sim.workDir, 'dev', name);
    const raw = {
      gatewayId: this.options.gatewayId,
      siteId: this.options.siteId,
      siteName: this.options.siteId,
      dataDir,
      centrePublicKey: this.centreKeyFile,
      devices: {
        fingerprint: ['fp-door', 'fp-zone'].map((id) => ({
          id,
          endpoint: dev(id),
          ...(this.options.fingerprintPollMs ? { pollIntervalMs: this.options.fingerprintPollMs } : {}),
        })),
        camera: [{ id: 'cam-door', endpoint: dev('cam-door'), baud: 115_200, imageSize: '160x120' }],
        door: [
          { id: 'mantrap', relayEndpoint: dev('mantrap-relay'), contactEndpoint: dev('mantrap-contact') },
        ],
        rfid: [
          { id: 'rfid-gate', endpoint: dev('rfid-gate'), dedupWindowMs: 60_000 },
          { id: 'rfid-zone', endpoint: dev('rfid-zone'), dedupWindowMs: 60_000 },
        ],
      },
      roles: {
        crewReader: 'fp-door',
        confirmReader: 'fp-zone',
        vehicleReaders: ['rfid-gate'],
        boxReaders: ['rfid-zone'],
        camera: 'cam-door',
        doorController: 'mantrap',
        crewDoor: 1,
      },
      engine: { rescanWindowMs: 1_500, doorHoldMs: 5_000, ...this.options.engine },
      kiosk: { host: '127.0.0.1', port: 0 },
      logLevel: 'warn',
    };
    this.config = parseGatewayConfig(raw);
    this.configFile = join(this.dir, 'gateway.json');
    writeFileSync(this.configFile, JSON.stringify(raw, null, 2));
  }

  /** A signed bundle of today's plan for this site at `version` (ad-hoc changes are new versions). */
  async sitePlanVersion(version: number): Promise<SitePlan> {
    const identity = loadGatewayIdentity(join(this.dir, 'data'));
    return sitePlanFor(
      { ...this.day, version },
      { siteId: this.options.siteId },
      this.options.gatewayId,
      identity.encryptionPublicKey,
    );
  }

  /** The decrypted templates of the site plan's people, as the gateway loads them into its readers. */
  async app0Templates(): Promise<Array<{ personId: string; template: Uint8Array }>> {
    const { decryptTemplate } = await import('@vaultline/shared/plan/plan-bundle');
    const identity = loadGatewayIdentity(join(this.dir, 'data'));
    const entries: Array<{ personId: string; template: Uint8Array }> = [];
    for (const person of this.sitePlan.people) {
      for (const jwe of person.templates)
        entries.push({
          personId: person.personId,
          template: await decryptTemplate(jwe, identity.encryptionKey),
        });
    }
    return entries;
  }

  sign(plan: SitePlan): Promise<string> {
    return signSitePlan(plan, this.centrePrivateKey);
  }

  async startGateway(importPlan = true): Promise<GatewayApp> {
    const app = await startGatewayApp(this.config, { logger: silentLogger, hostVoice: false });
    this.app = app;
    app.recorder.onAppended((envelopes) => this.events.push(...envelopes));
    app.service.onStep(() => this.steps++);
    if (importPlan && !app.plans.current()) await app.plans.importBundle(this.bundle, 'centre');
    await waitFor(
      () => [...app.devices.fingerprints.values()].every((r) => r.health.isOnline),
      'fingerprint readers online',
      20_000,
    );
    // Without a plan there is nobody to enrol: the modules stay empty until a plan arrives.
    if (app.plans.current()) await this.templatesLoaded();
    return app;
  }

  /**
   * Waits until every fingerprint module holds exactly the fingers of the people of the gateway's current
   * plan (read from the simulators), i.e. the template sync of that plan has stored its last template.
   */
  async templatesLoaded(): Promise<void> {
    const plan = this.app?.plans.current();
    if (!plan) throw new Error('the gateway holds no plan: there are no templates to wait for');
    const wanted = plan.people.map((p) => fingerOf(p.personId)).sort();
    for (const reader of ['fp-door', 'fp-zone']) {
      await waitFor(
        async () => {
          const state = (await this.sim.control.device(reader)).state as {
            templates: Array<{ fingerId: string | null }>;
          };
          const held = state.templates.map((t) => t.fingerId ?? '').sort();
          return held.length === wanted.length && held.every((finger, i) => finger === wanted[i]);
        },
        `${reader} holding the templates of plan version ${plan.version}`,
        20_000,
      );
    }
  }

  // ---- what people do, through the simulators' control API ----

  async vehicleArrives(epc: string): Promise<void> {
    await this.sim.control.setTags('rfid-gate', [epc]);
  }

  async vehicleLeaves(): Promise<void> {
    await this.sim.control.setTags('rfid-gate', []);
  }

  /** Places a person's finger on a reader and lifts it once the engine has taken the attempt. */
  async touch(
    reader: 'fp-door' | 'fp-zone',
    fingerId: string,
    quality: 'good' | 'poor' = 'good',
  ): Promise<void> {
    const service = this.app!.service;
    let taken = false;
    const stop = service.onStep((_state, _events, input) => {
      if (input.type === 'finger' && input.reader === reader) taken = true;
    });
    try {
      await this.sim.control.placeFinger(reader, fingerId, quality);
      await waitFor(() => taken, `gateway reaction to ${fingerId} on ${reader}`);
    } finally {
      stop();
      await this.fingerLifted(reader);
    }
  }

  /**
   * Lifts the finger and returns once the reader has polled the empty sensor: it counts one attempt per
   * placement and re-arms only after seeing the sensor empty, so a next finger placed before that would
   * look like the same placement. (A fixed pause lost that race when the event loop stalled on fsyncs.)
   * A reader that is not polling (offline, faulted) is given up on after LIFT_WAIT_MS without an error,
   * so the failure a test is about is the one it reports.
   */
  private async fingerLifted(reader: 'fp-door' | 'fp-zone'): Promise<void> {
    const emptyScans = async () => Number((await this.sim.control.device(reader)).state.emptyScans);
    const before = await emptyScans();
    await this.sim.control.placeFinger(reader, null);
    await waitFor(
      async () => (await emptyScans()) > before,
      `${reader} to see the sensor empty`,
      LIFT_WAIT_MS,
    ).catch(() => undefined);
  }

  fingerOf = fingerOf;

  async boxesInZone(epcs: string[]): Promise<void> {
    await this.sim.control.setTags('rfid-zone', epcs);
  }

  async crewWalksThroughDoor(): Promise<void> {
    await this.sim.control.setDoor('mantrap', true, 1);
    await this.waitForEvent('door.opened');
    await this.sim.control.setDoor('mantrap', false, 1);
    await this.waitForEvent('door.closed');
  }

  /** A manager action on the kiosk, over HTTP as the page sends it. */
  async kiosk(action: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.app!.kiosk.url}/api/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(action),
    });
  }

  // ---- what the gateway recorded ----

  ofType(type: string): EventEnvelope[] {
    return this.events.filter((e) => e.type === type);
  }

  alarms(kind?: string): EventEnvelope[] {
    return this.ofType('alarm.raised').filter((e) => !kind || (e.body as { kind: string }).kind === kind);
  }

  waitForEvent(
    type: string,
    predicate: (e: EventEnvelope) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<EventEnvelope> {
    return waitFor(
      () => this.events.find((e) => e.type === type && predicate(e)),
      `event ${type}`,
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    this.app = undefined;
    await this.sim.stop();
  }
}
