import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DayPlan } from '../../runs/day-plan.ts';
import type { DayView } from '../../runs/run-views.ts';
import { requirePermission } from '../auth/require-role.ts';
import type { ConsoleDeps } from '../console-context.ts';
import { html } from '../html.ts';
import { t } from '../i18n/catalogue.ts';
import { renderPage } from '../layout.ts';
import { siteNamer } from './names.ts';
import { type MapInput, routeMap } from './runs-map.ts';
import { type RunCardContext, runCard } from './runs-view.ts';

/** Vehicles with an open ROUTE_DEVIATION (raised or acknowledged, condition not cleared). */
function deviatingVehicles(deps: ConsoleDeps): Set<string> {
  const open = [
    ...deps.alarms.list({ state: 'raised', kind: 'ROUTE_DEVIATION' }),
    ...deps.alarms.list({ state: 'acknowledged', kind: 'ROUTE_DEVIATION' }),
  ];
  return new Set(
    open
      .filter((alarm) => alarm.clearedAt === undefined && alarm.vehicleId)
      .map((a) => a.vehicleId as string),
  );
}

function cardContext(request: FastifyRequest, deps: ConsoleDeps, deviating: Set<string>): RunCardContext {
  const plates = new Map(deps.store.vehicles.list().map((v) => [v.vehicleId, v.plate]));
  return {
    lang: request.lang,
    timeZone: deps.timeZone,
    siteName: siteNamer(deps),
    personName: (personId) => deps.store.people.get(personId)?.name ?? personId,
    plate: (vehicleId) => plates.get(vehicleId),
    deviating: (vehicleId) => deviating.has(vehicleId),
  };
}

/** Routes, sites (registry first, else the plan's stop positions) and vehicles for the map. */
function mapInput(
  day: DayView,
  plan: DayPlan | undefined,
  deps: ConsoleDeps,
  deviating: Set<string>,
): MapInput {
  const registered = new Map(deps.store.sites.list().map((site) => [site.siteId, site]));
  const sites = new Map<string, MapInput['sites'][number]>();
  for (const run of plan?.runs ?? []) {
    for (const stop of run.stops) {
      const site = registered.get(stop.siteId);
      const position: GeoPoint | undefined = site?.position ?? stop.position;
      if (!position || sites.has(stop.siteId)) continue;
      const kind = site?.kind ?? (stop.kind === 'dispatch' || stop.kind === 'return' ? 'vault' : 'branch');
      sites.set(stop.siteId, { siteId: stop.siteId, name: site?.name ?? stop.siteId, kind, position });
    }
  }
  const vehicles = new Map<string, MapInput['vehicles'][number]>();
  for (const run of day.runs) {
    if (!run.vehiclePosition || vehicles.has(run.vehicleId)) continue;
    const { lat, lon } = run.vehiclePosition;
    vehicles.set(run.vehicleId, {
      vehicleId: run.vehicleId,
      label: run.vehicleId,
      position: { lat, lon },
      deviating: deviating.has(run.vehicleId),
    });
  }
  return {
    routes: (plan?.runs ?? []).map((run) => ({ runId: run.runId, points: run.route })),
    sites: [...sites.values()],
    vehicles: [...vehicles.values()],
  };
}

/** `/console/runs`: today's runs, stop by stop, and the route map; live through the stream. */
export function runsPage(app: FastifyInstance, deps: ConsoleDeps): void {
  const view = requirePermission('runs.view');

  app.get('/runs', { preHandler: view }, async (request, reply) => {
    const lang = request.lang;
    const day = deps.runs.view();
    let body: ReturnType<typeof html>;
    if (!day) body = html`<p class="empty">${t(lang, 'runs.noPlan')}</p>`;
    else {
      const plan = deps.store.plans.get<DayPlan>(day.date, day.planVersion)?.plan;
      const deviating = deviatingVehicles(deps);
      const ctx = cardContext(request, deps, deviating);
      body = html`<p class="muted">${t(lang, 'runs.plan', { date: day.date, version: day.planVersion })} · <span id="live-state" class="live-state">${t(lang, 'live.connected')}</span></p>
<div class="runs-layout">
<section class="panel map-panel"><h2>${t(lang, 'runs.map')}</h2>
${routeMap(mapInput(day, plan, deps, deviating), { title: t(lang, 'runs.map') })}
<ul class="legend"><li class="lg-route">${t(lang, 'runs.map.legend.route')}</li><li class="lg-vault">${t(lang, 'runs.map.legend.vault')}</li><li class="lg-branch">${t(lang, 'runs.map.legend.branch')}</li><li class="lg-vehicle">${t(lang, 'runs.map.legend.vehicle')}</li><li class="lg-deviating">${t(lang, 'runs.map.legend.deviating')}</li></ul>
</section>
<section class="runs-list" id="runs-list">${day.runs.map((run) => runCard(run, ctx))}</section>
</div>`;
    }
    return reply.type('text/html; charset=utf-8').send(
      renderPage(request, {
        title: t(lang, 'runs.title'),
        nav: 'runs',
        scripts: ['runs.js'],
        clientMessages: ['runs.'],
        body,
      }),
    );
  });

  // The map alone, refitted to where the vehicles are now (the live script asks when one leaves it).
  app.get('/runs/map', { preHandler: view }, async (request, reply) => {
    const day = deps.runs.view();
    if (!day) return reply.code(204).send();
    const plan = deps.store.plans.get<DayPlan>(day.date, day.planVersion)?.plan;
    const svg = routeMap(mapInput(day, plan, deps, deviatingVehicles(deps)), {
      title: t(request.lang, 'runs.map'),
    });
    return reply.type('text/html; charset=utf-8').send(svg.__html);
  });

  // One run card as the server renders it, for the live script after a stop changed.
  app.get<{ Params: { runId: string } }>(
    '/runs/:runId/card',
    { preHandler: view },
    async (request, reply) => {
      const run = deps.runs.view()?.runs.find((r) => r.runId === request.params.runId);
      if (!run) return reply.code(204).send();
      const ctx = cardContext(request, deps, deviatingVehicles(deps));
      return reply.type('text/html; charset=utf-8').send(runCard(run, ctx).__html);
    },
  );
}
