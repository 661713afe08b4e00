import { R30xStatus } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';

/**
 * Confirmation codes (protocol §5) that mean the finger was there but its image is unusable: 0x03 capture
 * failed, 0x06 too disordered, 0x07 too few features, 0x15 no valid image. Identification and enrolment
 * both report them as a poor image, so the person simply tries again.
 */
export const POOR_IMAGE: ReadonlySet<number> = new Set([
  R30xStatus.imageCaptureFailed,
  R30xStatus.imageTooDisordered,
  R30xStatus.tooFewFeatures,
  R30xStatus.noValidImage,
]);
