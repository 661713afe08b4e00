import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes.ts';
import {
  decodeFrameLength,
  decodeImageSize,
  decodeRegisterByte,
  decodeVersion,
  encodeFbufCtrl,
  encodeFrameLengthReply,
  encodeGetCompression,
  encodeGetFbufLen,
  encodeGetImageSize,
  encodeGetVersion,
  encodeReadFbuf,
  encodeReadFbufMarker,
  encodeReply,
  encodeReset,
  encodeSetCompression,
  encodeSetImageSize,
  encodeSetPort,
  encodeVersionReply,
  imageDimensions,
  type Vc0706Reply,
} from '../../../src/codecs/camera-vc0706/vc0706-codec.ts';
import { decodeCommand } from '../../../src/codecs/camera-vc0706/vc0706-command-decoder.ts';
import { Vc0706CommandFramer } from '../../../src/codecs/camera-vc0706/vc0706-command-framer.ts';
import { Vc0706Framer } from '../../../src/codecs/camera-vc0706/vc0706-framer.ts';
import { FrameFormatError } from '../../../src/errors.ts';
import { commands, replies } from '../../fixtures/vc0706-golden-frames.ts';

const hex = (bytes: Uint8Array) => toHex(bytes);

function replyOf(bytes: Uint8Array): Vc0706Reply {
  const frames = new Vc0706Framer().push(bytes);
  expect(frames).toHaveLength(1);
  const [frame] = frames;
  if (frame?.type !== 'reply') throw new Error('expected a reply');
  return frame;
}

function requestOf(bytes: Uint8Array) {
  const framed = new Vc0706CommandFramer().push(bytes);
  expect(framed).toHaveLength(1);
  return decodeCommand(framed[0]!);
}

describe('VC0706 command builders match the golden frames', () => {
  it.each([
    ['reset', encodeReset(), commands.reset],
    ['get version', encodeGetVersion(), commands.getVersion],
    ['freeze', encodeFbufCtrl('stopCurrent'), commands.freeze],
    ['resume', encodeFbufCtrl('resume'), commands.resume],
    ['frame length', encodeGetFbufLen('current'), commands.getFrameLength],
    ['read first 32 bytes', encodeReadFbuf({ start: 0, length: 32 }), commands.readFirst32],
    ['read next 32 bytes', encodeReadFbuf({ start: 32, length: 32, delay: 0x0a }), commands.readNext32],
    ['set size 320x240', encodeSetImageSize('320x240'), commands.setSize320x240],
    ['set size 640x480', encodeSetImageSize('640x480'), commands.setSize640x480],
    ['set size 160x120', encodeSetImageSize('160x120'), commands.setSize160x120],
    ['get size', encodeGetImageSize(), commands.getSize],
    ['set compression', encodeSetCompression(0x36), commands.setCompression],
    ['get compression', encodeGetCompression(), commands.getCompression],
    ['set port 9600', encodeSetPort(9600), commands.setPort[9600]],
    ['set port 19200', encodeSetPort(19200), commands.setPort[19200]],
    ['set port 38400', encodeSetPort(38400), commands.setPort[38400]],
    ['set port 57600 (PTC06 code)', encodeSetPort(57600), commands.setPort[57600]],
    ['set port 115200', encodeSetPort(115200), commands.setPort[115200]],
  ])('%s', (_name, encoded, golden) => {
    expect(hex(encoded)).toBe(hex(golden));
  });
});

describe('VC0706 reply builders match the golden frames', () => {
  it.each([
    ['reset', encodeReply(0x26, 0), replies.reset],
    ['version', encodeVersionReply('VC0706 1.00'), replies.version],
    ['fbuf ctrl', encodeReply(0x36, 0), replies.fbufCtrl],
    ['frame length', encodeFrameLengthReply(15_000), replies.frameLength],
    ['read fbuf marker', encodeReadFbufMarker(), replies.readFbufMarker],
    ['write data', encodeReply(0x31, 0), replies.writeData],
    ['image size', encodeReply(0x30, 0, [0x11]), replies.imageSize],
    ['set port', encodeReply(0x24, 0), replies.setPort],
  ])('%s', (_name, encoded, golden) => {
    expect(hex(encoded)).toBe(hex(golden));
  });
});

describe('VC0706 reply decoders read the golden replies', () => {
  it('version string', () => {
    expect(decodeVersion(replyOf(replies.version))).toBe('VC0706 1.00');
  });

  it('frame length, big-endian', () => {
    expect(decodeFrameLength(replyOf(replies.frameLength))).toBe(15_000);
  });

  it('image size register', () => {
    const reply = replyOf(replies.imageSize);
    expect(decodeRegisterByte(reply)).toBe(0x11);
    expect(decodeImageSize(reply)).toBe('320x240');
    expect(imageDimensions('320x240')).toEqual({ width: 320, height: 240 });
  });

  it('plain OK replies keep command and status', () => {
    expect(replyOf(replies.reset)).toMatchObject({ cmd: 0x26, status: 0, serial: 0 });
    expect(replyOf(replies.setPort)).toMatchObject({ cmd: 0x24, status: 0 });
    expect(replyOf(replies.fbufCtrl).data).toHaveLength(0);
  });

  it('rejects a reply to another command or of the wrong length', () => {
    expect(() => decodeFrameLength(replyOf(replies.version))).toThrow(FrameFormatError);
    expect(() => decodeFrameLength(replyOf(encodeReply(0x34, 0, [1, 2])))).toThrow(/expected 4/);
    expect(() => decodeImageSize(replyOf(encodeReply(0x30, 0, [0x77])))).toThrow(/unknown image size/);
  });
});

describe('VC0706 command decoder (simulator side) reads the golden commands', () => {
  it.each([
    ['reset', commands.reset, { kind: 'reset' }],
    ['get version', commands.getVersion, { kind: 'getVersion' }],
    ['get version, Adafruit form', commands.getVersionAdafruit, { kind: 'getVersion' }],
    ['freeze', commands.freeze, { kind: 'fbufCtrl', action: 'stopCurrent' }],
    ['resume', commands.resume, { kind: 'fbufCtrl', action: 'resume' }],
    ['frame length', commands.getFrameLength, { kind: 'getFbufLen', frame: 'current' }],
    [
      'read first 32',
      commands.readFirst32,
      { kind: 'readFbuf', frameType: 0, controlMode: 0x0a, start: 0, length: 32, delay: 0x0a },
    ],
    ['read next 32', commands.readNext32, { kind: 'readFbuf', start: 32, length: 32 }],
    ['set size', commands.setSize320x240, { kind: 'setImageSize', code: 0x11 }],
    ['set size 160x120', commands.setSize160x120, { kind: 'setImageSize', code: 0x22 }],
    ['get size', commands.getSize, { kind: 'getImageSize' }],
    ['set compression', commands.setCompression, { kind: 'setCompression', value: 0x36 }],
    ['get compression', commands.getCompression, { kind: 'getCompression' }],
    ['set port 9600', commands.setPort[9600], { kind: 'setPort', baud: 9600 }],
    ['set port 19200', commands.setPort[19200], { kind: 'setPort', baud: 19200 }],
    ['set port 38400', commands.setPort[38400], { kind: 'setPort', baud: 38400 }],
    ['set port 57600', commands.setPort[57600], { kind: 'setPort', baud: 57600 }],
    ['set port 57600, Adafruit code', commands.setPort57600Adafruit, { kind: 'setPort', baud: 57600 }],
    ['set port 115200', commands.setPort[115200], { kind: 'setPort', baud: 115200 }],
  ])('%s', (_name, bytes, expected) => {
    expect(requestOf(bytes)).toMatchObject(expected);
  });

  it('reports unknown commands and malformed arguments as invalid', () => {
    expect(requestOf(Uint8Array.from([0x56, 0, 0x44, 0]))).toMatchObject({ kind: 'invalid' });
    expect(requestOf(Uint8Array.from([0x56, 0, 0x36, 1, 0x07]))).toMatchObject({ kind: 'invalid' });
    expect(requestOf(Uint8Array.from([0x56, 0, 0x32, 2, 0, 0x0a]))).toMatchObject({ kind: 'invalid' });
    expect(requestOf(Uint8Array.from([0x56, 0, 0x24, 3, 1, 0x12, 0x34]))).toMatchObject({ kind: 'invalid' });
    expect(requestOf(Uint8Array.from([0x56, 0, 0x30, 4, 4, 1, 0x00, 0x42]))).toMatchObject({
      kind: 'invalid',
    });
  });
});
