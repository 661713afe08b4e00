import { randomBytes } from 'node:crypto';
import { userAddCommand } from '@vaultline/center/console/auth/user-add-command';
import type { DemoCentre } from './demo-centre.ts';

/** One console user of the demo, with the password generated for it (printed once, never stored). */
export interface ConsoleLogin {
  username: string;
  displayName: string;
  role: 'admin' | 'dispatcher' | 'duty-officer' | 'auditor';
  password: string;
}

const USERS: Array<Omit<ConsoleLogin, 'password'>> = [
  { username: 'admin', displayName: '系统管理员 Admin', role: 'admin' },
  { username: 'dispatcher', displayName: '调度员 王芳 Wang Fang', role: 'dispatcher' },
  { username: 'duty', displayName: '值班员 李明 Li Ming', role: 'duty-officer' },
  { username: 'auditor', displayName: '审计员 周杰 Zhou Jie', role: 'auditor' },
];

/** 16 characters from 96 random bits: above the console's 12-character minimum. */
function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** One console user per role, created as `vaultline-center user add` creates them (argon2id hash). */
export async function createConsoleLogins(centre: DemoCentre): Promise<ConsoleLogin[]> {
  const logins: ConsoleLogin[] = [];
  for (const user of USERS) {
    const password = generatePassword();
    const problems: string[] = [];
    const code = await userAddCommand(
      centre.app.store,
      { ...user, actor: 'demo' },
      { out: () => undefined, err: (text) => problems.push(text), readPassword: async () => password },
    );
    if (code !== 0) throw new Error(`console user ${user.username} was not created: ${problems.join('; ')}`);
    logins.push({ ...user, password });
  }
  return logins;
}
