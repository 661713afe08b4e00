import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `file` whole or not at all: the content goes to a temporary file beside it, which is then
 * renamed over `file` (atomic on POSIX file systems). Readers see the old content or the new, never
 * half; a crash leaves at most the temporary file. `mode` applies to the new file (e.g. 0o600 for secrets).
 */
export function writeFileAtomically(file: string, content: string | Uint8Array, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, content, { mode, flag: 'w' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
