/**
 * Cuts a byte stream into pieces of at most `size` bytes, in order, for BLE writes and notifications
 * (ble-nus-and-bluez.md Part A, "Chunking rules"). The pieces are views on `bytes`, not copies; an
 * empty input gives no pieces.
 */
export function splitForMtu(bytes: Uint8Array, size: number): Uint8Array[] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) {
    pieces.push(bytes.subarray(start, start + size));
  }
  return pieces;
}
