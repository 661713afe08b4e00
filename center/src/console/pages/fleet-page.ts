import { VaultlineError } from '@vaultline/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerVehicle } from '../../broker/credentials.ts';
import type { PositionView } from '../../runs/run-views.ts';
import {
  type ConsoleDeps,
  type ConsolePage,
  can,
  formField,
  html,
  renderPage,
  requirePermission,
  type SafeHtml,
  t,
} from '../console-context.ts';
import { boxesSection, type FleetViewContext, sitesSection, vehiclesSection } from './fleet-views.ts';
import { siteNamer } from './names.ts';
import { pageStyles } from './records-views.ts';

type FleetQuery = { Querystring: { box?: string; site?: string; saved?: string } };

function notice(tone: 'ok' | 'error', text: string): SafeHtml {
  return html`<div class="notice notice-${tone}" role="${tone === 'ok' ? 'status' : 'alert'}" id="fleet-notice">${text}</div>`;
}

/** Today's last position fix of each vehicle on a run, from the run tracker. */
function lastPositions(deps: ConsoleDeps): Map<string, PositionView> {
  const positions = new Map<string, PositionView>();
  for (const run of deps.runs.view()?.runs ?? []) {
    if (run.vehiclePosition) positions.set(run.vehicleId, run.vehiclePosition);
  }
  return positions;
}

function fleetPageHtml(
  request: FastifyRequest,
  deps: ConsoleDeps,
  message?: SafeHtml,
  editing: { box?: string; site?: string } = {},
): string {
  const lang = request.lang;
  const user = request.consoleUser!;
  const { store } = deps;
  const ctx: FleetViewContext = {
    lang,
    timeZone: deps.timeZone,
    canEdit: can(user.role, 'fleet.edit'),
    csrfToken: request.csrfToken ?? '',
    siteName: siteNamer(deps),
  };
  const sites = store.sites.list();
  const box = editing.box ? store.boxes.get(editing.box) : undefined;
  const site = editing.site ? store.sites.get(editing.site) : undefined;
  const body = html`${pageStyles}${message ?? ''}
${ctx.canEdit ? '' : html`<p class="muted">${t(lang, 'fleet.readOnly')}</p>`}
<div class="stack">
${vehiclesSection(ctx, store.vehicles.list(), lastPositions(deps))}
${boxesSection(ctx, store.boxes.list(), sites, box)}
${sitesSection(ctx, sites, site)}
</div>`;
  return renderPage(request, { title: t(lang, 'fleet.title'), nav: 'fleet', body });
}

function send(reply: FastifyReply, code: number, page: string): FastifyReply {
  return reply.code(code).type('text/html; charset=utf-8').send(page);
}

/** Runs a registry change; a refusal (a domain error that says what to fix) comes back on the page. */
function change(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ConsoleDeps,
  apply: () => void,
): FastifyReply | undefined {
  try {
    apply();
    return undefined;
  } catch (error) {
    if (!(error instanceof VaultlineError)) throw error;
    const text = t(request.lang, 'fleet.notSaved', { message: error.message });
    return send(reply, 400, fleetPageHtml(request, deps, notice('error', text)));
  }
}

const saved = (reply: FastifyReply, anchor: string) =>
  reply.redirect(`/console/fleet?saved=1#${anchor}`, 303);

/**
 * `/console/fleet`: vehicles (plate, tag, last position), cash boxes (label, home site, retired) and
 * sites, with add/edit forms for dispatchers and admins. Every change is audited; a vehicle's broker
 * password is shown once, when it is issued, and never stored or logged in clear.
 */
export const fleetPage: ConsolePage = (app: FastifyInstance, deps: ConsoleDeps) => {
  const edit = { preHandler: requirePermission('fleet.edit') };
  const actor = (request: FastifyRequest) => request.consoleUser!.username;
  const field = (request: FastifyRequest, name: string) => formField(request.body, name).trim();

  app.get<FleetQuery>('/fleet', { preHandler: requirePermission('fleet.view') }, async (request, reply) => {
    const message = request.query.saved === '1' ? notice('ok', t(request.lang, 'fleet.saved')) : undefined;
    return send(reply, 200, fleetPageHtml(request, deps, message, request.query));
  });

  app.post('/fleet/vehicles', edit, async (request, reply) => {
    const vehicleId = field(request, 'vehicleId');
    const plate = field(request, 'plate');
    const tagEpc = field(request, 'tagEpc').toUpperCase();
    let password = '';
    const refused = change(request, reply, deps, () => {
      password = deps.store.transaction(() => {
        const issued = registerVehicle(deps.store, { vehicleId, plate });
        if (tagEpc) deps.store.vehicles.setTagEpc(vehicleId, tagEpc);
        return issued;
      });
    });
    if (refused) return refused;
    deps.audit(actor(request), 'vehicle.register', vehicleId, {
      plate,
      ...(tagEpc ? { tagEpc } : {}),
      brokerPassword: 'issued',
    });
    const text = t(request.lang, 'fleet.vehicle.password', { vehicleId, password });
    // The password is in this answer only: no cache may keep it.
    reply.header('Cache-Control', 'no-store');
    return send(reply, 200, fleetPageHtml(request, deps, notice('ok', text)));
  });

  app.post<{ Params: { vehicleId: string } }>(
    '/fleet/vehicles/:vehicleId/tag',
    edit,
    async (request, reply) => {
      const { vehicleId } = request.params;
      const tagEpc = field(request, 'tagEpc').toUpperCase() || null;
      const refused = change(request, reply, deps, () => deps.store.vehicles.setTagEpc(vehicleId, tagEpc));
      if (refused) return refused;
      deps.audit(actor(request), 'vehicle.tag', vehicleId, { tagEpc });
      return saved(reply, 'vehicles');
    },
  );

  app.post('/fleet/boxes', edit, async (request, reply) => {
    const epc = field(request, 'epc').toUpperCase();
    const label = field(request, 'label');
    const homeSiteId = field(request, 'homeSiteId');
    const refused = change(request, reply, deps, () =>
      deps.store.boxes.save({ epc, label, ...(homeSiteId ? { homeSiteId } : {}) }),
    );
    if (refused) return refused;
    deps.audit(actor(request), 'box.save', epc, { label, homeSiteId: homeSiteId || null });
    return saved(reply, 'boxes');
  });

  app.post<{ Params: { epc: string } }>('/fleet/boxes/:epc/retire', edit, async (request, reply) => {
    const { epc } = request.params;
    const refused = change(request, reply, deps, () => deps.store.boxes.retire(epc));
    if (refused) return refused;
    deps.audit(actor(request), 'box.retire', epc);
    return saved(reply, 'boxes');
  });

  app.post('/fleet/sites', edit, async (request, reply) => {
    const number = (name: string) =>
      field(request, name) === '' ? Number.NaN : Number(field(request, name));
    const site = {
      siteId: field(request, 'siteId'),
      name: field(request, 'name'),
      kind: field(request, 'kind') === 'vault' ? ('vault' as const) : ('branch' as const),
      position: { lat: number('lat'), lon: number('lon') },
      geofenceM: number('geofenceM'),
    };
    const refused = change(request, reply, deps, () => deps.store.sites.save(site));
    if (refused) return refused;
    deps.audit(actor(request), 'site.save', site.siteId, {
      name: site.name,
      kind: site.kind,
      geofenceM: site.geofenceM,
    });
    return saved(reply, 'sites');
  });
};
