import { encodeSceneJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import { initialEngineState } from '@vaultline/gateway/handover/handover-engine';
import type { ActiveHandover, CrewMemberState } from '@vaultline/gateway/handover/handover-types';
import type { KioskAction, KioskBackend, KioskEvent } from '@vaultline/gateway/kiosk/kiosk-backend';
import type { KioskView } from '@vaultline/gateway/kiosk/kiosk-view';
import { buildKioskView, type KioskViewInput } from '@vaultline/gateway/kiosk/kiosk-view-builder';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';

export const PLATE = '沪A·C1234';
export const BOXES = [1, 2, 3, 4, 5].map((n) => `E2801160600002A0000B000${n}`);
export const WRONG_BOX = 'E2801160600002A0000C0099';
const NOW = Date.parse('2026-05-14T02:30:00.000Z');

const jpeg = (label: string, caption: string) =>
  encodeSceneJpeg({ label, caption, timestamp: '2026-05-14 10:30:12', width: 320, height: 240 }, 80);

function plan(): SitePlan {
  const person = (personId: string, name: string, role: 'escort' | 'teller', label?: string) => ({
    personId,
    name,
    employeeNo: `YS-${personId.slice(1)}`,
    role,
    ...(role === 'escort' ? { company: '申城押运' } : {}),
    ...(label ? { photoJpeg: Buffer.from(jpeg(label, 'ENROLLED')).toString('base64') } : {}),
    templates: [],
  });
  return {
    v: 1,
    planId: 'P-20260514',
    version: 3,
    date: '2026-05-14',
    issuedAt: '2026-05-13T22:00:00.000Z',
    siteId: 'BR-001',
    gatewayId: 'gw-br-001',
    runs: [
      {
        runId: 'R1',
        vehicleId: 'V1',
        crew: ['E1001', 'E1002'],
        route: [],
        stops: [
          {
            seq: 2,
            siteId: 'BR-001',
            kind: 'deliver',
            windowStart: '2026-05-14T02:00:00.000Z',
            windowEnd: '2026-05-14T03:00:00.000Z',
            boxes: BOXES,
          },
        ],
      },
      {
        runId: 'R2',
        vehicleId: 'V2',
        crew: ['E2001', 'E2002'],
        route: [],
        stops: [
          {
            seq: 1,
            siteId: 'BR-001',
            kind: 'collect',
            windowStart: '2026-05-14T06:00:00.000Z',
            windowEnd: '2026-05-14T07:00:00.000Z',
            boxes: [WRONG_BOX],
          },
        ],
      },
    ],
    vehicles: [
      { vehicleId: 'V1', plate: PLATE, tagEpc: 'E2801160600002A0000A0001' },
      { vehicleId: 'V2', plate: '沪B·D5678', tagEpc: 'E2801160600002A0000A0002' },
    ],
    people: [
      person('E1001', '张伟', 'escort', 'ZHANG WEI'),
      person('E1002', '王强', 'escort', 'WANG QIANG'),
      person('E2001', '刘洋', 'escort'),
      person('E2002', '陈静', 'escort'),
      person('T0017', '李娜', 'teller'),
    ],
  };
}

/**
 * The runtime's side of the kiosk, scripted: each step changes what the gateway would know after a
 * device event and pushes the new view (and prompts, alarms) to the screens, as the runtime does.
 */
export class ScriptedBackend implements KioskBackend {
  readonly actions: KioskAction[] = [];
  /** When set, actions are refused with it, as the engine refuses what the hand-over does not allow. */
  refuse: Error | undefined;
  private readonly listeners = new Set<(event: KioskEvent) => void>();
  private readonly captures = new Map<string, Uint8Array>();
  private input: KioskViewInput = {
    state: initialEngineState(),
    plan: plan(),
    siteId: 'BR-001',
    siteName: '陆家嘴支行',
    gatewayId: 'gw-br-001',
    now: NOW,
    alarms: [],
    devices: [
      { device: 'fp-door', kind: 'fingerprint', online: true, reason: 'answers', at: NOW - 3600_000 },
      { device: 'cam-door', kind: 'camera', online: true, reason: 'answers', at: NOW - 3600_000 },
      { device: 'rfid-zone', kind: 'rfid', online: true, reason: 'answers', at: NOW - 3600_000 },
      { device: 'door-1', kind: 'door', online: true, reason: 'answers', at: NOW - 3600_000 },
    ],
    roles: { crewReader: 'fp-door', confirmReader: 'fp-zone' },
  };
  private active: ActiveHandover | null = null;

  view(): KioskView {
    return buildKioskView(this.input);
  }

  subscribe(listener: (event: KioskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async act(action: KioskAction): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.actions.push(action);
  }

  capture(captureId: string): Uint8Array | undefined {
    return this.captures.get(captureId);
  }

  photo(personId: string): Uint8Array | undefined {
    const stored = this.input.plan?.people.find((person) => person.personId === personId)?.photoJpeg;
    return stored ? Buffer.from(stored, 'base64') : undefined;
  }

  async report(): Promise<Uint8Array | undefined> {
    return undefined;
  }

  arrive(): void {
    this.active = {
      handoverId: 'H-0001',
      runId: 'R1',
      stopSeq: 2,
      siteId: 'BR-001',
      kind: 'deliver',
      vehicleId: 'V1',
      startedAt: NOW,
      phase: 'crew-auth',
      crew: [
        { personId: 'E1001', verified: false, photo: 'pending' },
        { personId: 'E1002', verified: false, photo: 'pending' },
      ],
      restarts: 0,
      boxes: { expected: [...BOXES], scanned: [], rejected: [] },
      confirmations: {},
    };
    this.push();
    this.emit({ type: 'speak', zh: `运钞车 ${PLATE} 已到达`, en: `Cash van ${PLATE} has arrived` });
  }

  /** Both escorts matched at the door reader; the camera took their faces. */
  fingerprintsMatched(photo: CrewMemberState['photo']): void {
    const active = this.activeOrThrow();
    active.crew = active.crew.map((member, i) => {
      const captureId = `cap-${member.personId}`;
      this.captures.set(
        captureId,
        jpeg(member.personId === 'E1001' ? 'ZHANG WEI' : 'WANG QIANG', 'CAM cam-door LIVE'),
      );
      return { ...member, verified: true, score: 180 - i * 30, verifiedAt: NOW + 60_000, captureId, photo };
    });
    this.push();
  }

  boxesScanned(count: number): void {
    const active = this.activeOrThrow();
    active.phase = 'box-scan';
    active.boxes = { ...active.boxes, scanned: BOXES.slice(0, count) };
    this.push();
  }

  wrongBox(): void {
    const active = this.activeOrThrow();
    active.boxes = { ...active.boxes, rejected: [WRONG_BOX] };
    const alarm = {
      alarmId: 'AL-1',
      kind: 'WRONG_BOX' as const,
      severity: 'critical' as const,
      siteId: 'BR-001',
      runId: 'R1',
      stopSeq: 2,
      detail: { epc: WRONG_BOX, reader: 'rfid-zone' },
    };
    this.input.alarms = [...this.input.alarms, { ...alarm, at: NOW + 5 * 60_000 }];
    this.emit({ type: 'alarm', alarm });
    this.push();
  }

  private activeOrThrow(): ActiveHandover {
    if (!this.active) throw new Error('the script must call arrive() first');
    return this.active;
  }

  private push(): void {
    this.input = { ...this.input, state: { ...this.input.state, active: structuredClone(this.active) } };
    this.emit({ type: 'view', view: this.view() });
  }

  private emit(event: KioskEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
