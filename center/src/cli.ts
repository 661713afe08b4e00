import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCommandLine, usage } from '@vaultline/shared/cli/command-line';
import { publicKeyFromRaw } from '@vaultline/shared/crypto/keys';
import { registerGatewayCredentials, registerVehicle } from './broker/credentials.ts';
import { writeMosquittoFiles } from './broker/mosquitto-config.ts';
import { startCenterApp } from './center-app.ts';
import { loadCenterConfig } from './config/center-config.ts';
import { openCentreStore } from './store/open-store.ts';

const USAGE = `vaultline-center — the monitoring centre

  vaultline-center run --config <center.json>
      Runs the centre: broker (embedded unless configured), verified ingest, alarms, runs, HTTP API.

  vaultline-center gateway add --config <center.json> --id <gatewayId> --site <siteId> --public-key <raw>
      Registers a gateway with its signing public key (printed by \`vaultline-gateway init\`) and prints its
      broker password once.

  vaultline-center vehicle add --config <center.json> --id <vehicleId> --plate <plate>
      Registers a vehicle unit and prints its broker password once.

  vaultline-center token create --config <center.json> --name <who> --role <admin|dispatcher|duty-officer|auditor>
      Creates an API token bound to a role and prints it once.

  vaultline-center broker-config --config <center.json> --out <dir>
      Writes Mosquitto password_file and acl_file for every registered gateway and vehicle, so each may
      publish only its own topics (use with the production broker).

  vaultline-center plan load <day-plan.json> --config <center.json>
      Stores a version of a day's dispatch plan ({date, version, runs}); a running centre tracks today's
      plan within seconds.
`;
const CLI = { name: 'vaultline-center', usage: USAGE };
const out = (text: string) => process.stdout.write(`${text}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      id: { type: 'string' },
      site: { type: 'string' },
      'public-key': { type: 'string' },
      plate: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!command || command === 'help') return usage(CLI);
  if (!values.config) return usage(CLI, `${command} needs --config <center.json>`);
  const config = loadCenterConfig(values.config);
  if (command === 'run') {
    const app = await startCenterApp(config);
    const shutdown = async () => {
      await app.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    out(`centre running: broker ${app.brokerUrl}, API ${app.apiUrl}/api/v1`);
    return -1;
  }
  const store = openCentreStore(join(config.dataDir, 'center.db'));
  try {
    const [sub, file] = positionals;
    if (command === 'gateway' && sub === 'add') {
      const { id, site } = values;
      const key = values['public-key'];
      if (!id || !site || !key) return usage(CLI, 'gateway add needs --id, --site and --public-key');
      publicKeyFromRaw(key, 'ed25519');
      store.gateways.register({ gatewayId: id, siteId: site, publicKey: key });
      out(`gateway ${id} registered for site ${site}`);
      out(`broker user: ${id}`);
      out(`broker password (shown once, give it to the gateway): ${registerGatewayCredentials(store, id)}`);
      return 0;
    }
    if (command === 'vehicle' && sub === 'add') {
      if (!values.id || !values.plate) return usage(CLI, 'vehicle add needs --id and --plate');
      const password = registerVehicle(store, { vehicleId: values.id, plate: values.plate });
      out(`vehicle ${values.id} registered; broker password (shown once): ${password}`);
      return 0;
    }
    if (command === 'token' && sub === 'create') {
      const role = values.role as 'admin' | 'dispatcher' | 'duty-officer' | 'auditor';
      if (!values.name || !['admin', 'dispatcher', 'duty-officer', 'auditor'].includes(role)) {
        return usage(CLI, 'token create needs --name and --role admin|dispatcher|duty-officer|auditor');
      }
      const { secret } = store.tokens.create({ name: values.name, role });
      out(`API token for ${values.name} (${role}), shown once: ${secret}`);
      return 0;
    }
    if (command === 'broker-config') {
      if (!values.out) return usage(CLI, 'broker-config needs --out <dir>');
      const passwordFile = config.broker.passwordFile ?? join(config.dataDir, 'broker-centre-password');
      const files = writeMosquittoFiles(store, resolve(values.out), {
        username: config.broker.username,
        password: readFileSync(passwordFile, 'utf8').trim(),
      });
      out(`password_file ${files.passwordFile}\nacl_file ${files.aclFile}`);
      return 0;
    }
    if (command === 'plan' && sub === 'load' && file) {
      const plan = JSON.parse(readFileSync(file, 'utf8')) as {
        date: string;
        version: number;
        runs: unknown[];
      };
      store.plans.save(plan.date, plan.version, plan);
      out(`plan of ${plan.date} version ${plan.version} stored (${plan.runs.length} runs)`);
      return 0;
    }
    return usage(CLI, `unknown command "${[command, sub].filter(Boolean).join(' ')}"`);
  } finally {
    store.close();
  }
}

runCommandLine(CLI, main);
