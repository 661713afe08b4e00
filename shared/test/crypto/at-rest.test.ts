import { createDecipheriv } from 'node:crypto';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createAtRestKeyFile,
  generateAtRestKey,
  loadAtRestKey,
  openAtRest,
  sealAtRest,
} from '../../src/crypto/at-rest.ts';
import { KeyFileError, SealedDataError } from '../../src/crypto/crypto-errors.ts';
import { useTempDir } from './temp-dir.ts';

const tempDir = useTempDir('vaultline-at-rest');
const key = generateAtRestKey();
const template = Uint8Array.from({ length: 512 }, (_, i) => (i * 37) & 0xff);

describe('data at rest', () => {
  it('opens what it sealed, with the same context', () => {
    const sealed = sealAtRest(key, template, 'person:esc-1');
    expect(openAtRest(key, sealed, 'person:esc-1')).toEqual(template);
    expect(openAtRest(key, sealAtRest(key, new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  it('writes the documented layout: version, IV, tag, ciphertext; AAD = version + context', () => {
    const sealed = Buffer.from(sealAtRest(key, template, 'ctx'));
    expect(sealed.length).toBe(1 + 12 + 16 + template.length);
    expect(sealed[0]).toBe(0x01);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    decipher.setAAD(Buffer.from([0x01, ...Buffer.from('ctx')]));
    decipher.setAuthTag(sealed.subarray(13, 29));
    expect(Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).equals(template)).toBe(
      true,
    );
  });

  it('uses a fresh IV for every blob', () => {
    const a = sealAtRest(key, template);
    const b = sealAtRest(key, template);
    expect(Buffer.from(a.subarray(1, 13)).equals(Buffer.from(b.subarray(1, 13)))).toBe(false);
  });

  it('refuses another key, another context, a truncated blob and an unknown version', () => {
    const sealed = sealAtRest(key, template, 'person:esc-1');
    expect(() => openAtRest(generateAtRestKey(), sealed, 'person:esc-1')).toThrow(SealedDataError);
    expect(() => openAtRest(key, sealed, 'person:esc-2')).toThrow('failed authentication');
    expect(() => openAtRest(key, sealed.subarray(0, 20), 'person:esc-1')).toThrow('truncated');
    const v2 = Uint8Array.from(sealed);
    v2[0] = 2;
    expect(() => openAtRest(key, v2, 'person:esc-1')).toThrow('format version 2');
    expect(() => sealAtRest(new Uint8Array(16), template)).toThrow('32 bytes');
  });

  it('detects any single flipped bit', () => {
    const sealed = sealAtRest(key, template.subarray(0, 40), 'ctx');
    fc.assert(
      fc.property(fc.nat({ max: sealed.length * 8 - 1 }), (bit) => {
        const altered = Uint8Array.from(sealed);
        altered[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => openAtRest(key, altered, 'ctx')).toThrow(SealedDataError);
      }),
    );
  });

  it('keeps its key in a new 0600 file of exactly 32 bytes, and refuses loose permissions', () => {
    const file = join(tempDir(), 'at-rest.key');
    const created = createAtRestKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).size).toBe(32);
    expect(loadAtRestKey(file)).toEqual(created);
    expect(() => createAtRestKeyFile(file)).toThrow('already exists');
    chmodSync(file, 0o644);
    expect(() => loadAtRestKey(file)).toThrow(`chmod 600 ${file}`);
    const short = join(tempDir(), 'short.key');
    writeFileSync(short, Buffer.alloc(31), { mode: 0o600 });
    expect(() => loadAtRestKey(short)).toThrow(KeyFileError);
    expect(() => loadAtRestKey(short)).toThrow('holds 31 bytes');
  });
});
