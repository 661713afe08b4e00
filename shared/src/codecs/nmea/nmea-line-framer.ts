import { type CodecError, FrameFormatError } from '../../errors.ts';
import type { Framer, FramerErrorHandler } from '../framer.ts';
import { NMEA_MAX_SENTENCE, NMEA_PROTOCOL, splitSentence } from './nmea-codec.ts';

const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits an NMEA byte stream into sentences (§1): `$` … CR LF. Yields each sentence without its line
 * break, only after its checksum has been verified. Text before a `$`, a sentence cut short by the next
 * `$`, a non-printable byte, an over-long line or a bad or missing checksum is reported and skipped.
 */
export class NmeaLineFramer implements Framer<string> {
  /** Bytes of the current sentence from its `$`; empty while hunting for one. */
  private line: number[] = [];
  private noise: number[] = [];
  /** The rest of a rejected sentence, up to its line end, is part of what was reported. */
  private discarding = false;

  constructor(private readonly onError: FramerErrorHandler = () => {}) {}

  push(chunk: Uint8Array): string[] {
    const sentences: string[] = [];
    for (const byte of chunk) {
      if (byte === DOLLAR) {
        this.flushNoise();
        if (this.line.length > 0) this.reject(this.line, 'sentence cut short by the next "$"');
        this.discarding = false;
        this.line = [byte];
      } else if (this.line.length === 0) {
        if (this.discarding) this.discarding = byte !== LF;
        else this.noise.push(byte);
      } else if (byte === LF) {
        const sentence = this.complete();
        if (sentence) sentences.push(sentence);
      } else if ((byte < 0x20 && byte !== CR) || byte > 0x7e) {
        this.reject([...this.line, byte], 'non-printable byte inside a sentence');
      } else {
        this.line.push(byte);
        if (this.line.length > NMEA_MAX_SENTENCE) this.reject(this.line, 'no line end within 100 characters');
      }
    }
    this.flushNoise();
    return sentences;
  }

  reset(): void {
    this.line = [];
    this.noise = [];
    this.discarding = false;
  }

  private complete(): string | undefined {
    const bytes = this.line;
    this.line = [];
    const sentence = Buffer.from(bytes).toString('latin1').replace(/\r$/, '');
    try {
      splitSentence(sentence);
      return sentence;
    } catch (error) {
      this.onError(error as CodecError, Uint8Array.from(bytes));
      return undefined;
    }
  }

  private reject(bytes: number[], reason: string): void {
    this.line = [];
    this.discarding = true;
    this.onError(new FrameFormatError(NMEA_PROTOCOL, reason), Uint8Array.from(bytes));
  }

  private flushNoise(): void {
    if (this.noise.length === 0) return;
    const skipped = Uint8Array.from(this.noise);
    this.noise = [];
    // A bare line break between sentences is not noise.
    if (skipped.every((b) => b === CR || b === LF)) return;
    this.onError(
      new FrameFormatError(NMEA_PROTOCOL, `${skipped.length} byte(s) outside a sentence skipped`),
      skipped,
    );
  }
}
