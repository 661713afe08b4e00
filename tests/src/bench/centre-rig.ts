import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayView } from '@vaultline/center/api/api-schemas';
import { registerGatewayCredentials } from '@vaultline/center/broker/credentials';
import { type MosquittoFiles, writeMosquittoFiles } from '@vaultline/center/broker/mosquitto-config';
import { generateBrokerPassword, mosquittoHash, scryptHash } from '@vaultline/center/broker/password-hash';
import { openCentreStore } from '@vaultline/center/store/open-store';
import { writeSecretFile } from '@vaultline/shared/crypto/secret-file';
import { type MosquittoInstance, startMosquitto } from '../harness/mosquitto.ts';
import { freePort } from '../harness/sim-process.ts';
import { waitFor } from '../harness/wait-for.ts';
import { CentreApiClient } from '../system/centre-api-client.ts';
import { type ProcessMemory, processMemory } from './process-memory.ts';

const CENTRE_CLI = fileURLToPath(new URL('../../../center/bin/vaultline-center.js', import.meta.url));
/** Safety net for loading the sources through tsx and opening the store; never a measured figure. */
const START_TIMEOUT_MS = 60_000;
const CENTRE_USER = 'centre';
const READY_LINE = /^centre running: broker (\S+), API (\S+)\/api\/v1$/m;

export interface RigGateway {
  gatewayId: string;
  siteId: string;
  /** Raw Ed25519 public key, as `vaultline-center gateway add --public-key` takes it. */
  publicKey: string;
}

export interface CentreRigOptions {
  gateways: readonly RigGateway[];
  /** `mosquitto`: a real Mosquitto with the files of `broker-config`; `embedded`: the centre's own aedes. */
  broker: 'mosquitto' | 'embedded';
}

export interface CentreRig {
  readonly brokerUrl: string;
  /** `http://…` of the centre's API (without `/api/v1`). */
  readonly apiUrl: string;
  /** An auditor's API token (reads everything, acts on nothing). */
  readonly token: string;
  /** The broker password the centre issued to a gateway. */
  password(gatewayId: string): string;
  /** A 0600 file holding that password (what a gateway config's `centre.passwordFile` names). */
  passwordFile(gatewayId: string): string;
  /** `GET /api/v1/gateways`: online, last stored seq, tampered, per registered gateway. */
  gateways(): Promise<GatewayView[]>;
  memory(): ProcessMemory;
  /** Mosquitto's log so far (notices, warnings, errors); empty for the embedded broker. */
  brokerLog(): string;
  stop(): Promise<void>;
}

/**
 * The centre as an operator runs it: its store provisioned as `gateway add`, `token create` and
 * `broker-config` would leave it, then `vaultline-center run` in its own process (so its RSS is its own),
 * behind Mosquitto or its embedded broker.
 */
export async function startCentreRig(options: CentreRigOptions): Promise<CentreRig> {
  const dir = mkdtempSync(join(tmpdir(), 'vl-bench-centre-'));
  let mosquitto: MosquittoInstance | undefined;
  let child: ChildProcess | undefined;
  try {
    const centrePasswordFile = join(dir, 'centre-broker-password');
    const centrePassword = generateBrokerPassword();
    writeSecretFile(centrePasswordFile, centrePassword);
    const centreUser = { username: CENTRE_USER, password: centrePassword };
    const { passwords, token, brokerFiles } = provision(dir, options, centreUser);
    let broker: Record<string, unknown> = { host: '127.0.0.1', port: await freePort() };
    if (brokerFiles) {
      mosquitto = await startMosquitto({ dir: join(dir, 'broker'), ...brokerFiles });
      broker = { url: mosquitto.url };
    }
    const configFile = join(dir, 'center.json');
    const config = {
      dataDir: 'data',
      broker: { ...broker, username: CENTRE_USER, passwordFile: centrePasswordFile },
      http: { host: '127.0.0.1', port: 0 },
      logLevel: 'warn',
    };
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const started = spawn(process.execPath, [CENTRE_CLI, 'run', '--config', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    // A benchmark that dies (an uncaught error) must not leave a centre running behind it.
    const killOnExit = () => started.kill('SIGKILL');
    process.once('exit', killOnExit);
    started.once('exit', () => process.off('exit', killOnExit));
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const ready = await waitFor(
      () => {
        if (started.exitCode !== null) throw new Error(`vaultline-center exited: ${output.trim()}`);
        return READY_LINE.exec(output) ?? undefined;
      },
      'vaultline-center run to report "centre running"',
      START_TIMEOUT_MS,
    );
    const [, brokerUrl = '', apiUrl = ''] = ready;
    const secretFiles = new Map<string, string>();
    const runningBroker = mosquitto;
    const api = new CentreApiClient(() => apiUrl, token);
    return {
      brokerUrl,
      apiUrl,
      token,
      password: (gatewayId) => passwords.get(gatewayId) ?? '',
      passwordFile: (gatewayId) => {
        const known = secretFiles.get(gatewayId);
        if (known) return known;
        const file = join(dir, `${gatewayId}.broker-password`);
        writeSecretFile(file, passwords.get(gatewayId) ?? '');
        secretFiles.set(gatewayId, file);
        return file;
      },
      gateways: () => api.gateways(),
      memory: () => processMemory(started.pid ?? 0),
      brokerLog: () => runningBroker?.log() ?? '',
      stop: async () => {
        await stopChild(started);
        await runningBroker?.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopChild(child);
    await mosquitto?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Registers every gateway with its key and broker password (`gateway add`), creates the API token and,
 * for Mosquitto, writes its password and ACL files (`broker-config`). Mosquitto checks only the `$7$`
 * (PBKDF2) entry of a credential, while the embedded broker's scrypt hash costs 30–40 ms per gateway
 * (half a minute for a thousand): a Mosquitto rig stores the `$7$` entry it needs and, in the scrypt
 * column, the hash of a secret nobody holds.
 */
function provision(
  dir: string,
  options: CentreRigOptions,
  centreUser: { username: string; password: string },
): { passwords: Map<string, string>; token: string; brokerFiles?: MosquittoFiles } {
  const store = openCentreStore(join(dir, 'data', 'center.db'));
  try {
    const passwords = new Map<string, string>();
    const unusable = options.broker === 'mosquitto' ? scryptHash(generateBrokerPassword()) : undefined;
    store.transaction(() => {
      for (const gateway of options.gateways) {
        store.gateways.register(gateway);
        if (unusable === undefined) {
          passwords.set(gateway.gatewayId, registerGatewayCredentials(store, gateway.gatewayId));
          continue;
        }
        const password = generateBrokerPassword();
        passwords.set(gateway.gatewayId, password);
        store.gatewayCredentials.set(gateway.gatewayId, {
          passwordHash: unusable,
          mosquittoHash: mosquittoHash(password),
        });
      }
    });
    const { secret } = store.tokens.create({ name: 'benchmark', role: 'auditor' });
    if (options.broker === 'embedded') return { passwords, token: secret };
    const brokerDir = join(dir, 'broker');
    mkdirSync(brokerDir, { mode: 0o700 });
    return { passwords, token: secret, brokerFiles: writeMosquittoFiles(store, brokerDir, centreUser) };
  } finally {
    store.close();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
