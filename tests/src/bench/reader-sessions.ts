import { encodeSceneJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import { DEFAULT_CHUNK_BYTES } from '@vaultline/gateway/devices/camera/camera';
import {
  encodeFrameLengthReply,
  encodeReadFbufMarker,
  encodeReply,
  encodeVersionReply,
  Vc0706Cmd,
} from '@vaultline/shared/codecs/camera-vc0706/vc0706-codec';
import { Vc0706Framer } from '@vaultline/shared/codecs/camera-vc0706/vc0706-framer';
import {
  encodeAck,
  encodeCommand,
  encodeDataPackets,
  encodeIndexTableData,
  encodeSearchData,
  encodeSysParamsData,
  encodeUint16Data,
  R30X_DEFAULT_ADDRESS,
  R30X_TEMPLATE_BYTES,
  R30xStatus,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { R30xFramer } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-framer';
import { encodeEm4100Frame } from '@vaultline/shared/codecs/rfid-em4100/em4100-codec';
import { Em4100Framer } from '@vaultline/shared/codecs/rfid-em4100/em4100-framer';
import {
  encodeRoundEnd,
  encodeTagFrame,
  encodeTemperatureReply,
  encodeWorkAntennaReply,
  R2000_DEFAULT_ADDRESS,
} from '@vaultline/shared/codecs/rfid-r2000/r2000-codec';
import { R2000Framer } from '@vaultline/shared/codecs/rfid-r2000/r2000-framer';
import {
  byteLength,
  continuousReads,
  type FramerStream,
  type Reply,
  repeat,
  repetitions,
  replyReads,
} from './framer-streams.ts';
import { grouped } from './measure.ts';

const R30X = R30X_DEFAULT_ADDRESS;
const OK = R30xStatus.ok;
/** Templates loaded into the module in one sync; an R307 sends 128-byte data packets by default (§4). */
const SYNCED_TEMPLATES = 8;
const R30X_PACKET_BYTES = 128;

/** Acks an identify cycle and a template sync draw from a module (fingerprint-r30x.md §3, §4, §6). */
export function r30xModuleReplies(readBytes: number): FramerStream<R30xFramer> {
  const identify = [
    ...repeat([encodeAck(R30X, R30xStatus.noFinger)], 4), // GenImg polled until a finger lies on the glass
    encodeAck(R30X, OK), // GenImg
    encodeAck(R30X, OK), // Img2Tz
    encodeAck(R30X, OK, encodeSearchData({ pageId: 17, score: 132 })), // Search
  ];
  const sysParams = { statusRegister: 0, systemId: 0x0009, capacity: 1000, securityLevel: 3 };
  const sync = [
    encodeAck(
      R30X,
      OK,
      encodeSysParamsData({ ...sysParams, address: R30X, packetSize: 128, baudMultiplier: 6 }),
    ),
    encodeAck(R30X, OK, encodeUint16Data(SYNCED_TEMPLATES)), // TemplateNum
    encodeAck(R30X, OK, encodeIndexTableData(0, [0, 1, 2, 3, 4, 5, 6, 7])), // ReadIndexTable
    ...repeat([encodeAck(R30X, OK), encodeAck(R30X, OK)], SYNCED_TEMPLATES), // DownChar, Store
  ];
  const session = [...identify, ...sync];
  const times = repetitions(byteLength(session));
  return {
    name: 'R30x fingerprint, module → gateway',
    mix: `identify (4 no-finger polls, GenImg, Img2Tz, Search) + sync acks of ${SYNCED_TEMPLATES} templates`,
    create: (onError) => new R30xFramer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: session.length * times,
  };
}

/** What a module's own framer reads: identify commands and template downloads in data packets (§6). */
export function r30xGatewayCommands(readBytes: number): FramerStream<R30xFramer> {
  const template = Uint8Array.from({ length: R30X_TEMPLATE_BYTES }, (_, i) => (i * 37 + 11) & 0xff);
  const download = encodeDataPackets(template, R30X_PACKET_BYTES, R30X);
  const session = [
    ...repeat([encodeCommand({ op: 'genImg' })], 5),
    encodeCommand({ op: 'img2Tz', buffer: 1 }),
    encodeCommand({ op: 'search', buffer: 1, startPage: 0, pageCount: 1000 }),
    ...repeat(
      [
        encodeCommand({ op: 'downChar', buffer: 1 }),
        ...download,
        encodeCommand({ op: 'store', buffer: 1, pageId: 3 }),
      ],
      SYNCED_TEMPLATES,
    ),
  ];
  const times = repetitions(byteLength(session));
  return {
    name: 'R30x fingerprint, gateway → module',
    mix: `identify commands + ${SYNCED_TEMPLATES} × (DownChar, ${download.length} data packets of ${R30X_PACKET_BYTES} B, Store)`,
    create: (onError) => new R30xFramer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: session.length * times,
  };
}

/** Cash boxes on a trolley in the hand-over zone, each read on several antennas (rfid-uhf-r2000.md §5). */
const BOX_EPCS = Array.from(
  { length: 12 },
  (_, i) => `E2801160600002${(0x4a10 + i).toString(16).toUpperCase()}0000AB`,
);

/** Real-time inventory rounds on four antennas, with the driver's occasional housekeeping replies. */
export function r2000Inventory(readBytes: number): FramerStream<R2000Framer> {
  const rounds = [1, 2, 3, 4].flatMap((antenna) => [
    ...BOX_EPCS.map((epc, i) =>
      encodeTagFrame(R2000_DEFAULT_ADDRESS, {
        antenna,
        frequencyIndex: (antenna * 7 + i) % 50,
        pc: 0x3000,
        epc,
        rssiRaw: 60 + ((i * 5) % 30),
      }),
    ),
    encodeRoundEnd(R2000_DEFAULT_ADDRESS, { antenna, readRate: 180, totalReads: BOX_EPCS.length }),
  ]);
  const session = [
    ...rounds,
    encodeWorkAntennaReply(R2000_DEFAULT_ADDRESS, 1),
    encodeTemperatureReply(R2000_DEFAULT_ADDRESS, 38),
  ];
  const times = repetitions(byteLength(session));
  return {
    name: 'R2000 UHF RFID, reader → gateway',
    mix: `4 inventory rounds of ${BOX_EPCS.length} tags (12-byte EPC) + round end; antenna and temperature replies`,
    create: (onError) => new R2000Framer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: session.length * times,
  };
}

/** A 125 kHz reader repeats the card in its field several times a second (rfid-uhf-r2000.md §9). */
export function em4100Cards(readBytes: number): FramerStream<Em4100Framer> {
  const cards = ['010A2B3C4D', '010A2B3C4E', '0E00F1A2B3', '3C00112233', '3C00445566'];
  const session = cards.flatMap((card) => repeat([encodeEm4100Frame(card)], 4));
  const times = repetitions(byteLength(session));
  return {
    name: 'EM4100 125 kHz, reader → gateway',
    mix: `${cards.length} cards, each repeated 4 times while held to the reader`,
    create: (onError) => new Em4100Framer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: session.length * times,
  };
}

/** Quality the simulated camera derives from its power-on compression register 0x35. */
const CAMERA_QUALITY = 60;

/** Captures of 320 × 240 JPEGs as the Camera driver reads them (camera-vc0706.md §7), plus a health probe. */
export function vc0706Captures(readBytes: number): FramerStream<Vc0706Framer> {
  const scene = { label: 'ZHANG WEI', caption: 'CAM bench', timestamp: '2025-01-01 09:00:00Z' };
  const jpeg = encodeSceneJpeg({ ...scene, width: 320, height: 240 }, CAMERA_QUALITY);
  const marker = encodeReadFbufMarker();
  const capture: Reply<Vc0706Framer>[] = [{ bytes: encodeReply(Vc0706Cmd.fbufCtrl, 0) }];
  capture.push({ bytes: encodeFrameLengthReply(jpeg.length) });
  for (let start = 0; start < jpeg.length; start += DEFAULT_CHUNK_BYTES) {
    const length = Math.ceil(Math.min(DEFAULT_CHUNK_BYTES, jpeg.length - start) / 8) * 8;
    const data = new Uint8Array(length);
    data.set(jpeg.subarray(start, start + length));
    capture.push({
      bytes: Buffer.concat([marker, data, marker]),
      before: (framer) => framer.expectImageData(length),
    });
  }
  capture.push({ bytes: encodeReply(Vc0706Cmd.fbufCtrl, 0) }, { bytes: encodeVersionReply('VC0706 1.00') });
  const times = repetitions(byteLength(capture.map((reply) => reply.bytes)));
  const chunks = capture.length - 4;
  return {
    name: 'VC0706 camera, camera → gateway',
    mix: `capture of a ${grouped(jpeg.length)} B JPEG: freeze, length, ${chunks} READ_FBUF chunks of ${DEFAULT_CHUNK_BYTES} B, resume; version probe`,
    create: (onError) => new Vc0706Framer({ onError }),
    reads: replyReads(repeat(capture, times), readBytes),
    frames: capture.length * times,
  };
}
