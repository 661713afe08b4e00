import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Logger, silentLogger, VaultlineError } from '@vaultline/shared';

/** A `dbus-daemon` of our own, so simulators and tests never touch the host's system bus. */
export interface PrivateBus {
  /** `unix:path=…,guid=…` as printed by the daemon; usable as `DBUS_SYSTEM_BUS_ADDRESS`. */
  readonly address: string;
  stop(): Promise<void>;
}

export class PrivateBusError extends VaultlineError {}

/** sockaddr_un.sun_path is 108 bytes on Linux, including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
const START_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 2_000;

/**
 * Anyone may connect, own any name (the simulator owns `org.bluez`) and talk to anyone: the socket
 * lives in a private work directory, so the open policy exposes nothing.
 */
function busConfig(socketPath: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`;
}

/**
 * Starts `dbus-daemon` with a config file written to `workDir` and resolves once it prints its
 * address. The daemon is a child of this process (`--nofork`) so `stop()` can end exactly it.
 */
export async function startPrivateBus(options: { workDir: string; logger?: Logger }): Promise<PrivateBus> {
  const logger = (options.logger ?? silentLogger).child({ component: 'sim.dbus' });
  const socketPath = join(options.workDir, 'bus.sock');
  const configPath = join(options.workDir, 'bus.conf');
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new PrivateBusError(
      'DBUS_SOCKET_PATH',
      `D-Bus socket path ${socketPath} is longer than ${MAX_SOCKET_PATH_BYTES} bytes; use a shorter work directory (e.g. under os.tmpdir())`,
    );
  }
  await rm(socketPath, { force: true });
  await writeFile(configPath, busConfig(socketPath));

  const daemon = spawn('dbus-daemon', [`--config-file=${configPath}`, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  daemon.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const address = await readAddress(daemon, () => stderr);
  logger.debug({ address, pid: daemon.pid }, 'private D-Bus daemon started');

  let stopped: Promise<void> | undefined;
  return {
    address,
    stop: () => {
      stopped ??= stopDaemon(daemon).then(async () => {
        await rm(socketPath, { force: true });
        await rm(configPath, { force: true });
        logger.debug({ address }, 'private D-Bus daemon stopped');
      });
      return stopped;
    },
  };
}

function readAddress(daemon: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: daemon.stdout! });
    const fail = (detail: string) => {
      clearTimeout(timer);
      lines.close();
      daemon.kill('SIGKILL');
      reject(
        new PrivateBusError(
          'DBUS_START',
          `could not start dbus-daemon (${detail}); check that the package "dbus" is installed and the work directory is writable. ${stderr().trim()}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`no address within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    daemon.once('error', (error) => fail(error.message));
    daemon.once('exit', (code) => fail(`exited with code ${code}`));
    lines.once('line', (line) => {
      clearTimeout(timer);
      daemon.removeAllListeners('exit');
      daemon.removeAllListeners('error');
      lines.close();
      resolve(line.trim());
    });
  });
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = once(daemon, 'exit');
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
