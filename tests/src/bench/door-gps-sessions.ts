import {
  encodeBitsResponse,
  encodeCoilWrittenResponse,
  encodeReadDiscreteInputs,
  encodeWriteSingleCoil,
} from '@vaultline/shared/codecs/modbus-rtu/modbus-codec';
import { ModbusRequestFramer, ModbusResponseFramer } from '@vaultline/shared/codecs/modbus-rtu/modbus-framer';
import { encodeGga, encodeRmc } from '@vaultline/shared/codecs/nmea/nmea-encoder';
import { NmeaLineFramer } from '@vaultline/shared/codecs/nmea/nmea-line-framer';
import {
  encodeStatusQuery,
  encodeStatusText,
  encodeSwitch,
} from '@vaultline/shared/codecs/relay-lcus/lcus-codec';
import { LcusCommandFramer } from '@vaultline/shared/codecs/relay-lcus/lcus-command-framer';
import { LcusStatusFramer } from '@vaultline/shared/codecs/relay-lcus/lcus-status-framer';
import { byteLength, continuousReads, type FramerStream, repeat, repetitions } from './framer-streams.ts';

/** A mantrap passage: open door 1, let it close, open door 2 (relay-lcus.md §2, §3). */
export function lcusGatewayCommands(readBytes: number): FramerStream<LcusCommandFramer> {
  const session = [
    encodeStatusQuery(),
    encodeSwitch(1, 'energise'),
    encodeSwitch(1, 'release'),
    encodeStatusQuery(),
    encodeSwitch(2, 'energise'),
    encodeSwitch(2, 'release'),
  ];
  const times = repetitions(byteLength(session));
  return {
    name: 'LCUS relay, gateway → board',
    mix: 'status queries and switch commands of a two-door passage',
    create: (onError) => new LcusCommandFramer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: session.length * times,
  };
}

/** The board's text answers to the status queries of a passage, one line per channel (§3). */
export function lcusBoardStatus(readBytes: number): FramerStream<LcusStatusFramer> {
  const session = [
    encodeStatusText([false, false]),
    encodeStatusText([true, false]),
    encodeStatusText([false, false]),
    encodeStatusText([false, true]),
  ];
  const times = repetitions(byteLength(session));
  return {
    name: 'LCUS relay, board → gateway',
    mix: 'status text of a 2-channel board (`CH1: ON ␍␊CH2: OFF␍␊`), one state per line',
    create: (onError) => new LcusStatusFramer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: 2 * session.length * times,
  };
}

/** Slave address of the door-contact I/O module and the contacts it reads (relay-lcus.md §5). */
const CONTACTS = { address: 1, start: 0, quantity: 2 };

/** Contact polling with one coil write per passage, as the I/O module's framer reads it. */
export function modbusRequests(readBytes: number): FramerStream<ModbusRequestFramer> {
  const poll = encodeReadDiscreteInputs(CONTACTS.address, CONTACTS.start, CONTACTS.quantity);
  const session = [...repeat([poll], 8), encodeWriteSingleCoil(CONTACTS.address, 0, true)];
  const times = repetitions(byteLength(session));
  return {
    name: 'Modbus RTU, gateway → I/O module',
    mix: '8 discrete-input polls (FC 02) and one coil write (FC 05)',
    create: (onError) => new ModbusRequestFramer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: session.length * times,
  };
}

/** The I/O module's answers to the polls above: door closed, door 1 opening, and the coil echo. */
export function modbusResponses(readBytes: number): FramerStream<ModbusResponseFramer> {
  const contacts = (door1: boolean, door2: boolean) =>
    encodeBitsResponse(CONTACTS.address, 'discrete-inputs', [door1, door2]);
  const session = [
    ...repeat([contacts(false, false)], 4),
    ...repeat([contacts(true, false)], 4),
    encodeCoilWrittenResponse(CONTACTS.address, 0, true),
  ];
  const times = repetitions(byteLength(session));
  return {
    name: 'Modbus RTU, I/O module → gateway',
    mix: '8 discrete-input replies (FC 02) and one coil-write echo (FC 05)',
    create: (onError) => new ModbusResponseFramer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: session.length * times,
  };
}

/** One minute of a moving vehicle at 1 Hz: RMC + GGA per fix (nmea-gps.md §6). */
export function nmeaFeed(readBytes: number): FramerStream<NmeaLineFramer> {
  const start = Date.UTC(2025, 0, 6, 8, 30, 0);
  const session = Array.from({ length: 60 }, (_, s) => {
    const fix = {
      timestamp: start + s * 1000,
      position: { latitude: 31.2304 + s * 0.0001, longitude: 121.4737 + s * 0.00012 },
      speedKmh: 42 + (s % 7),
      courseDeg: 48.5,
      satellites: 11,
      hdop: 0.9,
      altitudeM: 12.4,
      geoidSeparationM: 8.1,
    };
    return Buffer.from(encodeRmc(fix) + encodeGga(fix), 'latin1');
  });
  const times = repetitions(byteLength(session));
  return {
    name: 'NMEA 0183, GPS → vehicle unit',
    mix: '60 s of a moving vehicle: RMC + GGA at 1 Hz',
    create: (onError) => new NmeaLineFramer(onError),
    reads: continuousReads(repeat(session, times), readBytes),
    frames: 2 * session.length * times,
  };
}
