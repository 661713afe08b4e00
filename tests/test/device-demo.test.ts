import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const testsDir = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo', () => {
  it('runs the devices act and the gateway + centre act end to end and exits 0', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/demo/main.ts'], {
      cwd: testsDir,
      encoding: 'utf8',
      timeout: 150_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/matched page \d+ → E1001 张伟 Zhang Wei/);
    expect(out).toMatch(/320×240 JPEG, \d+ bytes/);
    expect(out).toContain('no-match (unknown finger)');
    expect(out).toContain('poor-image (smudged finger)');
    expect(out).toContain('energised channels: [true,false]');
    expect(out).toMatch(/inner door refused — .*door 1 is open/);
    for (const epc of ['E2801160600002A0000B0001', 'E2801160600002A0000B0002', 'E2801160600002A0000B0003']) {
      expect(out).toContain(`rfid-zone: box ${epc}`);
    }
    expect(out).toContain('rfid-handheld: box E2801160600002A0000C0099');
    expect(out).toMatch(/rfid-zone OFFLINE — link lost[\s\S]*rfid-zone online/);
    expect(out).toContain('[centre] gateway gw-BR-001 online');
    expect(out).toMatch(/\[gateway\] alarm WRONG_BOX: box E28011606000020A00000B03/);
    expect(out).toMatch(/\[centre\] live stream: WRONG_BOX from gw-BR-001/);
    expect(out).toMatch(/\[centre\] \d+ signed events of gw-BR-001 verified and stored/);
    expect(out).toContain('GET /handovers?siteId=BR-001 → 1 record(s)');
    expect(out).toMatch(/WRONG_BOX \w+: acknowledged[\s\S]*WRONG_BOX \w+: resolved/);
    expect(out.trimEnd().endsWith('Done.')).toBe(true);
  });
});
