import { encodeGga, encodeRmc, type NmeaFixInput } from '@vaultline/shared/codecs/nmea/nmea-encoder';
import type { VehicleFix } from './vehicle-motion.ts';

/** What can go wrong with the vehicle's GNSS receiver: nothing, no satellites, or a noisy serial line. */
export const GPS_FAULTS = ['none', 'no-fix', 'corrupt'] as const;
export type GpsFault = (typeof GPS_FAULTS)[number];

export interface GpsReceiverOptions {
  /** `GN`: a multi-constellation receiver, as in the synthetic vehicle sentences of nmea-gps.md §5. */
  talker?: string;
  satellites?: number;
  hdop?: number;
  altitudeM?: number;
  geoidSeparationM?: number;
}

/**
 * Index of a character inside the UTC time field (`$GNRMC,hh…`), for the `corrupt` fault. Flipping its
 * lowest bit turns one digit into another, so the sentence still looks like NMEA and only its checksum
 * (§1) tells it is wrong — as with a bit error on the receiver's serial line.
 */
const CORRUPT_INDEX = 8;

/**
 * The vehicle's GNSS receiver: for each fix, one RMC then one GGA sentence (nmea-gps.md §6), CR LF
 * terminated with fresh checksums, as the bytes it writes to the telematics unit's serial port.
 */
export class GpsReceiver {
  fault: GpsFault = 'none';
  private readonly talker: string;
  private readonly quality: Pick<NmeaFixInput, 'satellites' | 'hdop' | 'altitudeM' | 'geoidSeparationM'>;

  constructor(options: GpsReceiverOptions = {}) {
    this.talker = options.talker ?? 'GN';
    this.quality = {
      satellites: options.satellites ?? 9,
      hdop: options.hdop ?? 0.9,
      altitudeM: options.altitudeM ?? 23.4,
      geoidSeparationM: options.geoidSeparationM ?? 45.9,
    };
  }

  /** The sentences of one fix at `timestamp` (UTC ms, simulated time). */
  sentences(timestamp: number, fix: VehicleFix): string {
    const input: NmeaFixInput =
      this.fault === 'no-fix'
        ? { timestamp, position: null, satellites: 0 }
        : {
            timestamp,
            position: { latitude: fix.position.lat, longitude: fix.position.lon },
            speedKmh: fix.speedKmh,
            // The sentence carries one decimal; 359.96° must not print as 360.0.
            courseDeg: (Math.round(fix.headingDeg * 10) % 3600) / 10,
            ...this.quality,
          };
    const sentences = [encodeRmc(input, this.talker), encodeGga(input, this.talker)];
    return (this.fault === 'corrupt' ? sentences.map(corrupt) : sentences).join('');
  }
}

function corrupt(sentence: string): string {
  const flipped = String.fromCharCode(sentence.charCodeAt(CORRUPT_INDEX) ^ 0x01);
  return sentence.slice(0, CORRUPT_INDEX) + flipped + sentence.slice(CORRUPT_INDEX + 1);
}
