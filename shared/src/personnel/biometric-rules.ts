import { MAX_PHOTO_BYTES, MAX_TEMPLATE_BYTES } from './personnel-limits.ts';

/**
 * What a stored photo and a fingerprint template must be, as pure checks: the centre's registry refuses
 * them one by one, and a personnel file lists every offending entry with its path.
 */

/** JPEG start-of-image and end-of-image markers (ITU-T T.81, Table B.1). */
const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];

/** Why `jpeg` cannot be a stored photo (too large, not a whole JPEG), or undefined when it can. */
export function photoProblem(jpeg: Uint8Array): string | undefined {
  if (jpeg.length > MAX_PHOTO_BYTES) {
    return `is ${jpeg.length} bytes; the limit is ${MAX_PHOTO_BYTES} (300 KB): scale it down (a 480×640 portrait at quality 85 is about 60 KB)`;
  }
  const n = jpeg.length;
  const whole =
    n >= 4 && jpeg[0] === SOI[0] && jpeg[1] === SOI[1] && jpeg[n - 2] === EOI[0] && jpeg[n - 1] === EOI[1];
  if (!whole) {
    return 'is not a whole JPEG (it must start with FF D8 and end with FF D9): export the portrait as JPEG';
  }
  return undefined;
}

/** Why `template` cannot be a fingerprint module template (empty, over 8 KB), or undefined when it can. */
export function templateProblem(template: Uint8Array): string | undefined {
  if (template.length === 0 || template.length > MAX_TEMPLATE_BYTES) {
    return `is ${template.length} bytes; a module template is 1–${MAX_TEMPLATE_BYTES} bytes (8 KB): give the template the reader exported, not an image`;
  }
  return undefined;
}
