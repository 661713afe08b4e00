import type { PersonnelFile } from '@vaultline/shared/personnel/personnel-file';

/** A small whole JPEG (SOI … EOI) whose body is `fill`, so each person's photo is recognisable. */
export function tinyJpeg(fill: number, size = 200): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...new Array(size).fill(fill), 0xff, 0xd9]);
}

/** A 512-byte module template (one R30x character buffer) filled with `fill`. */
export function moduleTemplate(fill: number): Uint8Array {
  return new Uint8Array(512).fill(fill);
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** What an escort company delivers: two escorts and a teller of branch-a (the site must be registered). */
export function personnelFile(company = '安保押运有限公司'): PersonnelFile {
  return {
    v: 1,
    company,
    issuedAt: '2026-11-22T18:00:00+08:00',
    people: [
      {
        personId: 'p-zhang',
        name: '张伟',
        employeeNo: 'E-001',
        role: 'escort',
        photoJpeg: b64(tinyJpeg(1)),
        templates: [b64(moduleTemplate(0x11)), b64(moduleTemplate(0x12))],
      },
      {
        personId: 'p-wang',
        name: '王强',
        employeeNo: 'E-002',
        role: 'escort',
        photoJpeg: b64(tinyJpeg(2)),
        templates: [b64(moduleTemplate(0x21))],
      },
      {
        personId: 'p-li',
        name: '李娜',
        employeeNo: 'T-001',
        role: 'teller',
        siteId: 'branch-a',
        photoJpeg: b64(tinyJpeg(3)),
        templates: [b64(moduleTemplate(0x31))],
      },
    ],
  };
}

export const BRANCH_A = {
  siteId: 'branch-a',
  name: '朝阳支行',
  kind: 'branch' as const,
  position: { lat: 39.92, lon: 116.45 },
  geofenceM: 100,
};
