import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import type { KioskView } from '@vaultline/gateway/kiosk/kiosk-view';
import { publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { freePort } from '../harness/sim-process.ts';
import { waitFor } from '../harness/wait-for.ts';
import { BOXES, VEHICLES } from '../scenario/day-plan.ts';
import { readEvents } from '../scenario/gateway-db.ts';
import { fixKioskPort, GatewayProcess, runGatewayCli } from '../scenario/gateway-process.ts';
import { GatewayScenario } from '../scenario/gateway-scenario.ts';
import type { CentreRig, RigGateway } from './centre-rig.ts';
import { type ProcessMemory, processMemory } from './process-memory.ts';

/** Safety net for each step of the delivery (simulators in fast timing); never a measured figure. */
const STEP_TIMEOUT_MS = 30_000;
/** A person lifts the finger for longer than the reader's GenImg poll (the reader then counts a new attempt). */
const LIFT_MS = 300;

/**
 * One gateway as a branch runs it: `vaultline-gateway run` in its own process, on the six simulated
 * devices of a site (simulators in their own process), today's signed plan imported, its uplink pointed at
 * the centre. Used to read a real gateway's RSS from /proc, idle and after a whole delivery.
 */
export class RealGateway {
  /** RSS once started, synced and online at the centre (before any hand-over). */
  readyMemory: ProcessMemory | undefined;
  private gateway: GatewayProcess | undefined;
  private centre: CentreRig | undefined;

  private constructor(
    private readonly scenario: GatewayScenario,
    private readonly port: number,
  ) {}

  static async provision(): Promise<RealGateway> {
    const scenario = await GatewayScenario.start({
      siteId: 'BR-001',
      startGateway: false,
      simulatorProcess: true,
    });
    return new RealGateway(scenario, await freePort());
  }

  registration(): RigGateway {
    const { gatewayId, siteId, dataDir } = this.scenario.config;
    return { gatewayId, siteId, publicKey: publicKeyToRaw(loadGatewayIdentity(dataDir).signingPublicKey) };
  }

  /** Starts the gateway against `centre` and resolves once it is up, synced and seen online there. */
  async start(centre: CentreRig): Promise<void> {
    const { configFile, dir } = this.scenario;
    const { gatewayId } = this.scenario.config;
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    config.centre = { brokerUrl: centre.brokerUrl, passwordFile: centre.passwordFile(gatewayId) };
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    fixKioskPort(configFile, this.port);
    const planFile = join(dir, 'plan.jws');
    writeFileSync(planFile, this.scenario.bundle);
    const imported = await runGatewayCli(['plan', 'import', planFile, '--config', configFile]);
    if (imported.code !== 0) throw new Error(`plan import failed: ${imported.stderr}`);
    this.centre = centre;
    this.gateway = await GatewayProcess.start(configFile, this.port);
    await this.gateway.templatesSynced(['fp-door', 'fp-zone']);
    await this.syncedWithCentre();
    this.readyMemory = this.memory();
  }

  memory(): ProcessMemory {
    const pid = this.gateway?.child.pid;
    if (!pid) throw new Error('start the gateway first');
    return processMemory(pid);
  }

  /**
   * Runs R1's delivery at BR-001 through the devices — vehicle tag, two escorts' fingers, the manager's
   * photo checks, the interlock door, the boxes with one of BR-002's among them (WRONG_BOX), dual
   * confirmation — until its report exists and the centre holds every event. Returns the RSS then.
   */
  async deliver(): Promise<ProcessMemory> {
    const gw = this.gateway;
    if (!gw) throw new Error('start the gateway first');
    const s = this.scenario;
    const dbFile = join(s.config.dataDir, 'gateway.db');
    const active = async () => (await gw.view()).active;
    await s.vehicleArrives(VEHICLES[0]!.tagEpc);
    await until(async () => (await active())?.phase === 'crew-auth', 'vehicle arrival');
    for (const escort of ['E1001', 'E1002']) {
      await s.sim.control.placeFinger('fp-door', s.fingerOf(escort));
      await until(
        async () => (await active())?.crew.find((m) => m.personId === escort)?.fingerprint === 'matched',
        `${escort} verified`,
      );
      await lift(s, 'fp-door');
    }
    await until(
      async () => (await active())?.crew.every((m) => m.canCheckPhoto),
      'live captures on the kiosk',
    );
    for (const personId of ['E1001', 'E1002'])
      await gw.kiosk({ type: 'photo-check', personId, accepted: true });
    await until(async () => (await active())?.phase === 'door', 'crew door unlocked');
    const doorEvents = (type: string) => readEvents(dbFile).filter((e) => e.type === type).length;
    await s.sim.control.setDoor('mantrap', true, 1);
    await until(() => doorEvents('door.opened') > 0, 'door opened');
    await s.sim.control.setDoor('mantrap', false, 1);
    await until(async () => (await active())?.phase === 'box-scan', 'box scan');
    await s.boxesInZone([BOXES.b1, BOXES.b3, BOXES.b2]);
    await until(async () => (await active())?.phase === 'confirm', 'every box scanned');
    await s.sim.control.placeFinger('fp-zone', s.fingerOf('E1001'));
    await until(async () => (await active())?.confirmations.leader.done, 'the crew leader confirmed');
    await lift(s, 'fp-zone');
    await s.sim.control.placeFinger('fp-zone', s.fingerOf('T2001'));
    const view: KioskView = await until(async () => {
      const v = await gw.view();
      return v.active === null && v.lastCompleted ? v : undefined;
    }, 'hand-over completed');
    await lift(s, 'fp-zone');
    const handoverId = view.lastCompleted?.handoverId;
    await until(async () => (await fetch(`${gw.url}/reports/${handoverId}.pdf`)).ok, 'the report');
    await this.syncedWithCentre();
    return this.memory();
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    await this.scenario.stop();
  }

  /** Until the centre lists this gateway online and holds every event of its store. */
  private async syncedWithCentre(): Promise<void> {
    const centre = this.centre;
    const { gatewayId, dataDir } = this.scenario.config;
    if (!centre) return;
    await until(async () => {
      const local = readEvents(join(dataDir, 'gateway.db')).length;
      const gateways = await centre.gateways();
      const seen = gateways.find((g) => g.gatewayId === gatewayId);
      return seen?.online === true && seen.lastSeq === local;
    }, 'the centre to hold every event of the real gateway');
  }
}

function until<T>(condition: () => T | Promise<T>, what: string): Promise<NonNullable<T>> {
  return waitFor(async () => (await condition()) ?? undefined, what, STEP_TIMEOUT_MS) as Promise<
    NonNullable<T>
  >;
}

async function lift(s: GatewayScenario, reader: 'fp-door' | 'fp-zone'): Promise<void> {
  await s.sim.control.placeFinger(reader, null);
  await new Promise((resolve) => setTimeout(resolve, LIFT_MS));
}
