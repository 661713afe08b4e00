import { describe, expect, it } from 'vitest';
import { fitProjection, project, routeMap } from '../../src/console/pages/runs-map.ts';
import { offsetM } from '../../src/rules/geo.ts';
import { ROUTE, VAULT } from '../runs/day-fixture.ts';

describe('the SVG route map', () => {
  it('fits every point inside the drawing, keeping distances equal both ways', () => {
    const points = [...ROUTE, offsetM(VAULT, 0, 3000)];
    const projection = fitProjection(points);
    for (const point of points) {
      const { x, y } = project(projection, point);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1000);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(projection.height);
    }
    // 1 km east and 1 km north are the same length on the map (within rounding).
    const origin = project(projection, VAULT);
    const east = project(projection, offsetM(VAULT, 1000, 0));
    const north = project(projection, offsetM(VAULT, 0, 1000));
    expect(Math.abs(east.x - origin.x - (origin.y - north.y))).toBeLessThan(1);
    expect(east.x).toBeGreaterThan(origin.x);
    expect(north.y).toBeLessThan(origin.y);
  });

  it('draws routes, vault and branch markers with their names, and deviating vehicles apart', () => {
    const svg = routeMap(
      {
        routes: [{ runId: 'R1', points: ROUTE }],
        sites: [
          { siteId: 'V', name: '总行金库', kind: 'vault', position: VAULT },
          { siteId: 'B1', name: '<b>支行</b>', kind: 'branch', position: offsetM(VAULT, 2000, 0) },
        ],
        vehicles: [
          { vehicleId: 'V1', label: 'V1', position: offsetM(VAULT, 500, 0), deviating: false },
          { vehicleId: 'V2', label: 'V2', position: offsetM(VAULT, 500, 900), deviating: true },
        ],
      },
      { title: '线路地图' },
    ).__html;
    expect(svg).toContain('<polyline class="route route-c0" data-run="R1"');
    expect(svg).toMatch(
      /<g class="site site-vault" data-site="V" transform="translate\([\d.]+ [\d.]+\)"><rect/,
    );
    expect(svg).toContain('<text class="site-label" x="12" y="5">总行金库</text>');
    expect(svg).toContain('&lt;b&gt;支行&lt;/b&gt;');
    expect(svg).toContain('<g class="vehicle" data-vehicle="V1"');
    expect(svg).toContain('<g class="vehicle deviating" data-vehicle="V2"');
    expect(svg).not.toContain('style=');
  });

  it('draws an empty day without failing', () => {
    expect(routeMap({ routes: [], sites: [], vehicles: [] }, { title: 'x' }).__html).toContain(
      '<svg id="route-map"',
    );
  });
});
