import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { HostVoice } from '../../src/kiosk/host-voice.ts';

const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'vaultline-voice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capturingLogger() {
  const lines: Array<{ msg: string; level: number }> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('HostVoice', () => {
  it('stays silent without a speech program: resolves false, never throws, logs once at debug', async () => {
    const { logger, lines } = capturingLogger();
    const voice = new HostVoice({ logger, command: 'vaultline-no-such-speech-program' });
    await expect(voice.speak('运钞车已到达', 'zh')).resolves.toBe(false);
    await expect(voice.speak('Cash van arrived', 'en')).resolves.toBe(false);
    await expect(voice.isAvailable()).resolves.toBe(false);
    const notes = lines.filter((line) => line.msg.includes('no speech program'));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.level).toBe(20);
  });

  it.skipIf(!hasEspeak)('speaks Chinese and English through espeak-ng', async () => {
    for (const [lang, text] of [
      ['zh', '运钞车 沪A·C1234 已到达，请押运员验证指纹'],
      ['en', 'Cash van arrived'],
    ] as const) {
      const wavPath = join(dir, `${lang}.wav`);
      const voice = new HostVoice({ wavPath });
      await expect(voice.speak(text, lang)).resolves.toBe(true);
      const wav = readFileSync(wavPath);
      expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
      expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
      expect(wav.length).toBeGreaterThan(10_000);
    }
  });

  it.skipIf(!hasEspeak)('reads text that looks like an option as text, not as an option', async () => {
    const wavPath = join(dir, 'option.wav');
    const voice = new HostVoice({ wavPath });
    // On the command line `--help` would print usage and write no WAV; through stdin it is just spoken.
    await expect(voice.speak('--help -w /tmp/elsewhere.wav', 'en')).resolves.toBe(true);
    expect(readFileSync(wavPath).subarray(0, 4).toString('latin1')).toBe('RIFF');
  });
});
