import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './sim-process.ts';

/** Debian's path (ENVIRONMENT.md, MQTT); overridable for other hosts. */
const MOSQUITTO_BIN = process.env.VAULTLINE_MOSQUITTO ?? '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD_BIN = process.env.VAULTLINE_MOSQUITTO_PASSWD ?? '/usr/bin/mosquitto_passwd';
/** Safety nets, never performance assertions: a broker that has not bound its port by then is broken. */
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** A free port is released before Mosquitto binds it; another process may win that race now and then. */
const START_ATTEMPTS = 3;

export interface MosquittoOptions {
  /** Work folder for the generated config (a temp dir owned by the test). */
  dir: string;
  /** A Mosquitto password file (`mosquitto_passwd` format); clients then need a username and password. */
  passwordFile?: string;
  /** A Mosquitto ACL file (`topic`/`pattern` lines). */
  aclFile?: string;
  /** Default: true without a password file, false with one. */
  allowAnonymous?: boolean;
  /** Listen on this port (to restart a stopped broker where its clients reconnect); default: a free one. */
  port?: number;
}

export interface MosquittoInstance {
  url: string;
  port: number;
  /** Mosquitto's own log so far (stderr), for failure messages. */
  log(): string;
  /** Stops this broker process (SIGTERM, then SIGKILL); idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a private Mosquitto (`mosquitto -c <dir>/mosquitto.conf`) on 127.0.0.1 with persistence off, and
 * resolves once its port accepts connections. It never touches a system-wide Mosquitto or its config.
 */
export async function startMosquitto(options: MosquittoOptions): Promise<MosquittoInstance> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (options.port === undefined ? START_ATTEMPTS : 1); attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOn(port, options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function configText(port: number, options: MosquittoOptions): string {
  const lines = [
    `listener ${port} 127.0.0.1`,
    'persistence false',
    // As production should: without it each small ack waits behind Nagle for the peer's delayed ACK
    // (≈ 40 ms per round trip on Linux), which paces a catch-up to a crawl.
    'set_tcp_nodelay true',
    // The default queue of 1 000 messages per client overflows at the centre when many gateways catch up
    // at once; Mosquitto then drops the excess (events come again, a dropped status does not).
    'max_queued_messages 100000',
    `allow_anonymous ${options.allowAnonymous ?? options.passwordFile === undefined}`,
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
  ];
  // As root, Mosquitto would switch to the `mosquitto` user, who cannot read files in a 0700 temp dir.
  if (process.getuid?.() === 0) lines.push('user root');
  if (options.passwordFile) lines.push(`password_file ${options.passwordFile}`);
  if (options.aclFile) lines.push(`acl_file ${options.aclFile}`);
  return `${lines.join('\n')}\n`;
}

async function startOn(port: number, options: MosquittoOptions): Promise<MosquittoInstance> {
  const configFile = join(options.dir, `mosquitto-${port}.conf`);
  writeFileSync(configFile, configText(port, options));
  const child = spawn(MOSQUITTO_BIN, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopChild(child);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      process.off('exit', killOnExit);
      throw new Error(
        `mosquitto exited (${child.exitCode ?? child.signalCode}) on port ${port}: ${stderr.trim()}`,
      );
    }
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `mosquitto did not listen on port ${port} within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url: `mqtt://127.0.0.1:${port}`, port, log: () => stderr, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Adds (or creates `file` with) a user, through Mosquitto's own `mosquitto_passwd -b`. */
export function mosquittoPasswd(
  file: string,
  username: string,
  password: string,
  create = false,
): Promise<void> {
  const args = create ? ['-c', '-b', file, username, password] : ['-b', file, username, password];
  return new Promise((resolve, reject) => {
    execFile(MOSQUITTO_PASSWD_BIN, args, (error, _stdout, stderr) => {
      if (error)
        reject(new Error(`mosquitto_passwd failed for ${username}: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}
