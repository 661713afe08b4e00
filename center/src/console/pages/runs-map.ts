import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { html, type SafeHtml } from '../html.ts';

/** What the map draws: planned routes, sites, and the vehicles where they last were. */
export interface MapInput {
  routes: { runId: string; points: GeoPoint[] }[];
  sites: { siteId: string; name: string; kind: 'vault' | 'branch'; position: GeoPoint }[];
  vehicles: { vehicleId: string; label: string; position: GeoPoint; deviating: boolean }[];
}

/** Map width in SVG units; the height follows the area's shape. */
const WIDTH = 1000;
const MARGIN = 40;
const MIN_HEIGHT = 300;
const MAX_HEIGHT = 800;
/** Room a site's name needs to the right of its marker, SVG units. */
const LABEL_ROOM = 170;
/** A bounding box of at least ~1 km, so one site alone does not fill the map. */
const MIN_SPAN_DEG = 0.01;

/**
 * An equirectangular projection fitted to the points: longitude scaled by cos(latitude), which is exact
 * enough over a city (a few tens of km) and needs no tile server. The client moves vehicles with the same
 * numbers (`data-*` on the SVG).
 */
export interface Projection {
  minLon: number;
  maxLat: number;
  /** SVG units per degree of longitude / latitude. */
  kx: number;
  ky: number;
  height: number;
}

export function fitProjection(points: readonly GeoPoint[]): Projection {
  if (points.length === 0) return { minLon: 0, maxLat: 0, kx: 1, ky: 1, height: MIN_HEIGHT };
  let minLat = Number.POSITIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  let minLon = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
  }
  const midLat = (minLat + maxLat) / 2;
  const cos = Math.cos((midLat * Math.PI) / 180);
  // Pad to the minimum span around the middle.
  const lonSpan = Math.max(maxLon - minLon, MIN_SPAN_DEG / Math.max(cos, 0.1));
  const latSpan = Math.max(maxLat - minLat, MIN_SPAN_DEG);
  const midLon = (minLon + maxLon) / 2;
  const inner = WIDTH - 2 * MARGIN;
  const kx = inner / lonSpan;
  const ky = kx / Math.max(cos, 0.1);
  const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, latSpan * ky + 2 * MARGIN));
  // Keep the scale when the height is capped: fit both ways.
  const scale = Math.min(1, (height - 2 * MARGIN) / (latSpan * ky));
  const sx = kx * scale;
  const sy = ky * scale;
  return {
    minLon: midLon - WIDTH / 2 / sx,
    maxLat: (minLat + maxLat) / 2 + height / 2 / sy,
    kx: sx,
    ky: sy,
    height,
  };
}

export function project(projection: Projection, point: GeoPoint): { x: number; y: number } {
  return {
    x: round((point.lon - projection.minLon) * projection.kx),
    y: round((projection.maxLat - point.lat) * projection.ky),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The inline SVG map. Colours come from classes (console.css), so the page's CSP needs no inline style. */
export function routeMap(input: MapInput, labels: { title: string }): SafeHtml {
  const all = [
    ...input.routes.flatMap((route) => route.points),
    ...input.sites.map((site) => site.position),
    ...input.vehicles.map((vehicle) => vehicle.position),
  ];
  const projection = fitProjection(all);
  const at = (p: GeoPoint) => project(projection, p);
  const routes = input.routes
    .filter((route) => route.points.length >= 2)
    .map((route, i) => {
      const points = route.points.map((p) => {
        const { x, y } = at(p);
        return `${x},${y}`;
      });
      return html`<polyline class="route route-c${i % 6}" data-run="${route.runId}" points="${points.join(' ')}"><title>${route.runId}</title></polyline>`;
    });
  const sites = input.sites.map((site) => {
    const { x, y } = at(site.position);
    const marker =
      site.kind === 'vault'
        ? html`<rect class="site-marker" x="-9" y="-9" width="18" height="18"></rect>`
        : html`<circle class="site-marker" r="8"></circle>`;
    // Near the right edge the name goes to the left of its marker, so it is never cut off.
    const label =
      x > WIDTH - LABEL_ROOM
        ? html`<text class="site-label" x="-12" y="5" text-anchor="end">${site.name}</text>`
        : html`<text class="site-label" x="12" y="5">${site.name}</text>`;
    return html`<g class="site site-${site.kind}" data-site="${site.siteId}" transform="translate(${x} ${y})">${marker}${label}</g>`;
  });
  const vehicles = input.vehicles.map((vehicle) => {
    const { x, y } = at(vehicle.position);
    return html`<g class="vehicle${vehicle.deviating ? ' deviating' : ''}" data-vehicle="${vehicle.vehicleId}" transform="translate(${x} ${y})"><circle class="vehicle-halo" r="16"></circle><path class="vehicle-marker" d="M0,-11 L9,8 L0,3 L-9,8 Z"></path><text class="vehicle-label" x="14" y="-10">${vehicle.label}</text></g>`;
  });
  return html`<svg id="route-map" class="route-map" viewBox="0 0 ${WIDTH} ${round(projection.height)}" role="img" aria-label="${labels.title}" data-min-lon="${projection.minLon}" data-max-lat="${projection.maxLat}" data-kx="${projection.kx}" data-ky="${projection.ky}">
<rect class="map-bg" x="0" y="0" width="${WIDTH}" height="${round(projection.height)}"></rect>
<g class="routes">${routes}</g>
<g class="sites">${sites}</g>
<g class="vehicles" id="map-vehicles">${vehicles}</g>
</svg>`;
}
