/**
 * R30x / R307 / R503 / ZFM fingerprint module protocol (`shared/protocols/fingerprint-r30x.md`): the one
 * import for drivers and simulators. Pure: bytes ⇄ typed packets, commands, replies and bulk transfers.
 *
 * - packets, header, PIDs, checksum (§2): `r30x-packet.ts`
 * - instructions and command builders/readers (§3): `r30x-commands.ts`
 * - acknowledgements and their return values (§3, §4): `r30x-replies.ts`
 * - confirmation codes (§5): `r30x-status.ts`
 * - template transfer as data packets (§6): `r30x-data.ts`
 */
export * from './r30x-commands.ts';
export * from './r30x-data.ts';
export * from './r30x-packet.ts';
export * from './r30x-replies.ts';
export * from './r30x-status.ts';
