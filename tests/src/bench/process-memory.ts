import { readFileSync } from 'node:fs';

/** Resident memory of a process as the kernel counts it, in MB (10⁶ bytes, as DESIGN §8 states its targets). */
export interface ProcessMemory {
  /** VmRSS: resident now. */
  rssMB: number;
  /** VmHWM: the highest resident size since the process started. */
  peakMB: number;
}

/**
 * Reads `/proc/<pid>/status` (Linux). RSS is what DESIGN §8's memory figures mean: what the process
 * holds in RAM, shared libraries included, swap (none on these machines) excluded.
 */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field} line`);
    return Number(match[1]);
  };
  return { rssMB: (kib('VmRSS') * 1024) / 1e6, peakMB: (kib('VmHWM') * 1024) / 1e6 };
}

/** `183 MB peak (RSS now 160 MB)`: the peak first, since a machine must have room for it. */
export function formatMemory(memory: ProcessMemory): string {
  return `${memory.peakMB.toFixed(0)} MB peak (RSS now ${memory.rssMB.toFixed(0)} MB)`;
}
