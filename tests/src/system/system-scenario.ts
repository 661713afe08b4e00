import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerGatewayCredentials, registerVehicle } from '@vaultline/center/broker/credentials';
import { writeMosquittoFiles } from '@vaultline/center/broker/mosquitto-config';
import { generateBrokerPassword } from '@vaultline/center/broker/password-hash';
import { type CenterApp, startCenterApp } from '@vaultline/center/center-app';
import { type CenterConfig, parseCenterConfig } from '@vaultline/center/config/center-config';
import type { DayPlan as CentreDayPlan } from '@vaultline/center/runs/day-plan';
import { openCentreStore } from '@vaultline/center/store/open-store';
import { loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import { type Clock, silentLogger } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { writeSecretFile } from '@vaultline/shared/crypto/secret-file';
import { type MosquittoInstance, startMosquitto } from '../harness/mosquitto.ts';
import { freePort } from '../harness/sim-process.ts';
import { waitFor } from '../harness/wait-for.ts';
import { GatewayScenario, type ScenarioOptions } from '../scenario/gateway-scenario.ts';
import type { BrokerLogin } from './broker-clients.ts';
import { CentreApiClient } from './centre-api-client.ts';
import { NetworkLink } from './network-link.ts';

export type BrokerKind = 'embedded' | 'mosquitto';
export const BROKER_KINDS: BrokerKind[] = ['embedded', 'mosquitto'];

/**
 * The gateways' uplink paced for tests on real time: reconnect within a few hundred ms, status at once,
 * unacknowledged events sent again after 2 s. Production keeps the defaults (seconds to minutes).
 */
const TEST_UPLINK = {
  reconnectMinMs: 50,
  reconnectMaxMs: 400,
  statusMinIntervalMs: 50,
  keepaliveS: 5,
  ackTimeoutMs: 2_000,
};
const CENTRE_USER = 'centre';
/** The name of the API token every system's tests act with (audit trail, acknowledgements). */
export const OFFICER = '值班员 Li Ming';
/** Safety net for a gateway's chain to reach the centre (thousands of events included). */
const SYNC_TIMEOUT_MS = 30_000;

export interface SystemOptions {
  broker: BrokerKind;
  /** One gateway on simulated devices per entry. */
  gateways: Array<Pick<ScenarioOptions, 'siteId' | 'gatewayId' | 'engine'>>;
  /** Vehicle units to register (`vehiclePassword(id)` gives each one's broker password). */
  vehicles?: string[];
  /** Overrides of the centre's alarm rules (center/src/rules/rules-config.ts). */
  rules?: Record<string, number>;
  /** The centre's clock (default: the system clock). */
  clock?: Clock;
}

/** One branch or vault of the system: its gateway scenario, its network link and broker login. */
export interface SystemGateway {
  readonly gatewayId: string;
  readonly siteId: string;
  readonly scenario: GatewayScenario;
  /** The branch's line to the broker: `down()` is a network outage, the broker sees the socket die. */
  readonly link: NetworkLink;
  readonly login: BrokerLogin;
  /** The gateway's SQLite store file (its signed chain and outbox). */
  readonly dbFile: string;
}

interface Provisioned {
  token: string;
  logins: BrokerLogin[];
  vehiclePasswords: Map<string, string>;
  mosquittoFiles?: { passwordFile: string; aclFile: string };
}

/**
 * What an operator does before the centre first runs (`vaultline-center gateway add`, `vehicle add`,
 * `token create`, `broker-config`): every gateway registered with the public key its `init` made and a
 * broker password, the vehicles, a duty officer's API token, and for Mosquitto its password and ACL files.
 */
function provisionCentre(
  dataDir: string,
  scenarios: readonly GatewayScenario[],
  options: SystemOptions,
  centreLogin: BrokerLogin,
  brokerDir: string,
): Provisioned {
  // Where the centre reads its own broker password (center-app.ts, without `broker.passwordFile`).
  writeSecretFile(join(dataDir, 'broker-centre-password'), centreLogin.password);
  const store = openCentreStore(join(dataDir, 'center.db'), { logger: silentLogger });
  try {
    const logins = scenarios.map((scenario) => {
      const { gatewayId, siteId } = scenario.options;
      const { signingPublicKey } = loadGatewayIdentity(scenario.config.dataDir);
      store.gateways.register({ gatewayId, siteId, publicKey: publicKeyToRaw(signingPublicKey) });
      return { username: gatewayId, password: registerGatewayCredentials(store, gatewayId) };
    });
    const vehiclePasswords = new Map(
      (options.vehicles ?? []).map((vehicleId) => [
        vehicleId,
        registerVehicle(store, { vehicleId, plate: `京A·T${vehicleId}` }),
      ]),
    );
    const token = store.tokens.create({ name: OFFICER, role: 'duty-officer' }).secret;
    if (options.broker === 'embedded') return { token, logins, vehiclePasswords };
    mkdirSync(brokerDir, { mode: 0o700 });
    return {
      token,
      logins,
      vehiclePasswords,
      mosquittoFiles: writeMosquittoFiles(store, brokerDir, centreLogin),
    };
  } finally {
    store.close();
  }
}

/**
 * The whole system on one machine: the real centre (store, ingest, alarms, runs, API) on its own data
 * folder, a broker — the centre's embedded aedes, or a real Mosquitto configured with the password and
 * ACL files the centre writes — and real gateways on simulated devices, each registered at the centre
 * with its own public key and broker password, its uplink pointed at the broker through its own
 * network link. The centre tracks the gateways' day plan.
 */
export class SystemScenario {
  readonly gateways: SystemGateway[] = [];
  readonly api: CentreApiClient;
  private centre: CenterApp | undefined;
  private mosquitto: MosquittoInstance | undefined;

  private constructor(
    readonly options: SystemOptions,
    readonly dir: string,
    readonly config: CenterConfig,
    readonly centreLogin: BrokerLogin,
    private readonly provisioned: Provisioned,
    private readonly scenarios: readonly GatewayScenario[],
    private readonly port: number,
  ) {
    this.api = new CentreApiClient(() => this.app.apiUrl, provisioned.token);
  }

  static async start(options: SystemOptions): Promise<SystemScenario> {
    const dir = mkdtempSync(join(tmpdir(), 'vl-system-'));
    const dataDir = join(dir, 'centre');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const started = await Promise.allSettled(
      options.gateways.map((gateway) => GatewayScenario.start({ ...gateway, startGateway: false })),
    );
    const scenarios = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const port = await freePort();
    const config = parseCenterConfig({
      dataDir,
      broker:
        options.broker === 'embedded'
          ? { host: '127.0.0.1', port }
          : { url: `mqtt://127.0.0.1:${port}`, username: CENTRE_USER },
      http: { host: '127.0.0.1', port: 0 },
      ...(options.rules ? { rules: options.rules } : {}),
      logLevel: 'silent',
    });
    const centreLogin = { username: CENTRE_USER, password: generateBrokerPassword() };
    let system: SystemScenario | undefined;
    try {
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      const provisioned = provisionCentre(dataDir, scenarios, options, centreLogin, join(dir, 'mosquitto'));
      system = new SystemScenario(options, dir, config, centreLogin, provisioned, scenarios, port);
      await system.bringUp();
      return system;
    } catch (error) {
      if (system) await system.stop().catch(() => undefined);
      else {
        for (const scenario of scenarios) await scenario.stop().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      }
      throw error;
    }
  }

  /** A registered vehicle's broker password. */
  vehiclePassword(vehicleId: string): string {
    const password = this.provisioned.vehiclePasswords.get(vehicleId);
    if (password === undefined) throw new Error(`vehicle ${vehicleId} is not registered in this system`);
    return password;
  }

  /** The running centre (throws while it is stopped). */
  get app(): CenterApp {
    if (!this.centre) throw new Error('the centre is stopped');
    return this.centre;
  }

  /** The centre's SQLite store file. */
  get centreDbFile(): string {
    return join(this.config.dataDir, 'center.db');
  }

  /** Where clients reach the broker directly (not through a branch's link). */
  get brokerUrl(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  gateway(siteOrId: string): SystemGateway {
    const found = this.gateways.find((g) => g.siteId === siteOrId || g.gatewayId === siteOrId);
    if (!found) throw new Error(`no gateway for ${siteOrId} in this system`);
    return found;
  }

  /** The chain the centre stored for a gateway, by seq. */
  centreChain(gatewayId: string): EventEnvelope[] {
    const head = this.app.store.events.head(gatewayId);
    return this.app.store.events.range(gatewayId, 1, head.lastSeq);
  }

  /** Waits until the centre holds the gateway's whole chain and the gateway's outbox is empty. */
  async synced(gatewayId: string, timeoutMs = SYNC_TIMEOUT_MS): Promise<void> {
    const gateway = this.gateway(gatewayId);
    await waitFor(
      () => {
        const events = gateway.scenario.app?.store.events;
        if (!events || !this.centre) return false;
        const last = events.lastSeq();
        return this.centre.store.events.head(gatewayId).lastSeq === last && events.backlog().count === 0;
      },
      `${gatewayId}'s chain stored at the centre and its outbox empty`,
      timeoutMs,
    );
  }

  /** Waits until the centre's view of the gateway's retained status says online. */
  online(gatewayId: string): Promise<unknown> {
    return waitFor(() => this.centre?.monitor.get(gatewayId)?.online === true, `${gatewayId} online`);
  }

  async startCentre(): Promise<void> {
    this.centre = await startCenterApp(this.config, { logger: silentLogger, clock: this.options.clock });
  }

  async stopCentre(): Promise<void> {
    const centre = this.centre;
    this.centre = undefined;
    await centre?.stop();
  }

  /**
   * Takes the broker down: Mosquitto's process is stopped; the embedded broker lives in the centre's
   * process, so the centre goes down with it.
   */
  async stopBroker(): Promise<void> {
    if (this.options.broker === 'embedded') await this.stopCentre();
    else {
      await this.mosquitto?.stop();
      this.mosquitto = undefined;
    }
  }

  /** Brings the broker back on the same port, with the same password and ACL files. */
  async startBroker(): Promise<void> {
    if (this.options.broker === 'embedded') {
      await this.startCentre();
      return;
    }
    const files = this.provisioned.mosquittoFiles;
    if (!files) throw new Error('this system was provisioned without Mosquitto files');
    this.mosquitto = await startMosquitto({ dir: join(this.dir, 'mosquitto'), ...files, port: this.port });
  }

  async stop(): Promise<void> {
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    };
    for (const scenario of this.scenarios) await attempt(() => scenario.stop());
    for (const gateway of this.gateways) await attempt(() => gateway.link.close());
    await attempt(() => this.stopCentre());
    await attempt(async () => this.mosquitto?.stop());
    rmSync(this.dir, { recursive: true, force: true });
    if (failures.length > 0) throw failures[0];
  }

  /** Broker and centre first, then each gateway, pointed at the broker through its own link. */
  private async bringUp(): Promise<void> {
    if (this.options.broker === 'mosquitto') await this.startBroker();
    await this.startCentre();
    const first = this.scenarios[0];
    if (first) this.app.loadDayPlan(first.day as CentreDayPlan);
    const links = await Promise.all(this.scenarios.map(() => NetworkLink.open(() => this.port)));
    this.scenarios.forEach((scenario, i) => {
      const { gatewayId, siteId } = scenario.options;
      const login = this.provisioned.logins[i] as BrokerLogin;
      const dbFile = join(scenario.config.dataDir, 'gateway.db');
      this.gateways.push({ gatewayId, siteId, scenario, link: links[i] as NetworkLink, login, dbFile });
    });
    await Promise.all(this.gateways.map((gateway) => this.startGateway(gateway)));
    for (const gateway of this.gateways) await this.online(gateway.gatewayId);
  }

  private async startGateway({ scenario, link, login }: SystemGateway): Promise<void> {
    const passwordFile = join(scenario.dir, 'broker-password');
    writeSecretFile(passwordFile, login.password);
    scenario.config = {
      ...scenario.config,
      centre: { brokerUrl: link.url, passwordFile, ...TEST_UPLINK },
    };
    await scenario.startGateway();
  }
}
