import type { CodecError } from '@vaultline/shared';
import { type NmeaGga, type NmeaRmc, parseNmea } from '@vaultline/shared/codecs/nmea/nmea-codec';
import { NmeaLineFramer } from '@vaultline/shared/codecs/nmea/nmea-line-framer';
import type { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';

export interface TelematicsCounters {
  /** Sentences that passed framing and checksum. */
  sentences: number;
  /** Byte runs or sentences dropped: bad checksum, garbage, malformed fields. */
  rejected: number;
  /** Fixes the receiver reported without a usable position (RMC `V`, mode `N`, GGA quality 0). */
  noFix: number;
  positions: number;
}

/**
 * The telematics side of the vehicle unit: reads the GNSS receiver's NMEA stream with the shared codec
 * and turns each RMC + GGA pair of one fix into the `pos` payload (DESIGN §7). A position is accepted
 * only as nmea-gps.md §6 says: RMC status `A`, mode not `N`, GGA fix quality > 0, paired by UTC time.
 */
export class GpsTelematics {
  readonly counters: TelematicsCounters = { sentences: 0, rejected: 0, noFix: 0, positions: 0 };
  private readonly framer: NmeaLineFramer;
  private pending: NmeaRmc | undefined;

  constructor(private readonly onReject: (error: CodecError) => void = () => {}) {
    this.framer = new NmeaLineFramer((error) => {
      this.counters.rejected++;
      onReject(error);
    });
  }

  /** Bytes from the receiver, in any chunks; returns the positions completed by them. */
  receive(bytes: Uint8Array): PositionPayload[] {
    const positions: PositionPayload[] = [];
    for (const line of this.framer.push(bytes)) {
      let sentence: NmeaRmc | NmeaGga | undefined;
      try {
        sentence = parseNmea(line);
      } catch (error) {
        this.counters.rejected++;
        this.onReject(error as CodecError);
        continue;
      }
      this.counters.sentences++;
      if (sentence?.type === 'RMC') this.pending = sentence;
      if (sentence?.type !== 'GGA') continue;
      const rmc = this.pending;
      this.pending = undefined;
      if (!rmc || rmc.timeOfDayMs !== sentence.timeOfDayMs) continue;
      const position = toPosition(rmc, sentence);
      if (position) positions.push(position);
      else this.counters.noFix++;
    }
    this.counters.positions += positions.length;
    return positions;
  }
}

function toPosition(rmc: NmeaRmc, gga: NmeaGga): PositionPayload | undefined {
  if (!rmc.valid || rmc.mode === 'not-valid' || !gga.fixQuality) return undefined;
  if (rmc.latitude === null || rmc.longitude === null || rmc.timestamp === null) return undefined;
  return {
    ts: new Date(rmc.timestamp).toISOString(),
    // 7 decimals ≈ 1 cm, finer than the sentence's 0.0001′ (≈ 0.2 m).
    lat: round(rmc.latitude, 7),
    lon: round(rmc.longitude, 7),
    speedKmh: round(rmc.speedKmh ?? 0, 1),
    headingDeg: round(rmc.courseDeg ?? 0, 1),
  };
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
