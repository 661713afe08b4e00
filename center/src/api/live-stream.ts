import type { ServerResponse } from 'node:http';
import type { Logger } from '@vaultline/shared';
import type { Clock, TimerHandle } from '@vaultline/shared/time/clock';
import type { AlarmChange } from '../alarms/alarm-service.ts';
import type { AlarmRecord } from '../ports.ts';
import type { RunProgressEvent } from '../runs/run-views.ts';
import { alarmView } from './api-views.ts';

export interface LiveStreamOptions {
  alarms: { onChange(listener: (alarm: AlarmRecord, change: AlarmChange) => void): () => void };
  runs: { onProgress(listener: (event: RunProgressEvent) => void): () => void };
  clock: Clock;
  logger: Logger;
  /** Comment line on idle streams, ms (below the usual 30–60 s idle timeout of proxies). */
  keepAliveMs: number;
}

/** How long a browser waits before reconnecting a dropped stream, ms. */
const RETRY_MS = 2_000;
/** A client that stopped reading is cut off rather than buffered without end (it reconnects and refetches). */
const MAX_UNREAD_BYTES = 1024 * 1024;

interface Client {
  write(text: string): void;
  end(): void;
}

/**
 * The live stream (SSE) of alarm changes (`event: alarm`, `{change, alarm}`) and run progress
 * (`event: run`, a RunProgressEvent), with `: keep-alive` comment lines on idle streams. Subscribes to
 * its sources once and fans out; a client that goes away is unsubscribed at once (its timer too). There
 * is no replay on reconnect: a console reloads `GET /alarms` and `GET /runs` when its stream reopens.
 */
export class LiveStream {
  private readonly clients = new Set<Client>();
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly options: LiveStreamOptions) {
    this.unsubscribe = [
      options.alarms.onChange((alarm, change) =>
        this.broadcast('alarm', { change, alarm: alarmView(alarm) }),
      ),
      options.runs.onProgress((event) => this.broadcast('run', event)),
    ];
  }

  /** Clients connected now. */
  get count(): number {
    return this.clients.size;
  }

  /** Takes over a response (already detached from fastify) and streams until the client goes away. */
  attach(res: ServerResponse): void {
    const { clock, logger, keepAliveMs } = this.options;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    let timer: TimerHandle | undefined;
    const client: Client = {
      write: (text) => {
        if (res.destroyed || res.writableEnded) return;
        if (res.writableLength > MAX_UNREAD_BYTES) {
          logger.warn({ unread: res.writableLength }, 'stream client stopped reading; closing its stream');
          res.destroy();
          return;
        }
        res.write(text);
      },
      end: () => {
        if (!this.clients.delete(client)) return;
        if (timer) clock.clearTimeout(timer);
        if (!res.writableEnded) res.end();
        logger.debug({ clients: this.clients.size }, 'stream client disconnected');
      },
    };
    const keepAlive = () => {
      client.write(': keep-alive\n\n');
      timer = clock.setTimeout(keepAlive, keepAliveMs);
    };
    this.clients.add(client);
    res.on('close', client.end);
    client.write(`retry: ${RETRY_MS}\n\n`);
    timer = clock.setTimeout(keepAlive, keepAliveMs);
    logger.debug({ clients: this.clients.size }, 'stream client connected');
  }

  /** Ends every stream and stops listening to the sources (server shutdown). */
  close(): void {
    for (const client of [...this.clients]) client.end();
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private broadcast(event: 'alarm' | 'run', data: unknown): void {
    if (this.clients.size === 0) return;
    // JSON has no raw newlines, so `data` is always one line.
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.clients) client.write(text);
  }
}
