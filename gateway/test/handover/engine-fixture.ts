import type { AlarmKind } from '@vaultline/shared/contract/alarm-kinds';
import type { EventType } from '@vaultline/shared/contract/event-bodies';
import type { Person, SitePlan } from '@vaultline/shared/plan/plan-schema';
import { initialEngineState, step } from '../../src/handover/handover-engine.ts';
import {
  DEFAULT_ENGINE_CONFIG,
  type EngineConfig,
  type EngineContext,
  type EngineState,
  type HandoverEffect,
  type HandoverInput,
  type SiteRoles,
} from '../../src/handover/handover-types.ts';

/**
 * A small day plan: run R1 (vehicle V1, crew E1 leader + E2) goes vault → branch A → branch B → branch A
 * (collection) → vault (return); run R2 (vehicle V2, crew E3 + E4) goes vault → branch B. The same plan
 * serves every site here; `siteId` of the context says where the engine stands.
 */

export const VAULT = 'VAULT-1';
export const BRANCH_A = 'BR-A';
export const BRANCH_B = 'BR-B';

/** Service day 2025-06-02, Beijing time. */
export const at = (hhmm: string): number => Date.parse(`2025-06-02T${hhmm}:00+08:00`);
const iso = (hhmm: string) => new Date(at(hhmm)).toISOString();

/** 96-bit EPCs: boxes 3034…nnnn, vehicle tags E280…. */
export const box = (n: number): string =>
  `3034${'0'.repeat(16)}${n.toString(16).toUpperCase().padStart(4, '0')}`;
export const V1_TAG = 'E28011606000000000000A01';
export const V2_TAG = 'E28011606000000000000A02';
export const UNKNOWN_TAG = 'E28011606000000000000FFF';

const A_BOXES = [box(1), box(2)];
const B_BOXES = [box(3), box(4)];
const A_COLLECT = [box(0x21), box(0x22)];
const R2_BOXES = [box(0x31)];

const person = (personId: string, name: string, role: Person['role']): Person => ({
  personId,
  name,
  employeeNo: `NO-${personId}`,
  role,
  templates: [],
});

export const PLAN: SitePlan = {
  v: 1,
  planId: 'plan-2025-06-02',
  version: 1,
  date: '2025-06-02',
  issuedAt: '2025-06-01T20:00:00Z',
  siteId: BRANCH_A,
  gatewayId: 'gw-br-a',
  runs: [
    {
      runId: 'R1',
      vehicleId: 'V1',
      crew: ['E1', 'E2'],
      route: [],
      stops: [
        {
          seq: 1,
          siteId: VAULT,
          kind: 'dispatch',
          windowStart: iso('07:30'),
          windowEnd: iso('08:00'),
          boxes: [...A_BOXES, ...B_BOXES],
        },
        {
          seq: 2,
          siteId: BRANCH_A,
          kind: 'deliver',
          windowStart: iso('09:00'),
          windowEnd: iso('09:30'),
          boxes: A_BOXES,
        },
        {
          seq: 3,
          siteId: BRANCH_B,
          kind: 'deliver',
          windowStart: iso('10:00'),
          windowEnd: iso('10:30'),
          boxes: B_BOXES,
        },
        {
          seq: 4,
          siteId: BRANCH_A,
          kind: 'collect',
          windowStart: iso('11:00'),
          windowEnd: iso('11:30'),
          boxes: A_COLLECT,
        },
        {
          seq: 5,
          siteId: VAULT,
          kind: 'return',
          windowStart: iso('12:30'),
          windowEnd: iso('13:00'),
          boxes: A_COLLECT,
        },
      ],
    },
    {
      runId: 'R2',
      vehicleId: 'V2',
      crew: ['E3', 'E4'],
      route: [],
      stops: [
        {
          seq: 1,
          siteId: VAULT,
          kind: 'dispatch',
          windowStart: iso('08:00'),
          windowEnd: iso('08:30'),
          boxes: R2_BOXES,
        },
        {
          seq: 2,
          siteId: BRANCH_B,
          kind: 'deliver',
          windowStart: iso('10:30'),
          windowEnd: iso('11:00'),
          boxes: R2_BOXES,
        },
      ],
    },
  ],
  vehicles: [
    { vehicleId: 'V1', plate: '京A·12345', tagEpc: V1_TAG },
    { vehicleId: 'V2', plate: '京A·67890', tagEpc: V2_TAG },
  ],
  people: [
    person('E1', '张伟', 'escort'),
    person('E2', '李强', 'escort'),
    person('E3', '王磊', 'escort'),
    person('E4', '赵军', 'escort'),
    person('T1', '陈静', 'teller'),
    person('M1', '刘洋', 'branch-manager'),
    person('VM1', '孙丽', 'vault-manager'),
  ],
};

export const ROLES: SiteRoles = {
  crewReader: 'fp-door',
  confirmReader: 'fp-zone',
  vehicleReaders: ['rfid-gate'],
  boxReaders: ['rfid-zone', 'rfid-hand'],
  crewDoor: 1,
};

export interface Emitted {
  event: EventType;
  body: Record<string, unknown>;
}

/**
 * Drives the real engine one input at a time, as the runtime does: keeps the state, the clock and an id
 * counter, and records every effect. Each input state is deep-frozen first, so any mutation of it by
 * `step` throws; with `reparse` the state also goes through JSON between steps, as persistence does.
 */
export class EngineDriver {
  state: EngineState = initialEngineState();
  now: number;
  readonly log: HandoverEffect[] = [];
  /** The state after every step, in order. */
  readonly states: EngineState[] = [];
  private ids = 0;
  private readonly reparse: boolean;
  private ctxBase: Omit<EngineContext, 'now' | 'newId'>;

  constructor(options: { siteId: string; now: number; config?: Partial<EngineConfig>; reparse?: boolean }) {
    this.now = options.now;
    this.reparse = options.reparse ?? false;
    this.ctxBase = {
      plan: PLAN,
      siteId: options.siteId,
      roles: ROLES,
      config: { ...DEFAULT_ENGINE_CONFIG, ...options.config },
    };
  }

  send(input: HandoverInput): HandoverEffect[] {
    const before = this.reparse ? (JSON.parse(JSON.stringify(this.state)) as EngineState) : this.state;
    deepFreeze(before);
    const result = step(before, input, { ...this.ctxBase, now: this.now, newId: () => `id-${++this.ids}` });
    this.state = result.state;
    this.states.push(result.state);
    this.log.push(...result.effects);
    return result.effects;
  }

  advance(ms: number): void {
    this.now += ms;
  }

  /** Steps from now on see `plan` (a new version, or the next day's plan). */
  usePlan(plan: SitePlan): void {
    this.ctxBase = { ...this.ctxBase, plan };
  }

  /** Clears the effect log (the state is kept). */
  reset(): void {
    this.log.length = 0;
  }

  get active() {
    return this.state.active;
  }

  events(type?: EventType): Emitted[] {
    return this.log.flatMap((e) =>
      e.type === 'emit' && (!type || e.event === type) ? [{ event: e.event, body: e.body }] : [],
    );
  }

  alarms(kind?: AlarmKind): Record<string, unknown>[] {
    return this.events('alarm.raised')
      .map((e) => e.body)
      .filter((b) => !kind || b.kind === kind);
  }

  effects<T extends HandoverEffect['type']>(type: T): Extract<HandoverEffect, { type: T }>[] {
    return this.log.filter((e): e is Extract<HandoverEffect, { type: T }> => e.type === type);
  }

  // Inputs as the runtime builds them.
  finger(
    reader: string,
    outcome: 'matched' | 'no-match' | 'poor-image',
    personId?: string,
  ): HandoverEffect[] {
    return this.send({ type: 'finger', reader, outcome, personId, score: personId ? 120 : undefined });
  }
  boxTag(epc: string, reader = 'rfid-zone'): HandoverEffect[] {
    return this.send({ type: 'box-tag', reader, epc });
  }
  door(door: number, open: boolean | null): HandoverEffect[] {
    return this.send({ type: 'door', door, open });
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
