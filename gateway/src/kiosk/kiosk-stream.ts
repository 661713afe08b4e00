import type { ServerResponse } from 'node:http';
import type { Logger } from '@vaultline/shared';
import type { Clock, TimerHandle } from '@vaultline/shared/time/clock';
import type { KioskBackend, KioskEvent } from './kiosk-backend.ts';
import { NO_STORE, pageHeaders } from './kiosk-headers.ts';

export interface StreamOptions {
  backend: KioskBackend;
  clock: Clock;
  logger: Logger;
  keepAliveMs: number;
}

/** How long the browser waits before reconnecting a dropped stream, ms. */
const RETRY_MS = 2_000;
/** A screen that stopped reading (suspended tab, dead socket) is cut off rather than buffered without end. */
const MAX_UNREAD_BYTES = 1024 * 1024;

/**
 * The server-sent event streams of connected screens: `view` (the whole view, first at once), `speak`
 * and `alarm`, plus comment lines that keep idle proxies and sockets from timing out.
 */
export class KioskStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly options: StreamOptions) {}

  get count(): number {
    return this.open.size;
  }

  /** Takes over a response (already detached from fastify) and streams until the client goes away. */
  attach(res: ServerResponse): void {
    const { backend, clock, logger, keepAliveMs } = this.options;
    res.writeHead(200, {
      ...pageHeaders(),
      ...NO_STORE,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    let timer: TimerHandle | undefined;
    let unsubscribe = () => {};
    const write = (text: string) => {
      if (res.destroyed || res.writableEnded) return;
      if (res.writableLength > MAX_UNREAD_BYTES) {
        logger.warn({ unread: res.writableLength }, 'kiosk screen stopped reading its stream; closing it');
        res.destroy();
        return;
      }
      res.write(text);
    };
    const keepAlive = () => {
      write(': keep-alive\n\n');
      timer = clock.setTimeout(keepAlive, keepAliveMs);
    };
    const end = () => {
      if (!this.open.delete(end)) return;
      unsubscribe();
      if (timer) clock.clearTimeout(timer);
      if (!res.writableEnded) res.end();
      logger.debug({ screens: this.open.size }, 'kiosk screen disconnected');
    };
    this.open.add(end);
    res.on('close', end);
    try {
      write(`retry: ${RETRY_MS}\n\n`);
      write(serialise({ type: 'view', view: backend.view() }));
      unsubscribe = backend.subscribe((event) => write(serialise(event)));
    } catch (error) {
      logger.error({ err: error }, 'kiosk view failed; closing the screen stream (it reconnects)');
      end();
      return;
    }
    timer = clock.setTimeout(keepAlive, keepAliveMs);
    logger.debug({ screens: this.open.size }, 'kiosk screen connected');
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}

/** One SSE message; JSON has no raw newlines, so `data` is always a single line. */
export function serialise(event: KioskEvent): string {
  switch (event.type) {
    case 'view':
      return `event: view\ndata: ${JSON.stringify(event.view)}\n\n`;
    case 'speak':
      return `event: speak\ndata: ${JSON.stringify({ zh: event.zh, en: event.en })}\n\n`;
    case 'alarm':
      return `event: alarm\ndata: ${JSON.stringify(event.alarm)}\n\n`;
  }
}
