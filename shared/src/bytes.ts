/** Hex helpers for golden frames, logs and fixtures. */

/** `'EF 01 ff'` or `'ef01ff'` → bytes. Whitespace is ignored; anything else that is not hex throws. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not a hex byte string: "${hex}"`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/** Bytes → `'EF 01 FF'`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}
