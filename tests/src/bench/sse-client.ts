import { type ClientRequest, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One server-sent event, stamped with `performance.now()` when its blank line was read. */
export interface StreamEvent {
  event: string;
  data: string;
  receivedAt: number;
}

export interface StreamClient {
  close(): void;
}

/**
 * Follows the centre's live stream (`GET /api/v1/stream`, text/event-stream) as a console does, on a plain
 * node:http request so nothing buffers between the socket and the stamp. Resolves once the response
 * headers arrived (the stream is attached at the centre); `onEvent` gets each event as it completes.
 */
export function openStream(
  apiUrl: string,
  token: string,
  onEvent: (event: StreamEvent) => void,
): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest | undefined;
    const client: StreamClient = { close: () => req?.destroy() };
    req = request(
      `${apiUrl}/api/v1/stream`,
      { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET /api/v1/stream answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let pending = '';
        res.on('data', (text: string) => {
          pending += text;
          for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
            const block = pending.slice(0, end);
            pending = pending.slice(end + 2);
            const event = parseBlock(block);
            if (event) onEvent({ ...event, receivedAt: performance.now() });
          }
        });
        res.on('error', () => undefined);
        resolve(client);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** An event block's `event:` and `data:` lines; comments (`: keep-alive`) and `retry:` yield nothing. */
function parseBlock(block: string): { event: string; data: string } | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return data.length > 0 ? { event, data: data.join('\n') } : undefined;
}
