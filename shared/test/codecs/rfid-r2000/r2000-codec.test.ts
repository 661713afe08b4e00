import { describe, expect, it } from 'vitest';
import {
  decodeFirmwareVersionReply,
  decodeInventoryFrame,
  decodeR2000Frame,
  decodeStatusReply,
  decodeTemperatureReply,
  decodeWorkAntennaReply,
  encodeFirmwareVersionReply,
  encodeR2000Frame,
  encodeRoundEnd,
  encodeRoundError,
  encodeStatusReply,
  encodeTagFrame,
  encodeTemperatureReply,
  encodeWorkAntennaReply,
  getFirmwareVersionCommand,
  getTemperatureCommand,
  getWorkAntennaCommand,
  R2000_CMD,
  r2000Checksum,
  r2000FrequencyMhz,
  r2000RssiDbm,
  r2000StatusMeaning,
  realTimeInventoryCommand,
  resetCommand,
  setUartBaudCommand,
  setWorkAntennaCommand,
} from '../../../src/codecs/rfid-r2000/r2000-codec.ts';
import { ChecksumError, FrameFormatError } from '../../../src/errors.ts';
import { R2000_GOLDEN as G, R2000_CHECKSUM_VECTORS } from '../../fixtures/r2000-golden-frames.ts';

describe('R2000 checksum (§3)', () => {
  it.each(R2000_CHECKSUM_VECTORS)('matches the rust-invelion test vector %#', ({ bytes, check }) => {
    expect(r2000Checksum(bytes)).toBe(check);
  });

  it('makes every golden frame sum to 0 mod 256', () => {
    for (const frame of Object.values(G)) expect(frame.reduce((sum, byte) => sum + byte, 0) & 0xff).toBe(0);
  });
});

describe('R2000 golden encode (§7)', () => {
  it('builds the host commands byte for byte', () => {
    expect(getFirmwareVersionCommand()).toEqual(G.getFirmwareVersion);
    expect(setWorkAntennaCommand(1)).toEqual(G.setWorkAntenna1);
    expect(getTemperatureCommand()).toEqual(G.getTemperature);
    expect(realTimeInventoryCommand()).toEqual(G.realTimeInventory);
    expect(realTimeInventoryCommand(0xff, 0x01)).toEqual(G.realTimeInventory);
  });

  it('builds the reader answers byte for byte', () => {
    expect(encodeFirmwareVersionReply(1, { major: 1, minor: 5 })).toEqual(G.firmwareVersionReply);
    expect(encodeStatusReply(1, R2000_CMD.setWorkAntenna, 0x10)).toEqual(G.setWorkAntennaReply);
    expect(encodeTemperatureReply(1, 35)).toEqual(G.temperatureReply);
    expect(
      encodeTagFrame(1, {
        antenna: 1,
        frequencyIndex: 20,
        pc: 0x3000,
        epc: 'E28011606000020A1B2C3D4E',
        rssiRaw: 0x5a,
      }),
    ).toEqual(G.tagFrame);
    expect(encodeRoundEnd(1, { antenna: 1, readRate: 42, totalReads: 100 })).toEqual(G.roundEnd);
    expect(encodeRoundError(1, 0x22)).toEqual(G.roundErrorAntennaMissing);
  });

  it('builds the other §4 commands with the §3 layout', () => {
    expect(getWorkAntennaCommand()).toEqual(Uint8Array.of(0xa0, 0x03, 0x01, 0x75, 0xe7));
    expect(resetCommand()).toEqual(Uint8Array.of(0xa0, 0x03, 0x01, 0x70, 0xec));
    // 0x04 = 115200 baud (§2); A0+04+01+71+04 = 0x11A → check 0xE6.
    expect(setUartBaudCommand(115_200)).toEqual(Uint8Array.of(0xa0, 0x04, 0x01, 0x71, 0x04, 0xe6));
    expect(setWorkAntennaCommand(4, 0x02)).toEqual(Uint8Array.of(0xa0, 0x04, 0x02, 0x74, 0x03, 0xe3));
  });

  it('refuses antennas the protocol cannot address', () => {
    expect(() => setWorkAntennaCommand(0)).toThrow(FrameFormatError);
    expect(() => setWorkAntennaCommand(5)).toThrow(/antenna 5/);
  });

  it('refuses data that does not fit one Len byte', () => {
    expect(() => encodeR2000Frame({ address: 1, cmd: 0x89, data: new Uint8Array(253) })).toThrow(
      FrameFormatError,
    );
    expect(encodeR2000Frame({ address: 1, cmd: 0x89, data: new Uint8Array(252) })[1]).toBe(0xff);
  });
});

describe('R2000 golden decode (§7)', () => {
  it('splits a frame into address, cmd and data', () => {
    expect(decodeR2000Frame(G.firmwareVersionReply)).toEqual({
      address: 1,
      cmd: 0x72,
      data: Uint8Array.of(0x01, 0x05),
    });
  });

  it('decodes the firmware version, status and temperature answers', () => {
    expect(decodeFirmwareVersionReply(decodeR2000Frame(G.firmwareVersionReply))).toEqual({
      ok: true,
      value: { major: 1, minor: 5 },
    });
    expect(decodeStatusReply(decodeR2000Frame(G.setWorkAntennaReply), R2000_CMD.setWorkAntenna)).toEqual({
      ok: true,
      status: 0x10,
      meaning: 'success',
    });
    expect(decodeTemperatureReply(decodeR2000Frame(G.temperatureReply))).toEqual({ ok: true, value: 35 });
  });

  it('decodes the tag frame: antenna, frequency, PC, EPC and RSSI', () => {
    expect(decodeInventoryFrame(decodeR2000Frame(G.tagFrame))).toEqual({
      type: 'tag',
      antenna: 1,
      frequencyIndex: 20,
      frequencyMhz: 908.5,
      pc: 0x3000,
      epc: 'E28011606000020A1B2C3D4E',
      rssiRaw: 0x5a,
      rssiDbm: -39,
    });
  });

  it('decodes the end-of-round summary and the error end frame', () => {
    expect(decodeInventoryFrame(decodeR2000Frame(G.roundEnd))).toEqual({
      type: 'end',
      antenna: 1,
      readRate: 42,
      totalReads: 100,
    });
    expect(decodeInventoryFrame(decodeR2000Frame(G.roundErrorAntennaMissing))).toEqual({
      type: 'error',
      status: 0x22,
      meaning: 'antenna missing',
    });
  });

  it('rejects a bad checksum and an inconsistent Len', () => {
    const corrupt = Uint8Array.from(G.getFirmwareVersion);
    corrupt[4] = 0xeb;
    expect(() => decodeR2000Frame(corrupt)).toThrow(ChecksumError);
    expect(() => decodeR2000Frame(G.getFirmwareVersion.subarray(0, 4))).toThrow(FrameFormatError);
    expect(() => decodeR2000Frame(Uint8Array.of(0xa0, 0x04, 0x01, 0x72, 0xe9))).toThrow(/Len/);
    expect(() => decodeR2000Frame(Uint8Array.of(0xa1, 0x03, 0x01, 0x72, 0xe9))).toThrow(/head/);
  });
});

describe('R2000 response details (§4–§6)', () => {
  const frame = (cmd: number, ...data: number[]) => ({ address: 1, cmd, data: Uint8Array.from(data) });

  it('reads a 1-byte answer to a "get" command as an error code', () => {
    expect(decodeFirmwareVersionReply(frame(0x72, 0x11))).toEqual({
      ok: false,
      status: 0x11,
      meaning: 'failure',
    });
    expect(decodeTemperatureReply(frame(0x7b, 0x53))).toEqual({
      ok: false,
      status: 0x53,
      meaning: 'RF chip no response',
    });
  });

  it('reads sign byte 0x00 as below zero', () => {
    expect(decodeTemperatureReply(frame(0x7b, 0x00, 0x05))).toEqual({ ok: true, value: -5 });
    expect(encodeTemperatureReply(1, -5)).toEqual(encodeR2000Frame(frame(0x7b, 0x00, 0x05)));
    expect(() => decodeTemperatureReply(frame(0x7b, 0x02, 0x05))).toThrow(/sign/);
  });

  it('reads work antenna 0…3 as antennas 1…4 and anything else as an error code', () => {
    expect(decodeWorkAntennaReply(frame(0x75, 0x03))).toEqual({ ok: true, value: 4 });
    expect(decodeWorkAntennaReply(frame(0x75, 0x22))).toEqual({
      ok: false,
      status: 0x22,
      meaning: 'antenna missing',
    });
    expect(encodeWorkAntennaReply(1, 2)).toEqual(encodeR2000Frame(frame(0x75, 0x01)));
  });

  it('reports a failed "set" and refuses answers to another command', () => {
    expect(decodeStatusReply(frame(0x74, 0x47), 0x74)).toEqual({
      ok: false,
      status: 0x47,
      meaning: 'antenna id out of range',
    });
    expect(() => decodeStatusReply(frame(0x72, 0x10), 0x74)).toThrow(FrameFormatError);
    expect(() => decodeFirmwareVersionReply(frame(0x72, 1, 2, 3))).toThrow(/3 data bytes/);
  });

  it('maps frequency indexes, RSSI and the antenna bits of FreqAnt', () => {
    expect(r2000FrequencyMhz(0)).toBe(865);
    expect(r2000FrequencyMhz(6)).toBe(868);
    expect(r2000FrequencyMhz(7)).toBe(902);
    expect(r2000RssiDbm(90)).toBe(-39);
    expect(r2000RssiDbm(89)).toBe(-41);
    // FreqAnt 0x0B: index 2, antenna id 3; RSSI byte with bit 7 set is masked to 0x50.
    const tag = decodeInventoryFrame(frame(0x89, 0x0b, 0x30, 0x00, 1, 2, 3, 4, 0xd0));
    expect(tag).toMatchObject({
      antenna: 4,
      frequencyIndex: 2,
      frequencyMhz: 866,
      epc: '01020304',
      rssiRaw: 0x50,
    });
  });

  it('refuses inventory shapes §5 does not define', () => {
    expect(() => decodeInventoryFrame(frame(0x89))).toThrow(FrameFormatError);
    expect(() => decodeInventoryFrame(frame(0x89, 1, 2, 3))).toThrow(/3 data bytes/);
    expect(() => decodeInventoryFrame(frame(0x72, 1))).toThrow(/not real-time inventory/);
    expect(() =>
      encodeTagFrame(1, { antenna: 1, frequencyIndex: 0, pc: 0, epc: 'E280', rssiRaw: 0 }),
    ).toThrow(/at least 4 bytes/);
  });

  it('names every §6 code and flags unknown ones', () => {
    expect(r2000StatusMeaning(0x10)).toBe('success');
    expect(r2000StatusMeaning(0x22)).toBe('antenna missing');
    expect(r2000StatusMeaning(0x57)).toBe('output power too low');
    expect(r2000StatusMeaning(0x99)).toBe('unknown status 0x99');
  });
});
