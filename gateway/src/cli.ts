import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger, systemClock } from '@vaultline/shared';
import { runCommandLine, usage } from '@vaultline/shared/cli/command-line';
import { verifyChain } from '@vaultline/shared/contract/chain-verifier';
import { loadPublicKey } from '@vaultline/shared/crypto/keys';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';
import { loadGatewayConfig } from './config/gateway-config.ts';
import { initGatewayIdentity, loadGatewayIdentity } from './identity/gateway-identity.ts';
import { applyProvisioning } from './provisioning/apply-provisioning.ts';
import { readProvisioning } from './provisioning/read-provisioning.ts';
import { EventRecorder } from './runtime/event-recorder.ts';
import { startGatewayApp } from './runtime/gateway-app.ts';
import { PlanService } from './runtime/plan-service.ts';
import { openGatewayStore } from './store/open-store.ts';

const USAGE = `vaultline-gateway — the branch / vault gateway

  vaultline-gateway init --data-dir <dir>
      Creates this gateway's keys (Ed25519 signing, X25519 encryption; private files mode 0600) and prints
      the public keys to register at the centre, and the encryption key's file for
      \`vaultline-center gateway add --encryption-key\`.

  vaultline-gateway provision <provisioning.json> --config <gateway.json>
      Takes what \`vaultline-center gateway add --out\` wrote: puts the centre's public keys and the broker
      password (mode 0600) in <dataDir>/centre/ and points the config's uplink (centre.brokerUrl, username,
      passwordFile), centrePublicKey and centreEncryptionKey at them; other settings are kept. Refuses a
      file made for another gateway id, site or key.

  vaultline-gateway run --config <gateway.json>
      Runs the gateway: devices, hand-over engine, local store, kiosk.

  vaultline-gateway plan import <bundle.jws> --config <gateway.json>
      Imports a signed plan bundle from a file (removable media) for days without network. A running
      gateway picks it up within seconds.

  vaultline-gateway verify --config <gateway.json>
      Verifies the local signed event chain and reports the first bad link, if any.
`;

const CLI = { name: 'vaultline-gateway', usage: USAGE };
const out = (text: string) => process.stdout.write(`${text}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, config: { type: 'string' } },
  });
  switch (command) {
    case 'init': {
      if (!values['data-dir']) return usage(CLI, 'init needs --data-dir <dir>');
      const made = initGatewayIdentity(resolve(values['data-dir']));
      out(`keys written to ${made.dir}`);
      out(`signing public key (register at the centre): ${made.signingPublicKey}`);
      out(`encryption public key (templates are encrypted to it):\n${made.encryptionPublicKeyPem.trim()}`);
      out(
        `encryption public key file (for \`vaultline-center gateway add --encryption-key\`): ${made.encryptionPublicKeyFile}`,
      );
      return 0;
    }
    case 'provision': {
      const [file] = positionals;
      if (!file || !values.config) return usage(CLI, 'provision <provisioning.json> --config <gateway.json>');
      const applied = applyProvisioning(values.config, readProvisioning(file));
      out(`provisioned: ${applied.configFile} now reaches the centre at ${applied.brokerUrl}`);
      out(`centre keys: ${applied.centrePublicKeyFile}, ${applied.centreEncryptionKeyFile}`);
      out(`broker password: ${applied.passwordFile} (mode 0600); delete ${file} and its folder now`);
      return 0;
    }
    case 'run': {
      if (!values.config) return usage(CLI, 'run needs --config <gateway.json>');
      const app = await startGatewayApp(loadGatewayConfig(values.config));
      const shutdown = async () => {
        await app.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
      return -1;
    }
    case 'plan': {
      const [sub, file] = positionals;
      if (sub !== 'import' || !file || !values.config)
        return usage(CLI, 'plan import <bundle.jws> --config <gateway.json>');
      const config = loadGatewayConfig(values.config);
      const identity = loadGatewayIdentity(config.dataDir);
      const store = openGatewayStore(join(config.dataDir, 'gateway.db'));
      try {
        const recorder = new EventRecorder(store, {
          gatewayId: config.gatewayId,
          privateKey: identity.signingKey,
          newId: createUlidGenerator(),
        });
        const plans = new PlanService({
          store,
          recorder,
          centrePublicKey: loadPublicKey(config.centrePublicKey, 'ed25519'),
          encryptionKey: identity.encryptionKey,
          gatewayId: config.gatewayId,
          siteId: config.siteId,
          clock: systemClock,
          logger: silentLogger,
        });
        const plan = await plans.importBundle(readFileSync(file, 'utf8'), 'file');
        out(
          `plan ${plan.planId} version ${plan.version} for ${plan.date} accepted (${plan.runs.length} runs)`,
        );
      } finally {
        store.close();
      }
      return 0;
    }
    case 'verify': {
      if (!values.config) return usage(CLI, 'verify needs --config <gateway.json>');
      const config = loadGatewayConfig(values.config);
      const identity = loadGatewayIdentity(config.dataDir);
      const store = openGatewayStore(join(config.dataDir, 'gateway.db'));
      try {
        const result = verifyChain([...store.events.all()], identity.signingPublicKey, {
          gatewayId: config.gatewayId,
          expectedFirstSeq: 1,
          signatures: 'every',
        });
        if (result.ok) out(`chain ok: ${result.lastSeq} events, last hash ${result.lastHash}`);
        else
          out(
            `chain BROKEN at event ${result.seq ?? '?'} (index ${result.index}): ${result.problem} — ${result.message}`,
          );
        return result.ok ? 0 : 1;
      } finally {
        store.close();
      }
    }
    default:
      return usage(CLI, command ? `unknown command "${command}"` : undefined);
  }
}

runCommandLine(CLI, main);
