import { type Clock, DeviceStatusError, type Logger } from '@vaultline/shared';
import {
  decodeAck,
  describeR30xStatus,
  encodeCommand,
  encodeDataPackets,
  type R30xAck,
  type R30xCommand,
  R30xDataCollector,
  type R30xPacket,
  R30xPid,
  R30xStatus,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { R30xFramer } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-framer';
import { DeviceChannel } from '../driver/device-channel.ts';
import type { DeviceLink } from '../transport/device-link.ts';

export interface R30xSessionOptions {
  id: string;
  link: DeviceLink;
  clock: Clock;
  logger: Logger;
  address: number;
  password: number;
  requestTimeoutMs: number;
  /** Outcome of every request made for the driver (not for the health probe), for DeviceHealth. */
  record: (outcome: 'ok' | unknown) => void;
}

/** Commands that must reach the module back to back; only valid inside `R30xSession.transaction`. */
export interface R30xTransaction {
  /** Sends one command and returns its ack, whatever its confirmation code. */
  command(command: R30xCommand): Promise<R30xAck>;
  /** Like `command`, but a non-zero confirmation code rejects with DeviceStatusError. */
  commandOk(command: R30xCommand): Promise<R30xAck>;
  /** UpChar: the content of a character buffer, sent by the module as data packets (§6). */
  upload(buffer: number): Promise<Uint8Array>;
  /** DownChar then the data packets, back to back as the libraries send them (§6). */
  download(buffer: number, data: Uint8Array, packetSize: number): Promise<void>;
}

/**
 * The R30x conversation with one module over a DeviceChannel: matches acks and bulk transfers to
 * commands, re-verifies the password when a restarted module asks for it (0x21), and serialises
 * multi-command transactions so that nothing (not even the health probe) lands between DownChar and its
 * data packets, or between Img2Tz and Search on the same buffer.
 */
export class R30xSession {
  readonly channel: DeviceChannel<R30xPacket>;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly tx: R30xTransaction;

  constructor(private readonly options: R30xSessionOptions) {
    const framer = new R30xFramer((error, skipped) => this.channel.frameError(error, skipped));
    this.channel = new DeviceChannel({
      name: options.id,
      link: options.link,
      framer,
      clock: options.clock,
      logger: options.logger,
      onUnsolicited: (packet) => options.logger.debug({ pid: packet.pid }, 'unsolicited packet ignored'),
      // Template uploads and downloads cross this channel: never log their bytes (DESIGN §9).
      redactFrames: true,
    });
    this.tx = {
      command: (command) => this.recorded(() => this.exchange(command)),
      commandOk: (command) =>
        this.recorded(() => this.exchange(command)).then((ack) => this.ensureOk(command, ack)),
      upload: (buffer) => this.recorded(() => this.upload(buffer)),
      download: (buffer, data, packetSize) => this.recorded(() => this.download(buffer, data, packetSize)),
    };
  }

  /** Runs `work` with the module to itself. Transactions must not nest. */
  transaction<T>(work: (tx: R30xTransaction) => Promise<T>): Promise<T> {
    const run = this.lock.then(
      () => work(this.tx),
      () => work(this.tx),
    );
    this.lock = run.catch(() => {});
    return run;
  }

  /** VfyPwd without recording: DeviceHealth records the probe's outcome itself. */
  probe(): Promise<void> {
    const command: R30xCommand = { op: 'verifyPassword', password: this.options.password };
    return this.transaction(async () => {
      this.ensureOk(command, await this.request(command));
    });
  }

  private async recorded<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.options.record('ok');
      return result;
    } catch (error) {
      this.options.record(error);
      throw error;
    }
  }

  /** One command; a module that lost its password state (power cycle) is re-verified once. */
  private async exchange(command: R30xCommand): Promise<R30xAck> {
    const ack = await this.request(command);
    if (ack.status !== R30xStatus.passwordNotVerified || command.op === 'verifyPassword') return ack;
    const verify: R30xCommand = { op: 'verifyPassword', password: this.options.password };
    this.ensureOk(verify, await this.request(verify));
    return this.request(command);
  }

  private request(command: R30xCommand): Promise<R30xAck> {
    return this.channel.request({
      operation: command.op,
      bytes: encodeCommand(command, this.options.address),
      accept: (packet) => (this.fromModule(packet) ? decodeAck(packet) : undefined),
      timeoutMs: this.options.requestTimeoutMs,
    });
  }

  private async upload(buffer: number): Promise<Uint8Array> {
    const command: R30xCommand = { op: 'upChar', buffer };
    const collector = new R30xDataCollector();
    let acknowledged = false;
    return this.channel.request({
      operation: 'upChar',
      bytes: encodeCommand(command, this.options.address),
      beforeAttempt: () => {
        acknowledged = false;
        collector.reset();
      },
      accept: (packet) => {
        if (!this.fromModule(packet)) return undefined;
        const ack = decodeAck(packet);
        if (ack) {
          this.ensureOk(command, ack);
          acknowledged = true;
          return undefined;
        }
        return acknowledged ? collector.push(packet) : undefined;
      },
      timeoutMs: this.options.requestTimeoutMs,
    });
  }

  private async download(buffer: number, data: Uint8Array, packetSize: number): Promise<void> {
    const command: R30xCommand = { op: 'downChar', buffer };
    this.ensureOk(command, await this.exchange(command));
    for (const packet of encodeDataPackets(data, packetSize, this.options.address)) {
      await this.channel.send('downChar data', packet);
    }
  }

  private ensureOk(command: R30xCommand, ack: R30xAck): R30xAck {
    if (ack.status === R30xStatus.ok) return ack;
    throw new DeviceStatusError(this.options.id, command.op, ack.status, describeR30xStatus(ack.status));
  }

  private fromModule(packet: R30xPacket): boolean {
    return packet.address === this.options.address && packet.pid !== R30xPid.command;
  }
}
