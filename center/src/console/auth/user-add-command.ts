import { readFileSync } from 'node:fs';
import type { CentreStore } from '../../store/open-store.ts';
import { isConsoleRole } from '../permissions.ts';
import { hashPassword } from './password-hash.ts';

export interface UserAddInput {
  username: string;
  displayName: string;
  role: string;
  /** File holding the password (first line); absent: the password comes from `readPassword`. */
  passwordFile?: string;
  /** Who runs the command, for the audit trail (`cli:<os user>`). */
  actor: string;
}

/**
 * `vaultline-center user add`: creates a console user with an argon2id hash of the password, read from
 * a file or standard input (never from the command line, where `ps` and shell history would keep it).
 * Returns the exit code; problems go to `err` and nothing is stored.
 */
export async function userAddCommand(
  store: Pick<CentreStore, 'consoleUsers' | 'audit'>,
  input: UserAddInput,
  io: { out(text: string): void; err(text: string): void; readPassword(): Promise<string> },
): Promise<number> {
  if (!isConsoleRole(input.role)) {
    io.err(`role "${input.role}" is not a console role: use admin, dispatcher, duty-officer or auditor`);
    return 2;
  }
  let password: string;
  try {
    password = input.passwordFile
      ? firstLine(readFileSync(input.passwordFile, 'utf8'))
      : await io.readPassword();
  } catch (error) {
    io.err(`cannot read the password: ${(error as Error).message}`);
    return 1;
  }
  try {
    const passwordHash = await hashPassword(password);
    store.consoleUsers.create({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      passwordHash,
    });
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  store.audit.append({
    at: Date.now(),
    actor: input.actor,
    action: 'console.user.add',
    target: `user:${input.username}`,
    detail: { role: input.role },
  });
  io.out(`console user ${input.username} (${input.displayName}, ${input.role}) created`);
  return 0;
}

/** The first line, without its line ending (a file written by `echo` ends with a newline). */
export function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}

/**
 * The password from standard input: typed at a terminal without echo, or the first line of a pipe
 * (`printf '%s\n' "$PW" | vaultline-center user add …`).
 */
export async function readPasswordFromStdin(prompt: (text: string) => void): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
    return firstLine(Buffer.concat(chunks).toString('utf8'));
  }
  prompt('password (not shown): ');
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      prompt('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
