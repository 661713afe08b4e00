import type { FaultKind } from '@vaultline/firmware-sim/line/fault';

/** A typed client of the simulator's HTTP control contract (see firmware-sim/src/control/control-api.ts). */
export class SimControlClient {
  constructor(readonly baseUrl: string) {}

  devices(): Promise<{ devices: Array<{ id: string; kind: string; endpoint: string; fault: FaultKind }> }> {
    return this.call('GET', '/devices');
  }

  device(
    id: string,
  ): Promise<{ id: string; kind: string; fault: FaultKind; state: Record<string, unknown> }> {
    return this.call('GET', `/devices/${id}`);
  }

  placeFinger(id: string, finger: string | null, quality?: 'good' | 'poor') {
    return this.call('POST', `/devices/${id}/finger`, quality ? { finger, quality } : { finger });
  }

  setTags(id: string, epcs: string[]) {
    return this.call('POST', `/devices/${id}/tags`, { epcs });
  }

  setScene(id: string, label: string) {
    return this.call('POST', `/devices/${id}/scene`, { label });
  }

  setDoor(id: string, open: boolean, door = 1) {
    return this.call('POST', `/devices/${id}/door`, { open, door });
  }

  setFault(id: string, kind: FaultKind) {
    return this.call('POST', `/devices/${id}/fault`, { kind });
  }

  ble(): Promise<{ dbusAddress: string | null }> {
    return this.call('GET', '/ble');
  }

  /** Any request, answered with its status and JSON body instead of throwing: for tests of refusals. */
  async raw(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await this.fetch(method, path, body);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  // biome-ignore lint/suspicious/noExplicitAny: answers are the simulator's JSON, checked by the callers
  private async call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await this.fetch(method, path, body);
    const json = (await response.json()) as { message?: string };
    if (!response.ok)
      throw new Error(`simulator ${method} ${path}: ${response.status} ${json.message ?? ''}`);
    return json;
  }

  private fetch(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}
