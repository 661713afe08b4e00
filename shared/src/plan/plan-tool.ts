import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  loadPrivateKey,
  loadPublicKey,
  publicKeyToRaw,
  writeKeyPair,
} from '../crypto/keys.ts';
import { VaultlineError } from '../errors.ts';
import { encryptTemplate, signSitePlan, verifySitePlan } from './plan-bundle.ts';
import type { SitePlan } from './plan-schema.ts';

const USAGE = `vaultline-plan — signs and checks site plan bundles (until the centre does it)

  vaultline-plan keygen --out <dir> [--encryption]
      Writes centre-private.pem (mode 0600) and centre-public.pem: the centre's Ed25519 signing keys.
      --encryption  writes gateway-x25519-private.pem / -public.pem instead: a gateway's template key.

  vaultline-plan sign --key <centre-private.pem> --in <site-plan.json> --out <bundle.jws>
                      [--encrypt-templates-to <gateway-x25519-public.pem>] [--kid <key id>]
      Checks the plan and signs it (JWS, EdDSA). Raw base64 templates under people[].templatesRaw are
      first encrypted to the gateway (JWE) into people[].templates; they need --encrypt-templates-to.

  vaultline-plan verify --key <centre-public.pem> --in <bundle.jws> --gateway <id> --site <id>
                        [--current-version <n>]
      Checks signature, schema, plan rules, target and version as a gateway does; exit 0 when accepted.
`;

export interface ToolOutput {
  out(text: string): void;
  err(text: string): void;
}

const stdio: ToolOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

class UsageError extends Error {}

/** Runs one command; resolves to the process exit code (0 ok, 1 refused or failed, 2 usage). */
export async function runPlanTool(argv: string[], io: ToolOutput = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'keygen':
        return keygen(rest, io);
      case 'sign':
        return await sign(rest, io);
      case 'verify':
        return await verify(rest, io);
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`vaultline-plan: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const message =
      error instanceof VaultlineError ? error.message : String((error as Error)?.stack ?? error);
    io.err(`vaultline-plan: ${message}\n`);
    return 1;
  }
}

function keygen(args: string[], io: ToolOutput): number {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, encryption: { type: 'boolean', default: false } },
  });
  const dir = resolve(required(values.out, 'keygen needs --out <dir>'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const [name, pair] = values.encryption
    ? ['gateway-x25519', generateEncryptionKeyPair()]
    : ['centre', generateSigningKeyPair()];
  const files = writeKeyPair(dir, name, pair);
  io.out(`private key: ${files.privateFile} (mode 0600, keep it secret)\npublic key:  ${files.publicFile}\n`);
  io.out(`public key (raw, base64url): ${publicKeyToRaw(pair.publicKey)}\n`);
  return 0;
}

async function sign(args: string[], io: ToolOutput): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      key: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      'encrypt-templates-to': { type: 'string' },
      kid: { type: 'string' },
    },
  });
  const missing = 'sign needs --key <centre-private.pem>, --in <site-plan.json> and --out <bundle.jws>';
  const [keyFile, inFile, out] = [values.key, values.in, values.out].map((v) => required(v, missing)) as [
    string,
    string,
    string,
  ];
  const key = loadPrivateKey(keyFile, 'ed25519');
  const input = readJson(inFile);
  const gatewayKeyFile = values['encrypt-templates-to'];
  const gatewayKey = gatewayKeyFile ? loadPublicKey(gatewayKeyFile, 'x25519') : undefined;
  const encrypted = await encryptRawTemplates(input, gatewayKey);
  const bundle = await signSitePlan(input as SitePlan, key, values.kid ? { kid: values.kid } : {});
  // The bundle holds names and photos of people: readable by its owner only, like any personal data file.
  writeFileSync(out, bundle, { mode: 0o600 });
  io.out(`signed ${out} (${encrypted} template(s) encrypted to the gateway)\n`);
  return 0;
}

async function verify(args: string[], io: ToolOutput): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      key: { type: 'string' },
      in: { type: 'string' },
      gateway: { type: 'string' },
      site: { type: 'string' },
      'current-version': { type: 'string' },
    },
  });
  const missing = 'verify needs --key <centre-public.pem>, --in <bundle.jws>, --gateway <id> and --site <id>';
  const [keyFile, inFile, gatewayId, siteId] = [values.key, values.in, values.gateway, values.site].map((v) =>
    required(v, missing),
  ) as [string, string, string, string];
  const key = loadPublicKey(keyFile, 'ed25519');
  const bundle = readText(inFile);
  const current = values['current-version'];
  const currentVersion = current === undefined ? undefined : Number(current);
  if (currentVersion !== undefined && !Number.isInteger(currentVersion)) {
    throw new UsageError('--current-version must be an integer');
  }
  const plan = await verifySitePlan(bundle, key, {
    gatewayId,
    siteId,
    ...(currentVersion === undefined ? {} : { currentVersion }),
  });
  io.out(
    `accepted: plan ${plan.planId} version ${plan.version} for ${plan.date}, site ${plan.siteId}, gateway ${plan.gatewayId}: ` +
      `${plan.runs.length} run(s), ${plan.vehicles.length} vehicle(s), ${plan.people.length} person(s)\n`,
  );
  return 0;
}

/**
 * Replaces each `people[].templatesRaw` (base64 module templates, as an enrolment export gives them) by
 * JWE strings appended to `people[].templates`. Returns how many templates were encrypted.
 */
async function encryptRawTemplates(input: unknown, gatewayKey: KeyObject | undefined): Promise<number> {
  const people = (input as { people?: unknown }).people;
  if (!Array.isArray(people)) return 0;
  let count = 0;
  for (const [index, person] of people.entries()) {
    const raw = (person as { templatesRaw?: unknown }).templatesRaw;
    if (raw === undefined) continue;
    if (!gatewayKey) {
      throw new UsageError(
        `people[${index}] has templatesRaw; give --encrypt-templates-to <gateway-x25519-public.pem>`,
      );
    }
    if (!Array.isArray(raw) || !raw.every((t) => typeof t === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(t))) {
      throw new VaultlineError(
        'PLAN_TOOL',
        `people[${index}].templatesRaw must be an array of base64 strings`,
      );
    }
    const encrypted: string[] = [];
    for (const template of raw as string[])
      encrypted.push(await encryptTemplate(Buffer.from(template, 'base64'), gatewayKey));
    const record = person as { templates?: unknown; templatesRaw?: unknown };
    record.templates = [...(Array.isArray(record.templates) ? record.templates : []), ...encrypted];
    delete record.templatesRaw;
    count += encrypted.length;
  }
  return count;
}

function required(value: string | undefined, message: string): string {
  if (value === undefined || value === '') throw new UsageError(message);
  return value;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new VaultlineError('PLAN_TOOL', `cannot read ${file} (${(error as Error).message})`, {
      cause: error,
    });
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readText(file));
  } catch (error) {
    if (error instanceof VaultlineError) throw error;
    throw new VaultlineError('PLAN_TOOL', `${file} is not JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
}
