import { performance } from 'node:perf_hooks';

export interface TimingOptions {
  /** Passes run untimed first, so the JIT has compiled the hot paths (default 300 ms). */
  warmupMs?: number;
  /** Each timed run repeats the pass for about this long, so timer resolution does not matter (default 120 ms). */
  runMs?: number;
  /** Timed runs; the median is the figure reported, the best shows the spread (default 7). */
  runs?: number;
}

/** Milliseconds per pass of each timed run, fastest first. */
export interface PassTimes {
  sorted: number[];
  median: number;
  best: number;
}

/**
 * Times a synchronous `pass`: warm-up, then several runs of as many passes as fill `runMs`. Reports the
 * time per pass of each run, so one slow run (a GC pause, another process) shows as spread, not as result.
 */
export function timePasses(pass: () => void, options: TimingOptions = {}): PassTimes {
  const warmupMs = options.warmupMs ?? 300;
  const runMs = options.runMs ?? 120;
  const runs = options.runs ?? 7;
  let warmPasses = 0;
  const warmStart = performance.now();
  while (performance.now() - warmStart < warmupMs || warmPasses === 0) {
    pass();
    warmPasses++;
  }
  const perPassEstimate = (performance.now() - warmStart) / warmPasses;
  const passesPerRun = Math.max(1, Math.ceil(runMs / perPassEstimate));
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let i = 0; i < passesPerRun; i++) pass();
    times.push((performance.now() - start) / passesPerRun);
  }
  const sorted = times.sort((a, b) => a - b);
  return { sorted, median: median(sorted), best: sorted[0] ?? Number.NaN };
}

/** Median of numbers sorted ascending. */
export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `12 345 678`-style grouping, as the design document writes figures. */
export function grouped(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
