import { VaultlineError } from '@vaultline/shared';
import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { type LocalProjection, segmentDistance2 } from './geo.ts';

/** More than the plan schema's 10 000 route points, so a segment index fits below it. */
const SEGMENT_SPAN = 16_384;

/**
 * A planned route prepared for "is this fix within d metres of the route?" at 100 000 fixes/s
 * (DESIGN §8). The polyline is projected once; every segment is registered in the cells of a uniform grid
 * that it passes through, and the occupied cells are kept as sorted keys (compact: a route occupies about
 * length / cell cells, whatever its bounding box). A query looks only at the cells within d of the fix, so
 * a 2 000-point route costs a few segments per fix, and a fix outside the route's grid costs nothing.
 */
export class RouteIndex {
  /** Segment i runs from point i to point i + 1; a one-point route is one zero-length segment. */
  readonly segmentCount: number;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cols: number;
  private readonly rows: number;
  /** Occupied cells (column × rows + row), ascending; the segments of keys[k] are segs[starts[k]…starts[k+1]). */
  private readonly keys: Float64Array;
  private readonly starts: Int32Array;
  private readonly segs: Int32Array;

  constructor(
    route: readonly GeoPoint[],
    projection: LocalProjection,
    private readonly cellM = 500,
  ) {
    const n = route.length;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = projection.x(route[i]!.lon);
      const y = projection.y(route[i]!.lat);
      this.xs[i] = x;
      this.ys[i] = y;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    this.segmentCount = n === 0 ? 0 : Math.max(1, n - 1);
    this.minX = n === 0 ? 0 : minX;
    this.minY = n === 0 ? 0 : minY;
    this.cols = n === 0 ? 0 : this.cell(maxX, minX) + 1;
    this.rows = n === 0 ? 0 : this.cell(maxY, minY) + 1;
    if (this.segmentCount > SEGMENT_SPAN) {
      throw new VaultlineError(
        'ROUTE_TOO_LONG',
        `a route of ${n} points cannot be indexed (at most ${SEGMENT_SPAN}); the plan schema allows 10 000: validate the plan`,
      );
    }
    // Each (cell, segment) pair as one number, cell × SEGMENT_SPAN + segment, so one numeric sort of a
    // typed array groups the segments by cell with no comparator or tuple per pair.
    const pairs: number[] = [];
    for (let seg = 0; seg < this.segmentCount; seg++) this.registerSegment(seg, pairs);
    const sorted = Float64Array.from(pairs).sort();
    const keys: number[] = [];
    const starts: number[] = [];
    this.segs = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const key = Math.floor(sorted[i]! / SEGMENT_SPAN);
      this.segs[i] = sorted[i]! - key * SEGMENT_SPAN;
      if (keys[keys.length - 1] !== key) {
        keys.push(key);
        starts.push(i);
      }
    }
    starts.push(sorted.length);
    this.keys = Float64Array.from(keys);
    this.starts = Int32Array.from(starts);
  }

  /**
   * A segment within `limitM` of (x, y), or −1 when none is. The `hint` segment (the answer for the
   * vehicle's previous fix) and the one after it are tried first: a vehicle on its route stays near them.
   */
  segmentWithin(x: number, y: number, limitM: number, hint = -1): number {
    const limit2 = limitM * limitM;
    if (hint >= 0 && hint < this.segmentCount) {
      if (this.distance2(hint, x, y) <= limit2) return hint;
      if (hint + 1 < this.segmentCount && this.distance2(hint + 1, x, y) <= limit2) return hint + 1;
    }
    const c0 = Math.max(0, this.cell(x - limitM, this.minX));
    const c1 = Math.min(this.cols - 1, this.cell(x + limitM, this.minX));
    const r0 = Math.max(0, this.cell(y - limitM, this.minY));
    const r1 = Math.min(this.rows - 1, this.cell(y + limitM, this.minY));
    for (let c = c0; c <= c1 && r0 <= r1; c++) {
      const last = c * this.rows + r1;
      for (let k = this.lowerBound(c * this.rows + r0); k < this.keys.length && this.keys[k]! <= last; k++) {
        for (let i = this.starts[k]!; i < this.starts[k + 1]!; i++) {
          const s = this.segs[i]!;
          if (this.distance2(s, x, y) <= limit2) return s;
        }
      }
    }
    return -1;
  }

  /** Exact distance in metres from (x, y) to the route (Infinity for an empty route). O(segments): for details, not per fix. */
  distanceM(x: number, y: number): number {
    let best = Number.POSITIVE_INFINITY;
    for (let s = 0; s < this.segmentCount; s++) best = Math.min(best, this.distance2(s, x, y));
    return Math.sqrt(best);
  }

  private distance2(s: number, x: number, y: number): number {
    const b = Math.min(s + 1, this.xs.length - 1);
    return segmentDistance2(x, y, this.xs[s]!, this.ys[s]!, this.xs[b]!, this.ys[b]!);
  }

  private cell(v: number, min: number): number {
    return Math.floor((v - min) / this.cellM);
  }

  private lowerBound(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds (cell, s) for every cell the segment passes through: per grid column, the rows its slab spans. */
  private registerSegment(s: number, out: number[]): void {
    const b = Math.min(s + 1, this.xs.length - 1);
    const ax = this.xs[s]!;
    const ay = this.ys[s]!;
    const bx = this.xs[b]!;
    const by = this.ys[b]!;
    const slope = bx === ax ? 0 : (by - ay) / (bx - ax);
    const x0 = Math.min(ax, bx);
    const x1 = Math.max(ax, bx);
    const lastCol = Math.min(this.cols - 1, this.cell(x1, this.minX));
    for (let c = Math.max(0, this.cell(x0, this.minX)); c <= lastCol; c++) {
      let ya = Math.min(ay, by);
      let yb = Math.max(ay, by);
      if (bx !== ax) {
        const yStart = ay + (Math.max(x0, this.minX + c * this.cellM) - ax) * slope;
        const yEnd = ay + (Math.min(x1, this.minX + (c + 1) * this.cellM) - ax) * slope;
        ya = Math.min(yStart, yEnd);
        yb = Math.max(yStart, yEnd);
      }
      const lastRow = Math.min(this.rows - 1, this.cell(yb, this.minY));
      for (let r = Math.max(0, this.cell(ya, this.minY)); r <= lastRow; r++) {
        out.push((c * this.rows + r) * SEGMENT_SPAN + s);
      }
    }
  }
}
