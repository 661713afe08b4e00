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

  // biome-ignore lint/suspicious/noExplicitAny: answers are the simulator's JSON, checked by the callers
  private async call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as { message?: string };
    if (!response.ok)
      throw new Error(`simulator ${method} ${path}: ${response.status} ${json.message ?? ''}`);
    return json;
  }
}
