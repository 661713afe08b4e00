import { cpus, platform, release, totalmem } from 'node:os';

/** One row of a benchmark table (the bench reports figures against targets; it never asserts). */
export interface BenchRow {
  benchmark: string;
  result: string;
  target?: string;
  verdict?: 'pass' | 'FAIL' | 'info';
  note?: string;
}

export function printTable(title: string, rows: BenchRow[]): void {
  printGrid(
    title,
    ['benchmark', 'result', 'target', 'verdict', 'note'],
    rows.map((r) => [r.benchmark, r.result, r.target ?? '', r.verdict ?? 'info', r.note ?? '']),
  );
}

/** A Markdown table under a `###` title, columns padded so it also reads well in a terminal. */
export function printGrid(
  title: string,
  header: readonly string[],
  cells: readonly (readonly string[])[],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    `| ${header.map((_, i) => (values[i] ?? '').padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const separator = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  process.stdout.write(`\n### ${title}\n\n${[line(header), separator, ...cells.map(line)].join('\n')}\n`);
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${platform()} ${release()}`;
}
