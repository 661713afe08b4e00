import { photoProblem, templateProblem } from '@vaultline/shared/personnel/biometric-rules';
import { MAX_TEMPLATES } from '@vaultline/shared/personnel/personnel-limits';
import { RegistryError } from './registry-errors.ts';

/**
 * The rules for a person's photo and fingerprint templates before they are sealed at rest, and the
 * contexts they are sealed under: the context is authenticated, so a sealed blob copied to another
 * person's row (or slot) no longer opens.
 */

export const photoContext = (personId: string) => `person:${personId}:photo`;
export const templateContext = (personId: string, slot: number) => `person:${personId}:template:${slot}`;

/** Refuses anything but a whole JPEG of at most 300 KB. */
export function checkPhoto(personId: string, jpeg: Uint8Array): void {
  const problem = photoProblem(jpeg);
  if (problem) throw new RegistryError('PHOTO_REFUSED', `photo of person ${personId} ${problem}`);
}

/** Refuses an empty or oversized template and a slot outside the module's 0–9. */
export function checkTemplate(personId: string, slot: number, template: Uint8Array): void {
  if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_TEMPLATES) {
    throw new RegistryError(
      'TEMPLATE_SLOT',
      `template slot ${slot} of person ${personId} is outside 0–${MAX_TEMPLATES - 1}; a person has at most ${MAX_TEMPLATES} templates`,
    );
  }
  const problem = templateProblem(template);
  if (problem)
    throw new RegistryError('TEMPLATE_REFUSED', `template ${slot} of person ${personId} ${problem}`);
}

/** Who enrolled a template: `personnel-file`, `centre:<username>` or `branch:<gatewayId>`. */
const ENROLLED_VIA = /^(personnel-file|centre:[^\s:]{1,64}|branch:[A-Za-z0-9._:-]{1,64})$/;

export function checkEnrolledVia(via: string): void {
  if (!ENROLLED_VIA.test(via)) {
    throw new RegistryError(
      'TEMPLATE_SOURCE',
      `"${via}" does not say who enrolled the template; use personnel-file, centre:<username> or branch:<gatewayId>`,
    );
  }
}
