import type { AlarmView, GatewayView, HandoverView } from '@vaultline/center/api/api-schemas';
import { LiveStreamClient } from './live-stream-client.ts';

/**
 * The centre's HTTP API (`/api/v1`) as a duty officer's console or an outside tool uses it: bearer token,
 * JSON in and out. `baseUrl` is read on every call, so the client follows a centre restarted elsewhere.
 */
export class CentreApiClient {
  constructor(
    private readonly baseUrl: () => string,
    readonly token: string,
  ) {}

  async alarms(query: { kind?: string; state?: string } = {}): Promise<AlarmView[]> {
    return (await this.get<{ alarms: AlarmView[] }>('/alarms', query)).alarms;
  }

  /** The alarms of `kind` about one gateway (or of a gateway's site: gateway-raised alarms carry its id). */
  async alarmsOf(kind: string, gatewayId: string): Promise<AlarmView[]> {
    return (await this.alarms({ kind })).filter(
      (alarm) => alarm.gatewayId === gatewayId || alarm.source === `gateway:${gatewayId}`,
    );
  }

  async handovers(query: { siteId?: string; runId?: string } = {}): Promise<HandoverView[]> {
    return (await this.get<{ handovers: HandoverView[] }>('/handovers', query)).handovers;
  }

  async gateways(): Promise<GatewayView[]> {
    return (await this.get<{ gateways: GatewayView[] }>('/gateways')).gateways;
  }

  async acknowledge(alarmId: string): Promise<AlarmView> {
    return (await this.post<{ alarm: AlarmView }>(`/alarms/${alarmId}/ack`)).alarm;
  }

  async resolve(alarmId: string, note: string): Promise<AlarmView> {
    return (await this.post<{ alarm: AlarmView }>(`/alarms/${alarmId}/resolve`, { note })).alarm;
  }

  /** Opens the live stream (SSE) and resolves once the centre has answered it. */
  stream(): Promise<LiveStreamClient> {
    return LiveStreamClient.open(`${this.baseUrl()}/api/v1/stream`, this.token);
  }

  private async get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const search = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    return this.call<T>('GET', `${path}${search ? `?${search}` : ''}`);
  }

  private post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl()}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`centre API ${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}
