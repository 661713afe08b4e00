import { VaultlineError } from '../errors.ts';

/**
 * The shared shape of our command-line tools: `main` returns an exit code, or −1 for a long-running
 * command that exits on a signal; a VaultlineError is shown as its message (it says what to do), anything
 * else with its stack; usage problems exit 2.
 */
export interface CommandLine {
  name: string;
  usage: string;
}

/** Prints the problem (if any) and the usage; returns the exit code (2 for a problem, 0 for plain help). */
export function usage(cli: CommandLine, problem?: string): number {
  if (problem) process.stderr.write(`${cli.name}: ${problem}\n\n`);
  process.stderr.write(cli.usage);
  return problem ? 2 : 0;
}

export function runCommandLine(cli: CommandLine, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      const message =
        error instanceof VaultlineError ? error.message : String((error as Error)?.stack ?? error);
      process.stderr.write(`${cli.name}: ${message}\n`);
      process.exit(1);
    },
  );
}
