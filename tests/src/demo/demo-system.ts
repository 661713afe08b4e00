import { basename } from 'node:path';
import { waitFor } from '../harness/wait-for.ts';
import { type DayPlan, SITES, VEHICLES } from '../scenario/day-plan.ts';
import { registerSitesAndFleet } from './centre-registries.ts';
import { type ConsoleLogin, createConsoleLogins } from './console-logins.ts';
import { gatewaysSynced } from './day-observation.ts';
import { type DayMoment, playDay, STORY_NAMES } from './day-script.ts';
import { type DemoCentre, startDemoCentre } from './demo-centre.ts';
import { BOX_REGISTRY, buildDemoDay, SITE_REGISTRY } from './demo-day.ts';
import {
  type DemoSite,
  kioskUrl,
  planLoaded,
  prepareSite,
  provisionSite,
  startSiteGateway,
} from './demo-site.ts';
import { DemoVan } from './demo-vehicle.ts';
import { deliverPersonnel } from './personnel-delivery.ts';
import { submitDayPlan } from './plan-publishing.ts';
import { CentreNarrator, narrateGateway, type Story } from './story.ts';

/**
 * Simulated seconds per real second for the van: R1's 26 km take about 40 simulated minutes, so the
 * run is driven in about 20 s and the whole day, hand-overs included, plays in about a minute.
 */
export const SPEED_FACTOR = 150;

/**
 * The whole system on this machine, set up the way a bank would: the centre, its registries and the
 * sealed personnel files, three gateways on simulated devices each provisioned at the centre, the day's
 * plan published to them, and van V1's GPS unit. Each step is told on `story`.
 */
export class DemoSystem {
  private readonly unsubscribe: Array<() => void> = [];
  /** Sites still being prepared: `stop()` waits for them, so none is left running. */
  private readonly preparing: Array<Promise<unknown>> = [];
  narrator: CentreNarrator | undefined;
  /** V1's GPS unit, switched on leg by leg while the day is played. */
  van: DemoVan | undefined;
  logins: ConsoleLogin[] = [];
  readonly sites: Record<string, DemoSite> = {};
  /** The day's plan: the centre's service day, windows placed around the moment the demo started. */
  readonly day: DayPlan;

  private constructor(
    readonly workDir: string,
    readonly story: Story,
    readonly centre: DemoCentre,
  ) {
    this.day = buildDemoDay(Date.now(), centre.app.plans.today());
  }

  /** The centre first: the rest of the system is set up by `setUp()`, and `stop()` undoes either. */
  static async open(workDir: string, story: Story): Promise<DemoSystem> {
    story.chapter('Setting up');
    return new DemoSystem(workDir, story, await startDemoCentre(workDir));
  }

  /** Plays the day (day-script.ts) and waits until the centre holds every gateway's whole chain. */
  async play(onMoment?: (moment: DayMoment) => Promise<void>): Promise<void> {
    const { narrator, van } = this;
    if (!narrator || !van) throw new Error('the demo system is not set up');
    const { story, centre, sites } = this;
    await playDay({ story, centre, narrator, sites, van, onMoment });
    await gatewaysSynced(centre, this.siteList);
    narrator.pump();
  }

  /** The sites in the order of the day's plan: the vault, then the branches. */
  get siteList(): DemoSite[] {
    return Object.values(SITES).flatMap((site) => this.sites[site.siteId] ?? []);
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.preparing);
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown> | unknown) => {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    };
    this.narrator?.stop();
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await attempt(() => this.van?.close());
    await Promise.all(this.siteList.map((site) => attempt(() => site.scenario.stop())));
    await attempt(() => this.centre.stop());
    if (failures.length > 0) throw failures[0];
  }

  /** Registries, personnel, the three sites, the day's plan and the console logins, each step told. */
  async setUp(): Promise<void> {
    const { story, centre } = this;
    const { app } = centre;
    story.step(
      'centre',
      `started: broker ${app.brokerUrl} (embedded), API ${app.apiUrl}/api/v1; config ${centre.configFile}`,
    );
    this.narrator = new CentreNarrator(story, centre.stream, STORY_NAMES);
    const vanPasswords = registerSitesAndFleet(app);
    const r1 = this.day.runs[0]!;
    this.van = new DemoVan({
      vehicleId: r1.vehicleId,
      brokerUrl: app.brokerUrl,
      password: vanPasswords.get(r1.vehicleId)!,
      speedFactor: SPEED_FACTOR,
      workDir: this.workDir,
    });
    story.step(
      'centre',
      `registered ${SITE_REGISTRY.length} sites, ${BOX_REGISTRY.length} cash boxes and ${VEHICLES.length} vans (${VEHICLES.map((v) => `${v.vehicleId} ${v.plate}`).join(', ')})`,
    );
    for (const delivery of await deliverPersonnel(centre, this.workDir)) {
      const { company, added, templates } = delivery.summary;
      story.step(
        'centre',
        `personnel file of ${company} (${basename(delivery.file)}, ${Math.round(delivery.bytes / 1024)} kB, sealed to the centre's key) imported: ${added} people, ${templates} fingerprint templates`,
      );
    }
    await this.bringUpSites();
    await this.planTheDay();
    this.logins = await createConsoleLogins(centre);
  }

  /** Simulators and keys first (in parallel), then each gateway provisioned, started and seen online. */
  private async bringUpSites(): Promise<void> {
    const { story, centre } = this;
    const siteIds = Object.values(SITES).map((site) => site.siteId);
    const preparing = siteIds.map((siteId) =>
      prepareSite(siteId).then((site) => {
        this.sites[siteId] = site;
      }),
    );
    this.preparing.push(...preparing);
    const failed = (await Promise.allSettled(preparing)).find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    for (const site of this.siteList) {
      const provisioningFile = provisionSite(centre, site, this.workDir);
      story.step(
        site.siteId,
        `device simulators up on pty pairs; gateway keys made, registered at the centre as ${site.gatewayId}, provisioned from ${provisioningFile}`,
      );
      await startSiteGateway(site, provisioningFile);
      this.unsubscribe.push(narrateGateway(story, site.siteId, site.scenario.app!, STORY_NAMES));
      await waitFor(() => centre.app.monitor.get(site.gatewayId)?.online, `${site.gatewayId} online`, 20_000);
      story.step(site.siteId, `gateway running, every device online, kiosk ${kioskUrl(site)}`);
    }
  }

  private async planTheDay(): Promise<void> {
    const { day } = this;
    const stops = day.runs.reduce((n, run) => n + run.stops.length, 0);
    const version = await submitDayPlan(this.centre, day);
    this.story.step(
      'centre',
      `day plan ${day.planId} version ${version}: ${day.runs.length} runs, ${stops} stops; each gateway's part signed and published`,
    );
    await Promise.all(this.siteList.map((site) => planLoaded(site, version)));
    this.story.step(
      'centre',
      "every gateway holds the plan; today's fingerprint templates are in its readers",
    );
  }
}
