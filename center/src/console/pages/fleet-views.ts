import type { BoxRecord, SiteRecord } from '../../registry/registry-ports.ts';
import type { PositionView } from '../../runs/run-views.ts';
import type { RegisteredVehicle } from '../../store/vehicle-repo.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';
import { formatDateTime } from '../format.ts';

export interface FleetViewContext {
  lang: Lang;
  timeZone: string | undefined;
  canEdit: boolean;
  csrfToken: string;
  siteName: (siteId: string | undefined) => string;
}

const csrf = (ctx: FleetViewContext) => html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;

function position(ctx: FleetViewContext, fix: PositionView | undefined): string {
  if (!fix) return t(ctx.lang, 'fleet.noPosition');
  return t(ctx.lang, 'fleet.position', {
    lat: fix.lat.toFixed(5),
    lon: fix.lon.toFixed(5),
    speed: Math.round(fix.speedKmh),
    time: formatDateTime(Date.parse(fix.ts), ctx.timeZone).slice(11),
  });
}

/** Vehicles with plate, tag and today's last position; editors set a tag in the row. */
export function vehiclesSection(
  ctx: FleetViewContext,
  vehicles: readonly RegisteredVehicle[],
  positions: ReadonlyMap<string, PositionView>,
): SafeHtml {
  const { lang } = ctx;
  const rows = vehicles.map(
    (vehicle) => html`<tr data-vehicle-id="${vehicle.vehicleId}">
<td class="mono">${vehicle.vehicleId}</td><td><strong>${vehicle.plate}</strong></td>
<td>${
      ctx.canEdit
        ? html`<form method="post" action="/console/fleet/vehicles/${encodeURIComponent(vehicle.vehicleId)}/tag" class="inline-form">${csrf(ctx)}<input name="tagEpc" value="${vehicle.tagEpc ?? ''}" class="mono" size="26" placeholder="${t(lang, 'fleet.noTag')}"> <button type="submit" class="btn btn-quiet">${t(lang, 'fleet.vehicle.setTag')}</button></form>`
        : html`<span class="mono">${vehicle.tagEpc ?? t(lang, 'fleet.noTag')}</span>`
    }</td>
<td>${position(ctx, positions.get(vehicle.vehicleId))}</td>
<td>${formatDateTime(vehicle.registeredAt, ctx.timeZone)}</td></tr>`,
  );
  const table =
    vehicles.length === 0
      ? html`<p class="empty">${t(lang, 'fleet.vehicles.none')}</p>`
      : html`<table class="grid" id="vehicles-table"><thead><tr><th>${t(lang, 'fleet.col.vehicle')}</th><th>${t(lang, 'fleet.col.plate')}</th><th>${t(lang, 'fleet.col.tag')}</th><th>${t(lang, 'fleet.col.position')}</th><th>${t(lang, 'fleet.col.registered')}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const form = ctx.canEdit
    ? html`<form method="post" action="/console/fleet/vehicles" class="filters" id="vehicle-form">${csrf(ctx)}
<label>${t(lang, 'fleet.vehicle.id')}<input name="vehicleId" required maxlength="64"></label>
<label>${t(lang, 'fleet.vehicle.plate')}<input name="plate" required maxlength="32"></label>
<label>${t(lang, 'fleet.vehicle.tag')}<input name="tagEpc" class="mono" size="26"></label>
<button type="submit" class="btn btn-primary">${t(lang, 'fleet.vehicle.submit')}</button></form>
<p class="muted">${t(lang, 'fleet.vehicle.add')}</p>`
    : '';
  return html`<section class="panel" id="vehicles"><h2>${t(lang, 'fleet.vehicles')}</h2>${table}${form}</section>`;
}

/** Boxes with label, home site and state; editors edit (form below) and retire. */
export function boxesSection(
  ctx: FleetViewContext,
  boxes: readonly BoxRecord[],
  sites: readonly SiteRecord[],
  editing?: BoxRecord,
): SafeHtml {
  const { lang } = ctx;
  const rows = boxes.map(
    (box) => html`<tr data-epc="${box.epc}"${box.retired ? html` class="retired"` : ''}>
<td class="mono">${box.epc}</td><td>${box.label}</td><td>${box.homeSiteId ? ctx.siteName(box.homeSiteId) : '—'}</td>
<td>${box.retired ? html`<span class="badge">${t(lang, 'fleet.box.retired')}</span>` : html`<span class="badge badge-ok">${t(lang, 'fleet.box.active')}</span>`}</td>
<td>${
      ctx.canEdit
        ? html`<a class="btn btn-quiet" href="/console/fleet?box=${encodeURIComponent(box.epc)}#box-form">${t(lang, 'fleet.box.edit')}</a>${
            box.retired
              ? ''
              : html` <form method="post" action="/console/fleet/boxes/${encodeURIComponent(box.epc)}/retire" class="inline-form">${csrf(ctx)}<button type="submit" class="btn btn-quiet">${t(lang, 'fleet.box.retire')}</button></form>`
          }`
        : ''
    }</td></tr>`,
  );
  const table =
    boxes.length === 0
      ? html`<p class="empty">${t(lang, 'fleet.boxes.none')}</p>`
      : html`<table class="grid" id="boxes-table"><thead><tr><th>${t(lang, 'fleet.col.epc')}</th><th>${t(lang, 'fleet.col.label')}</th><th>${t(lang, 'fleet.col.home')}</th><th>${t(lang, 'fleet.col.state')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
  const siteOptions = sites.map(
    (site) =>
      html`<option value="${site.siteId}"${site.siteId === editing?.homeSiteId ? html` selected` : ''}>${site.name} (${site.siteId})</option>`,
  );
  const form = ctx.canEdit
    ? html`<form method="post" action="/console/fleet/boxes" class="filters" id="box-form">${csrf(ctx)}
<label>${t(lang, 'fleet.box.epc')}<input name="epc" value="${editing?.epc ?? ''}" required class="mono" size="26"></label>
<label>${t(lang, 'fleet.box.label')}<input name="label" value="${editing?.label ?? ''}" required maxlength="100"></label>
<label>${t(lang, 'fleet.box.home')}<select name="homeSiteId"><option value="">${t(lang, 'fleet.box.noHome')}</option>${siteOptions}</select></label>
<button type="submit" class="btn btn-primary">${t(lang, 'fleet.box.submit')}</button></form>`
    : '';
  return html`<section class="panel" id="boxes"><h2>${t(lang, 'fleet.boxes')}</h2>${table}${form}</section>`;
}

/** Vaults and branches with position and geofence; editors add or change one (form below). */
export function sitesSection(
  ctx: FleetViewContext,
  sites: readonly SiteRecord[],
  editing?: SiteRecord,
): SafeHtml {
  const { lang } = ctx;
  const rows = sites.map(
    (site) => html`<tr data-site-id="${site.siteId}">
<td class="mono">${site.siteId}</td><td><strong>${site.name}</strong></td><td>${t(lang, `fleet.site.${site.kind}`)}</td>
<td class="mono">${site.position.lat.toFixed(5)}, ${site.position.lon.toFixed(5)}</td><td class="num">${site.geofenceM} m</td>
<td>${ctx.canEdit ? html`<a class="btn btn-quiet" href="/console/fleet?site=${encodeURIComponent(site.siteId)}#site-form">${t(lang, 'fleet.site.edit')}</a>` : ''}</td></tr>`,
  );
  const table =
    sites.length === 0
      ? html`<p class="empty">${t(lang, 'fleet.sites.none')}</p>`
      : html`<table class="grid" id="sites-table"><thead><tr><th>${t(lang, 'fleet.col.site')}</th><th>${t(lang, 'fleet.col.name')}</th><th>${t(lang, 'fleet.col.kind')}</th><th>${t(lang, 'fleet.col.where')}</th><th>${t(lang, 'fleet.col.geofence')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
  const kind = (value: SiteRecord['kind']) =>
    html`<option value="${value}"${editing?.kind === value ? html` selected` : ''}>${t(lang, `fleet.site.${value}`)}</option>`;
  const form = ctx.canEdit
    ? html`<form method="post" action="/console/fleet/sites" class="filters" id="site-form">${csrf(ctx)}
<label>${t(lang, 'fleet.site.id')}<input name="siteId" value="${editing?.siteId ?? ''}" required maxlength="64"></label>
<label>${t(lang, 'fleet.site.name')}<input name="name" value="${editing?.name ?? ''}" required maxlength="100"></label>
<label>${t(lang, 'fleet.site.kind')}<select name="kind">${kind('branch')}${kind('vault')}</select></label>
<label>${t(lang, 'fleet.site.lat')}<input name="lat" value="${editing ? String(editing.position.lat) : ''}" required inputmode="decimal" size="10"></label>
<label>${t(lang, 'fleet.site.lon')}<input name="lon" value="${editing ? String(editing.position.lon) : ''}" required inputmode="decimal" size="10"></label>
<label>${t(lang, 'fleet.site.geofence')}<input name="geofenceM" type="number" min="10" max="5000" value="${String(editing?.geofenceM ?? 150)}"></label>
<button type="submit" class="btn btn-primary">${t(lang, 'fleet.site.submit')}</button></form>`
    : '';
  return html`<section class="panel" id="sites"><h2>${t(lang, 'fleet.sites')}</h2>${table}${form}</section>`;
}
