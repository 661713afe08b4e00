import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  importPersonnelFile,
  type PersonnelImportSummary,
} from '@vaultline/center/personnel/personnel-import';
import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import { systemClock } from '@vaultline/shared';
import type { PersonnelFile } from '@vaultline/shared/personnel/personnel-file';
import { sealPersonnelFile } from '@vaultline/shared/personnel/personnel-seal';
import { enrolmentPhoto, fingerOf, PEOPLE } from '../scenario/day-plan.ts';
import type { DemoCentre } from './demo-centre.ts';

/** The escort company of the day's crews, and the bank's own security office for its staff. */
export const ESCORT_COMPANY = '京安押运';
export const BANK_SECURITY = '银行保卫部';

/**
 * The two personnel files of the day as their senders write them: each person with a photo and the
 * template their fingerprint module exported (here: the simulator's template for their right index).
 */
export function personnelFiles(issuedAt: string): PersonnelFile[] {
  const entry = (p: (typeof PEOPLE)[number]) => ({
    personId: p.personId,
    name: p.name,
    employeeNo: p.employeeNo,
    role: p.role,
    ...(p.site ? { siteId: p.site } : {}),
    photoJpeg: enrolmentPhoto(p),
    templates: [Buffer.from(templateForFinger(fingerOf(p.personId))).toString('base64')],
  });
  return [
    { v: 1, company: ESCORT_COMPANY, issuedAt, people: PEOPLE.filter((p) => p.role === 'escort').map(entry) },
    { v: 1, company: BANK_SECURITY, issuedAt, people: PEOPLE.filter((p) => p.role !== 'escort').map(entry) },
  ];
}

export interface Delivery {
  file: string;
  bytes: number;
  summary: PersonnelImportSummary;
}

/**
 * Each sender seals its file to the centre's public encryption key (as `vaultline-center personnel seal`
 * does) and hands the sealed file over; the centre opens and imports it. The sealed files stay in the
 * work folder, so they can be looked at (and tried again: a second import of one file is refused).
 */
export async function deliverPersonnel(centre: DemoCentre, workDir: string): Promise<Delivery[]> {
  const dir = join(workDir, 'personnel');
  mkdirSync(dir, { recursive: true });
  const deliveries: Delivery[] = [];
  for (const [index, content] of personnelFiles(new Date().toISOString()).entries()) {
    const sealed = await sealPersonnelFile(content, centre.app.keys.encryptionPublicKey);
    const file = join(dir, `personnel-${index + 1}.jwe`);
    writeFileSync(file, sealed);
    const summary = await importPersonnelFile(
      sealed,
      { store: centre.app.store, centreEncryptionKey: centre.app.keys.encryptionKey, clock: systemClock },
      'demo',
    );
    deliveries.push({ file, bytes: sealed.length, summary });
  }
  return deliveries;
}
