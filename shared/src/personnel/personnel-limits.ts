/** Sizes of a person's biometric data, shared by the personnel file schema and the centre's registry. */

/** A stored photo is at most 300 KB of JPEG (a passport-style portrait needs far less). */
export const MAX_PHOTO_BYTES = 300 * 1024;
/** A fingerprint module template is at most 8 KB (an R30x character file is 512 bytes per buffer). */
export const MAX_TEMPLATE_BYTES = 8 * 1024;
/** The fingerprint module keeps up to 10 templates per person (slots 0–9). */
export const MAX_TEMPLATES = 10;
