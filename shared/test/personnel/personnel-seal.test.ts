import { generateEncryptionKeyPair, generateSigningKeyPair } from '@vaultline/shared/crypto/keys';
import { describe, expect, it } from 'vitest';
import {
  PersonnelContentError,
  PersonnelDuplicateError,
  PersonnelFormatError,
} from '../../src/personnel/personnel-errors.ts';
import type { PersonnelFile } from '../../src/personnel/personnel-file.ts';
import { openPersonnelFile, sealPersonnelFile } from '../../src/personnel/personnel-seal.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]).toString('base64');
const TEMPLATE = Buffer.alloc(512, 7).toString('base64');
const FILE: PersonnelFile = {
  v: 1,
  company: '安保押运',
  issuedAt: '2026-11-22T18:00:00+08:00',
  people: [
    {
      personId: 'p-1',
      name: '张伟',
      employeeNo: 'E-1',
      role: 'escort',
      photoJpeg: JPEG,
      templates: [TEMPLATE],
    },
    {
      personId: 'p-2',
      name: '王强',
      employeeNo: 'E-2',
      role: 'escort',
      photoJpeg: JPEG,
      templates: [TEMPLATE],
    },
  ],
};

describe('personnel file sealing', () => {
  it('seals to the centre key as a JWE with its own content type, and opens to the same file', async () => {
    const centre = generateEncryptionKeyPair();
    const sealed = await sealPersonnelFile(FILE, centre.publicKey);
    const header = JSON.parse(Buffer.from(sealed.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'vaultline-personnel+json' });
    expect(sealed).not.toContain(TEMPLATE.slice(0, 20));
    expect(await openPersonnelFile(sealed, centre.privateKey)).toEqual(FILE);
  });

  it('refuses to seal what the centre would refuse, or to a key that is not X25519', async () => {
    const centre = generateEncryptionKeyPair();
    const bad = {
      ...FILE,
      issuedAt: 'yesterday',
      people: [{ ...FILE.people[0], templates: ['not base64!'] }],
    };
    await expect(sealPersonnelFile(bad, centre.publicKey)).rejects.toThrow(PersonnelContentError);
    await expect(sealPersonnelFile(bad, centre.publicKey)).rejects.toThrow(
      /\/issuedAt must be a date-time string; \/people\/0\/templates\/0 must match/,
    );
    const twice = { ...FILE, people: [FILE.people[0]!, { ...FILE.people[1]!, employeeNo: 'E-1' }] };
    await expect(sealPersonnelFile(twice, centre.publicKey)).rejects.toThrow(PersonnelDuplicateError);
    await expect(sealPersonnelFile(FILE, generateSigningKeyPair().publicKey)).rejects.toThrow(
      PersonnelFormatError,
    );
  });
});
