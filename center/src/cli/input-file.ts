import { readFileSync } from 'node:fs';
import { VaultlineError } from '@vaultline/shared';

/** A file the command line was pointed at that cannot be read as what it should be. */
export class CommandInputError extends VaultlineError {
  constructor(file: string, detail: string, options?: { cause?: unknown }) {
    super('COMMAND_INPUT', `${file}: ${detail}`, options);
  }
}

/** The text of a file named on the command line, or a `CommandInputError` naming it. */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandInputError(file, `cannot be read (${(error as Error).message})`, { cause: error });
  }
}

/** A JSON file named on the command line, parsed, or a `CommandInputError` naming it. */
export function readInputJson(file: string): unknown {
  const text = readInputFile(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CommandInputError(file, `is not JSON (${(error as Error).message})`, { cause: error });
  }
}
