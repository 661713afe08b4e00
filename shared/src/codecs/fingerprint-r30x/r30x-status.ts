/**
 * §5 confirmation codes: byte 0 of every acknowledge payload. Wire codes only: the Adafruit Arduino
 * library's local pseudo-codes (0xFE "bad packet", 0xFF "timeout") never come from a module and are not
 * here; 0xFE below is the R503 manual's own wire code.
 */
export const R30xStatus = {
  ok: 0x00,
  packetReceiveError: 0x01,
  noFinger: 0x02,
  imageCaptureFailed: 0x03,
  imageTooDisordered: 0x06,
  tooFewFeatures: 0x07,
  noMatch: 0x08,
  notFound: 0x09,
  combineFailed: 0x0a,
  pageOutOfRange: 0x0b,
  templateReadError: 0x0c,
  uploadTemplateError: 0x0d,
  cannotReceiveData: 0x0e,
  uploadImageError: 0x0f,
  deleteFailed: 0x10,
  clearFailed: 0x11,
  wrongPassword: 0x13,
  noValidImage: 0x15,
  flashWriteError: 0x18,
  invalidRegister: 0x1a,
  libraryFull: 0x1f,
  wrongAddress: 0x20,
  passwordNotVerified: 0x21,
  templateEmpty: 0x22,
  libraryEmpty: 0x24,
  timeout: 0x26,
  alreadyExists: 0x27,
  sensorHardwareError: 0x29,
  unsupportedCommand: 0xfc,
  hardwareError: 0xfd,
  executionFailure: 0xfe,
} as const;

const MEANINGS: ReadonlyMap<number, string> = new Map([
  [0x00, 'success'],
  [0x01, 'error while receiving the command packet'],
  [0x02, 'no finger on the sensor'],
  [0x03, 'failed to capture the image'],
  [0x06, 'image too disordered to extract features'],
  [0x07, 'too few feature points'],
  [0x08, 'fingers do not match'],
  [0x09, 'no matching template found'],
  [0x0a, 'failed to combine character files'],
  [0x0b, 'page id outside the library'],
  [0x0c, 'template read error or invalid template'],
  [0x0d, 'error while uploading the template'],
  [0x0e, 'module cannot receive the following data packets'],
  [0x0f, 'error while uploading the image'],
  [0x10, 'failed to delete the template'],
  [0x11, 'failed to clear the library'],
  [0x13, 'wrong password'],
  [0x15, 'no valid primary image to generate features'],
  [0x18, 'flash write error'],
  [0x1a, 'invalid register number'],
  [0x1f, 'library full (R503)'],
  [0x20, 'address code incorrect'],
  [0x21, 'password must be verified first'],
  [0x22, 'template empty (R503)'],
  [0x24, 'library empty (R503)'],
  [0x26, 'timeout (R503)'],
  [0x27, 'template already exists (R503)'],
  [0x29, 'sensor hardware error (R503)'],
  [0xfc, 'unsupported command (R503)'],
  [0xfd, 'hardware error (R503)'],
  [0xfe, 'command execution failure (R503)'],
]);

/** Human meaning of a confirmation code, for DeviceStatusError messages and logs. */
export function describeR30xStatus(code: number): string {
  return MEANINGS.get(code) ?? `unknown confirmation code 0x${code.toString(16).padStart(2, '0')}`;
}
