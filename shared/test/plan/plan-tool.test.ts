import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey, loadPublicKey } from '../../src/crypto/keys.ts';
import { decryptTemplate, verifySitePlan } from '../../src/plan/plan-bundle.ts';
import { runNodeScript, type ScriptRun } from '../../src/testing/run-node-script.ts';
import { useTempDir } from '../crypto/temp-dir.ts';
import { BRANCH, clonePlan, sitePlan } from './site-plan-fixture.ts';

const BIN = fileURLToPath(new URL('../../bin/vaultline-plan.js', import.meta.url));
const tempDir = useTempDir('vaultline-plan-tool');

/** Runs the real CLI in its own process, as an operator would. */
const cli = (...args: string[]): Promise<ScriptRun> => runNodeScript(BIN, args);

/** Two finger templates as an enrolment export gives them: raw module bytes, base64. */
const RAW_TEMPLATES = [
  Buffer.alloc(512, 0x5a).toString('base64'),
  Buffer.alloc(512, 0xa5).toString('base64'),
];

describe('vaultline-plan', { timeout: 60_000 }, () => {
  it('keygen → sign (templates encrypted to the gateway) → verify, and refuses a tampered bundle', async () => {
    const dir = tempDir();
    const keygen = await cli('keygen', '--out', join(dir, 'centre'));
    expect(keygen).toMatchObject({ code: 0 });
    expect(keygen.stdout).toMatch(/public key \(raw, base64url\): [A-Za-z0-9_-]{43}/);
    const centrePrivate = join(dir, 'centre', 'centre-private.pem');
    const centrePublic = join(dir, 'centre', 'centre-public.pem');
    expect(statSync(centrePrivate).mode & 0o777).toBe(0o600);
    expect((await cli('keygen', '--out', join(dir, 'gw'), '--encryption')).code).toBe(0);
    const gatewayPublic = join(dir, 'gw', 'gateway-x25519-public.pem');

    const input = clonePlan(sitePlan()) as unknown as { people: Record<string, unknown>[] };
    input.people[0]!.templatesRaw = RAW_TEMPLATES;
    const planFile = join(dir, 'site-plan.json');
    writeFileSync(planFile, JSON.stringify(input, null, 2));
    const bundleFile = join(dir, 'bundle.jws');
    const signed = await cli(
      'sign',
      '--key',
      centrePrivate,
      '--in',
      planFile,
      '--encrypt-templates-to',
      gatewayPublic,
      '--out',
      bundleFile,
    );
    expect(signed).toMatchObject({
      code: 0,
      stdout: `signed ${bundleFile} (2 template(s) encrypted to the gateway)\n`,
    });

    const verified = await cli(
      'verify',
      '--key',
      centrePublic,
      '--in',
      bundleFile,
      '--gateway',
      BRANCH.gatewayId,
      '--site',
      BRANCH.siteId,
    );
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toBe(
      'accepted: plan plan-2026-11-23 version 3 for 2026-11-23, site branch-a, gateway gw-branch-a: 1 run(s), 1 vehicle(s), 3 person(s)\n',
    );

    // The bundle the tool wrote is what a gateway accepts, and only that gateway reads the templates.
    const bundle = readFileSync(bundleFile, 'utf8');
    expect(bundle).not.toContain('templatesRaw');
    const plan = await verifySitePlan(bundle, loadPublicKey(centrePublic, 'ed25519'), BRANCH);
    const gatewayPrivate = loadPrivateKey(join(dir, 'gw', 'gateway-x25519-private.pem'), 'x25519');
    const templates = await Promise.all(
      plan.people[0]!.templates.map((jwe) => decryptTemplate(jwe, gatewayPrivate)),
    );
    expect(templates.map((t) => Buffer.from(t).toString('base64'))).toEqual(RAW_TEMPLATES);

    const [header, payload, signature] = bundle.split('.');
    const text = Buffer.from(payload!, 'base64url').toString('utf8').replace('"version":3', '"version":4');
    const tamperedFile = join(dir, 'tampered.jws');
    writeFileSync(tamperedFile, `${header}.${Buffer.from(text).toString('base64url')}.${signature}`);
    const tampered = await cli(
      'verify',
      '--key',
      centrePublic,
      '--in',
      tamperedFile,
      '--gateway',
      BRANCH.gatewayId,
      '--site',
      BRANCH.siteId,
    );
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(
      'plan bundle refused: its signature does not verify with the centre key',
    );

    const older = await cli(
      'verify',
      '--key',
      centrePublic,
      '--in',
      bundleFile,
      '--gateway',
      BRANCH.gatewayId,
      '--site',
      BRANCH.siteId,
      '--current-version',
      '3',
    );
    expect(older.code).toBe(1);
    expect(older.stderr).toContain('replayed or downgraded');
    const elsewhere = await cli(
      'verify',
      '--key',
      centrePublic,
      '--in',
      bundleFile,
      '--gateway',
      'gw-branch-b',
      '--site',
      BRANCH.siteId,
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain('import the bundle made for this gateway');
  });

  it('refuses to sign raw templates without a gateway key, or a plan with a crew of one', async () => {
    const dir = tempDir();
    expect((await cli('keygen', '--out', dir)).code).toBe(0);
    const key = join(dir, 'centre-private.pem');
    const input = clonePlan(sitePlan()) as unknown as {
      people: Record<string, unknown>[];
      runs: { crew: string[] }[];
    };
    input.people[0]!.templatesRaw = RAW_TEMPLATES;
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(input));
    const noKey = await cli('sign', '--key', key, '--in', planFile, '--out', join(dir, 'b.jws'));
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('people[0] has templatesRaw; give --encrypt-templates-to');

    delete input.people[0]!.templatesRaw;
    input.runs[0]!.crew = ['esc-1'];
    writeFileSync(planFile, JSON.stringify(input));
    const crewOfOne = await cli('sign', '--key', key, '--in', planFile, '--out', join(dir, 'b.jws'));
    expect(crewOfOne.code).toBe(1);
    expect(crewOfOne.stderr).toContain('plan: /runs/0/crew must have at least 2 items');
    expect(existsSync(join(dir, 'b.jws'))).toBe(false);
  });

  it('refuses a readable private key and an existing key, and explains its usage', async () => {
    const dir = tempDir();
    expect((await cli('keygen', '--out', dir)).code).toBe(0);
    const again = await cli('keygen', '--out', dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const key = join(dir, 'centre-private.pem');
    chmodSync(key, 0o644);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(sitePlan()));
    const loose = await cli(
      'sign',
      '--key',
      key,
      '--in',
      join(dir, 'plan.json'),
      '--out',
      join(dir, 'b.jws'),
    );
    expect(loose.code).toBe(1);
    expect(loose.stderr).toContain(`chmod 600 ${key}`);
    const usage = await cli('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown command "frobnicate"');
    expect(usage.stderr).toContain('vaultline-plan keygen --out <dir>');
    expect((await cli('sign', '--key', key)).code).toBe(2);
  });
});
