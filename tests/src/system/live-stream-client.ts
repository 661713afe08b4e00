import { type ClientRequest, get, type IncomingMessage } from 'node:http';
import type { AlarmView } from '@vaultline/center/api/api-schemas';

export interface StreamEvent {
  event: string;
  data: unknown;
}

export interface AlarmStreamEvent {
  change: 'raised' | 'cleared' | 'acknowledged' | 'resolved';
  alarm: AlarmView;
}

/**
 * A client of the centre's live stream (`GET /api/v1/stream`, server-sent events) as a console holds it
 * open: every `event:`/`data:` block is parsed and kept, in arrival order, until `close()`.
 */
export class LiveStreamClient {
  readonly events: StreamEvent[] = [];
  private closed = false;

  private constructor(
    private readonly request: ClientRequest,
    response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    // Hanging up (ours, or the centre stopping) ends the stream; the events that came stay readable.
    response.on('error', () => undefined);
    request.on('error', () => undefined);
    let buffered = '';
    response.on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        this.take(buffered.slice(0, end));
        buffered = buffered.slice(end + 2);
      }
    });
  }

  /**
   * Resolves once the centre answered 200 and the stream is open. Plain `node:http`, not fetch: closing
   * must close the socket at once, as a browser tab does, rather than leave it to a keep-alive pool.
   */
  static open(url: string, token: string): Promise<LiveStreamClient> {
    return new Promise((resolve, reject) => {
      const request = get(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      });
      request.once('error', reject);
      request.once('response', (response) => {
        if (response.statusCode === 200) {
          resolve(new LiveStreamClient(request, response));
          return;
        }
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.once('end', () => reject(new Error(`GET ${url} answered ${response.statusCode}: ${text}`)));
      });
    });
  }

  /** The `alarm` events (`{change, alarm}`), optionally of one alarm kind. */
  alarms(kind?: string): AlarmStreamEvent[] {
    return this.events
      .filter((e) => e.event === 'alarm')
      .map((e) => e.data as AlarmStreamEvent)
      .filter((e) => kind === undefined || e.alarm.kind === kind);
  }

  /** Hangs up: the socket is destroyed, the centre forgets the client. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.request.destroy();
  }

  /** One SSE block; comment lines (`: keep-alive`) and `retry:` carry no event. */
  private take(block: string): void {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    }
    if (event !== undefined && data.length > 0)
      this.events.push({ event, data: JSON.parse(data.join('\n')) });
  }
}
