import { ChecksumError, type CodecError, concatBytes, FrameFormatError, fromHex } from '@vaultline/shared';
import { encodeDataPackets, R30xPid } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { R30xFramer } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-framer';
import { describe, expect, it } from 'vitest';
import { R30X_GOLDEN } from '../../fixtures/r30x-golden-frames.ts';

function framerWithErrors() {
  const errors: Array<{ error: CodecError; skipped: Uint8Array }> = [];
  const framer = new R30xFramer((error, skipped) => errors.push({ error, skipped }));
  return { framer, errors };
}

const search = R30X_GOLDEN.searchAckPage5Score100;
const searchPayload = fromHex('00 00 05 00 64');

describe('R30xFramer', () => {
  it('yields a frame split at every possible point', () => {
    for (let cut = 1; cut < search.length; cut++) {
      const { framer, errors } = framerWithErrors();
      expect(framer.push(search.subarray(0, cut))).toEqual([]);
      const packets = framer.push(search.subarray(cut));
      expect(packets).toEqual([{ address: 0xffffffff, pid: R30xPid.ack, payload: searchPayload }]);
      expect(errors).toEqual([]);
    }
  });

  it('yields a frame fed one byte at a time', () => {
    const { framer } = framerWithErrors();
    const packets = Array.from(search).flatMap((byte) => framer.push(Uint8Array.of(byte)));
    expect(packets).toHaveLength(1);
  });

  it('yields two frames from one chunk', () => {
    const { framer } = framerWithErrors();
    const packets = framer.push(concatBytes(R30X_GOLDEN.ackNoFinger, search));
    expect(packets.map((p) => p.payload[0])).toEqual([0x02, 0x00]);
  });

  it('skips garbage before a header and reports it once', () => {
    const { framer, errors } = framerWithErrors();
    const packets = framer.push(concatBytes(fromHex('00 55 EF 13 01'), search));
    expect(packets).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(FrameFormatError);
    expect(errors[0]?.skipped).toEqual(fromHex('00 55 EF 13 01'));
  });

  it('keeps a trailing EF that may start the next header', () => {
    const { framer, errors } = framerWithErrors();
    expect(framer.push(fromHex('AA EF'))).toEqual([]);
    expect(framer.push(search.subarray(1))).toHaveLength(1);
    expect(errors.map((e) => e.skipped)).toEqual([fromHex('AA')]);
  });

  it('skips a frame with a bad checksum, reports one ChecksumError and continues', () => {
    const { framer, errors } = framerWithErrors();
    const corrupt = Uint8Array.from(search);
    corrupt[corrupt.length - 1] = corrupt.at(-1)! ^ 0xff;
    const packets = framer.push(concatBytes(corrupt, R30X_GOLDEN.ackNoFinger));
    expect(packets.map((p) => p.payload[0])).toEqual([0x02]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(ChecksumError);
    expect(errors[0]?.skipped).toEqual(corrupt);
  });

  it('finds a real frame hidden inside a false candidate', () => {
    const { framer, errors } = framerWithErrors();
    // A false header claiming 16 more bytes swallows the start of the real frame; the checksum fails,
    // and parsing resumes right after the false header.
    const packets = framer.push(concatBytes(fromHex('EF 01 00 00 00 00 07 00 10'), search, search));
    expect(packets).toHaveLength(2);
    expect(errors.map((e) => e.error.constructor)).toEqual([ChecksumError]);
  });

  it('rejects an unknown PID and an impossible length without waiting for more bytes', () => {
    const { framer, errors } = framerWithErrors();
    const badPid = fromHex('EF 01 FF FF FF FF 05 00 03 01 00 09');
    const badLength = fromHex('EF 01 FF FF FF FF 02 01 03');
    const packets = framer.push(concatBytes(badPid, badLength, R30X_GOLDEN.genImg));
    expect(packets).toHaveLength(1);
    expect(errors.map((e) => e.error.message)).toEqual([
      expect.stringMatching(/packet identifier 0x05/),
      expect.stringMatching(/length field 259/),
    ]);
  });

  it('accepts a 256-byte data payload (§6)', () => {
    const { framer, errors } = framerWithErrors();
    const data = Uint8Array.from({ length: 512 }, (_, i) => i & 0xff);
    const packets = framer.push(concatBytes(...encodeDataPackets(data, 256, 0xffffffff)));
    expect(packets.map((p) => [p.pid, p.payload.length])).toEqual([
      [R30xPid.data, 256],
      [R30xPid.endData, 256],
    ]);
    expect(errors).toEqual([]);
  });

  it('forgets a partial frame on reset', () => {
    const { framer } = framerWithErrors();
    framer.push(search.subarray(0, 10));
    framer.reset();
    expect(framer.push(R30X_GOLDEN.genImg)).toHaveLength(1);
  });
});
