import type { AlarmView } from '@vaultline/center/api/api-schemas';
import type { RunProgressEvent, StopView } from '@vaultline/center/runs/run-views';
import type { GatewayApp } from '@vaultline/gateway/runtime/gateway-app';
import type { LiveStreamClient } from '../system/live-stream-client.ts';
import { centreAlarmLine, centreStopLine, gatewayLine, type StoryNames } from './story-lines.ts';

/** Width of the actor column: `[VAULT-1]`, `[centre]`, `[V1]`. */
const ACTOR_WIDTH = 10;
/** How often the centre's live stream is looked at for news to print, ms. */
const CENTRE_POLL_MS = 25;

/**
 * The demo's output: chapters, and one line per step with who saw it — a gateway, the centre, a van —
 * and the local time. `write` defaults to stdout.
 */
export class Story {
  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(`${text}\n`)) {}

  chapter(title: string): void {
    this.write('');
    this.write(title);
  }

  /** A step seen by `actor`. */
  step(actor: string, text: string): void {
    const time = new Date().toTimeString().slice(0, 8);
    this.write(`  ${time}  ${`[${actor}]`.padEnd(ACTOR_WIDTH)} ${text}`);
  }

  /** What the people at the site do (the demo's own hand on the simulators), in parentheses. */
  action(text: string): void {
    this.write(`  ${' '.repeat(8)}  ${' '.repeat(ACTOR_WIDTH)} (${text})`);
  }

  /** Plain text (setup, addresses, the summary). */
  say(text = ''): void {
    this.write(text);
  }
}

/** Prints every event a gateway records, as it records it; answers the unsubscribe. */
export function narrateGateway(story: Story, siteId: string, app: GatewayApp, names: StoryNames): () => void {
  return app.recorder.onAppended((events) => {
    for (const event of events) {
      const line = gatewayLine(event, names);
      if (line) story.step(siteId, line);
    }
  });
}

/**
 * Prints what the centre announces on its live stream: alarm changes and stop changes. `pump()` prints
 * what has arrived so far; it also runs on a short timer until `stop()`.
 */
export class CentreNarrator {
  private printed = 0;
  private readonly stopStates = new Map<string, StopView['state']>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly story: Story,
    private readonly stream: LiveStreamClient,
    private readonly names: StoryNames,
  ) {
    this.timer = setInterval(() => this.pump(), CENTRE_POLL_MS);
  }

  pump(): void {
    const events = this.stream.events;
    for (; this.printed < events.length; this.printed++) {
      const { event, data } = events[this.printed]!;
      const line =
        event === 'alarm' ? this.alarmLine(data) : event === 'run' ? this.runLine(data) : undefined;
      if (line) this.story.step('centre', line);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.pump();
  }

  private alarmLine(data: unknown): string {
    const { change, alarm } = data as { change: string; alarm: AlarmView };
    return centreAlarmLine(change, alarm, this.names);
  }

  private runLine(data: unknown): string | undefined {
    const event = data as RunProgressEvent;
    if (event.type !== 'stop') return undefined;
    const key = `${event.runId}#${event.stop.seq}`;
    const line = centreStopLine(event, this.stopStates.get(key));
    this.stopStates.set(key, event.stop.state);
    return line;
  }
}
