import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCommandLine, usage } from '@vaultline/shared/cli/command-line';
import { backupCommand, restoreCommand } from './backup/backup-cli.ts';
import { writeMosquittoFiles } from './broker/mosquitto-config.ts';
import { startCenterApp } from './center-app.ts';
import { loadCenterConfig } from './config/center-config.ts';
import { readPasswordFromStdin, userAddCommand } from './console/auth/user-add-command.ts';
import { resumeIngestCommand } from './ingest/resume-ingest-command.ts';
import { keysCommand } from './keys/keys-command.ts';
import { personnelImportCommand, personnelSealCommand } from './personnel/personnel-commands.ts';
import { planImportCommand } from './plans/plan-import-command.ts';
import { gatewayAddCommand } from './provisioning/gateway-add-command.ts';
import { boxAddCommand, siteAddCommand, vehicleAddCommand } from './registry/registry-commands.ts';
import { openCentreStore } from './store/open-store.ts';

const USAGE = `vaultline-center — the monitoring centre

  vaultline-center run --config <center.json>
      Runs the centre: broker (embedded unless configured), verified ingest, alarms, runs, HTTP API.

  vaultline-center keys --config <center.json>
      Prints the centre's public keys and their files: the plan-signing key (gateways) and the encryption
      key (escort companies seal personnel files to it).

  vaultline-center site add --config <center.json> --id <siteId> --name <name> --kind vault|branch --lat <deg> --lon <deg> [--geofence 150]
      Adds (or updates) a vault or branch; --geofence is the radius in metres of "at the stop".

  vaultline-center box add --config <center.json> --epc <EPC> --label <label> [--site <siteId>]
      Registers a cash box by the EPC of its tag (uppercase hex), optionally with its home site.

  vaultline-center gateway add --config <center.json> --id <gatewayId> --site <siteId> --public-key <raw>
                               --encryption-key <gateway-encryption-public.pem> [--broker-url mqtt://host:port] [--out <dir>]
      Provisions a gateway of a registered site: registers its signing key (printed by
      \`vaultline-gateway init\`) and encryption key file, issues its broker password, and writes into <dir>
      (mode 0700) provisioning.json (mode 0600, with the password) and the centre's two public keys, for
      \`vaultline-gateway provision\`. Without --out the password is printed once. --broker-url: where
      the gateway reaches the broker (default: the configured or embedded broker's address).

  vaultline-center gateway resume-ingest --config <center.json> --id <gatewayId> --reason <text>
      After RECORD_TAMPERED stopped a gateway's ingest and its alarm was acknowledged: resumes ingest from
      the centre's last verified event (the gateway is asked to send again from there; records that still
      do not link raise RECORD_TAMPERED again), resolving the alarm with the reason (at least 10
      characters). Audited. A re-provisioned gateway (new keys) is \`gateway add\` instead.

  vaultline-center vehicle add --config <center.json> --id <vehicleId> --plate <plate> [--tag <EPC>]
      Registers a vehicle unit (with the EPC of its UHF tag) and prints its broker password once.

  vaultline-center personnel seal --centre-key <centre-encryption-public.pem> --in <people.json> --out <file.jwe>
      What an escort company runs (no centre config needed): checks people.json — {v: 1, company, issuedAt,
      people: [{personId, name, employeeNo, role, siteId?, photoJpeg (base64), templates: [base64]}]} —
      and seals it to the centre's encryption key (JWE).

  vaultline-center personnel import <file.jwe> --config <center.json>
      Opens a sealed personnel file with the centre's key, checks it against the registries and stores
      people, photos and templates (sealed at rest) in one step, or nothing and says why (exit 1).

  vaultline-center token create --config <center.json> --name <who> --role <admin|dispatcher|duty-officer|auditor>
      Creates an API token bound to a role and prints it once.

  vaultline-center user add --config <center.json> --username <name> --name <display name> --role <admin|dispatcher|duty-officer|auditor> [--password-file <f>]
      Creates a console user (argon2id password hash). The password (at least 12 characters) is read from
      the first line of --password-file, or from standard input (typed without echo, or piped).

  vaultline-center broker-config --config <center.json> --out <dir>
      Writes Mosquitto password_file and acl_file for every registered gateway and vehicle, so each may
      publish only its own topics (use with the production broker).

  vaultline-center plan import <plan.json|plan.csv> --config <center.json> [--date <YYYY-MM-DD>]
      Validates a day's dispatch plan and stores it as the day's next version, or prints every problem
      (path, or line and column of the CSV) and stores nothing (exit 1). JSON: {date, runs: [{runId,
      vehicleId, crew, stops: [{siteId, kind, windowStart, windowEnd, boxes}], route?}]}. CSV: one row per
      stop, header run_id,vehicle_id,crew,stop_seq,site_id,kind,window_start,window_end,boxes (crew and
      boxes separated by |); --date sets the day (default: the day of the first window_start). A running
      centre publishes today's plan to the gateways within seconds.

  vaultline-center backup --config <center.json> [--out <dir>]
      Backs up the centre database now (SQLite online backup: safe while the centre runs) into the
      configured backup folder, or into <dir>. Keep the keys folder too, separately and securely.

  vaultline-center restore <backup.db> --config <center.json>
      Puts a backup in place of the centre database (the centre must be stopped); the current database
      is kept aside as center.db.before-restore-<time>. Prints what to check (the keys folder).
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
      date: { type: 'string' },
      username: { type: 'string' },
      'password-file': { type: 'string' },
      'centre-key': { type: 'string' },
      in: { type: 'string' },
      kind: { type: 'string' },
      lat: { type: 'string' },
      lon: { type: 'string' },
      geofence: { type: 'string' },
      epc: { type: 'string' },
      label: { type: 'string' },
      tag: { type: 'string' },
      'encryption-key': { type: 'string' },
      'broker-url': { type: 'string' },
      reason: { type: 'string' },
    },
  });
  if (!command || command === 'help') return usage(CLI);
  if (command === 'personnel' && positionals[0] === 'seal') {
    const { in: inFile, out: outFile } = values;
    const centreKeyFile = values['centre-key'];
    if (!centreKeyFile || !inFile || !outFile) {
      return usage(CLI, 'personnel seal needs --centre-key <centre-encryption-public.pem>, --in and --out');
    }
    return personnelSealCommand({ centreKeyFile, inFile, outFile }, out);
  }
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
  // Before the store opens: a restore must find the database closed, and a backup only reads it.
  if (command === 'backup') return backupCommand(config, values.out, out);
  if (command === 'restore') {
    if (!positionals[0]) return usage(CLI, 'restore needs the backup file: restore <backup.db> --config <c>');
    return restoreCommand(config, positionals[0], values.config, out);
  }
  if (command === 'keys') return keysCommand(config, out);
  // These open the store with the centre's keys themselves.
  if (command === 'personnel' && positionals[0] === 'import') {
    if (!positionals[1])
      return usage(CLI, 'personnel import needs the sealed file: personnel import <file.jwe>');
    return personnelImportCommand(config, positionals[1], `cli:${userInfo().username}`, out);
  }
  if (command === 'gateway' && positionals[0] === 'add') {
    const { id, site, out: outDir } = values;
    const publicKey = values['public-key'];
    const encryptionKeyFile = values['encryption-key'];
    if (!id || !site || !publicKey || !encryptionKeyFile) {
      return usage(CLI, 'gateway add needs --id, --site, --public-key and --encryption-key');
    }
    const brokerUrl = values['broker-url'];
    const args = { id, site, publicKey, encryptionKeyFile, ...(brokerUrl ? { brokerUrl } : {}) };
    return gatewayAddCommand(
      config,
      { ...args, ...(outDir ? { out: outDir } : {}) },
      `cli:${userInfo().username}`,
      out,
    );
  }
  if (command === 'gateway' && positionals[0] === 'resume-ingest') {
    const { id, reason } = values;
    if (!id || reason === undefined)
      return usage(CLI, 'gateway resume-ingest needs --id and --reason <text>');
    const err = (text: string) => process.stderr.write(`${text}\n`);
    return resumeIngestCommand(config, { id, reason }, `cli:${userInfo().username}`, { out, err });
  }
  const store = openCentreStore(join(config.dataDir, 'center.db'));
  try {
    const [sub, file] = positionals;
    if (command === 'site' && sub === 'add') {
      const { id, name, kind, lat, lon, geofence } = values;
      if (!id || !name || !kind || lat === undefined || lon === undefined) {
        return usage(CLI, 'site add needs --id, --name, --kind vault|branch, --lat and --lon');
      }
      return siteAddCommand(store, { id, name, kind, lat, lon, ...(geofence ? { geofence } : {}) }, out);
    }
    if (command === 'box' && sub === 'add') {
      const { epc, label, site } = values;
      if (!epc || !label) return usage(CLI, 'box add needs --epc and --label');
      return boxAddCommand(store, { epc, label, ...(site ? { site } : {}) }, out);
    }
    if (command === 'vehicle' && sub === 'add') {
      const { id, plate, tag } = values;
      if (!id || !plate) return usage(CLI, 'vehicle add needs --id and --plate');
      return vehicleAddCommand(store, { id, plate, ...(tag ? { tag } : {}) }, out);
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
    if (command === 'user' && sub === 'add') {
      const { username, name, role } = values;
      if (!username || !name || !role) return usage(CLI, 'user add needs --username, --name and --role');
      const err = (text: string) => process.stderr.write(`${text}\n`);
      const input = { username, displayName: name, role, passwordFile: values['password-file'] };
      // Awaited here: the store closes in `finally` only once the user is stored.
      return await userAddCommand(
        store,
        { ...input, actor: `cli:${userInfo().username}` },
        {
          out,
          err,
          readPassword: () => readPasswordFromStdin((text) => process.stderr.write(text)),
        },
      );
    }
    if (command === 'plan' && sub === 'import') {
      if (!file) return usage(CLI, 'plan import needs the plan file: plan import <plan.json|plan.csv>');
      const actor = `cli:${userInfo().username}`;
      const io = { out, err: (text: string) => process.stderr.write(`${text}\n`) };
      return planImportCommand(store, file, { actor, ...(values.date ? { date: values.date } : {}) }, io);
    }
    return usage(CLI, `unknown command "${[command, sub].filter(Boolean).join(' ')}"`);
  } finally {
    store.close();
  }
}

runCommandLine(CLI, main);
