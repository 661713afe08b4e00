/** Status and error codes carried in a 1-byte data field (protocols/rfid-uhf-r2000.md §6). */
export const R2000_STATUS = {
  success: 0x10,
  failure: 0x11,
  antennaMissing: 0x22,
  noTag: 0x36,
  invalidParameter: 0x41,
  antennaIdOutOfRange: 0x47,
  baudRateOutOfRange: 0x4a,
} as const;

const MEANINGS: Readonly<Record<number, string>> = {
  16: 'success',
  17: 'failure',
  32: 'MCU reset error',
  33: 'CW on error',
  34: 'antenna missing',
  35: 'write flash error',
  36: 'read flash error',
  37: 'set output power error',
  49: 'tag inventory error',
  50: 'tag read error',
  51: 'tag write error',
  52: 'tag lock error',
  53: 'tag kill error',
  54: 'no tag',
  55: 'inventory OK but access failed',
  56: 'buffer empty',
  64: 'access/password error',
  65: 'invalid parameter',
  66: 'word count too long',
  67: 'membank out of range',
  68: 'lock region out of range',
  69: 'lock type out of range',
  70: 'invalid reader address',
  71: 'antenna id out of range',
  72: 'output power out of range',
  73: 'frequency region out of range',
  74: 'baud rate out of range',
  75: 'beeper mode out of range',
  76: 'EPC match length too long',
  77: 'EPC match length error',
  78: 'invalid EPC match mode',
  79: 'invalid frequency range',
  80: 'failed to get RN16 from tag',
  81: 'invalid DRM mode',
  82: 'PLL lock fail',
  83: 'RF chip no response',
  84: 'cannot reach output power',
  85: 'copyright authentication fail',
  86: 'spectrum regulation error',
  87: 'output power too low',
};

/** Human meaning of a status code; codes outside the §6 table are named as unknown. */
export function r2000StatusMeaning(code: number): string {
  return MEANINGS[code] ?? `unknown status 0x${code.toString(16).padStart(2, '0')}`;
}
