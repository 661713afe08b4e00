import { type AlarmKind, DEFAULT_SEVERITY } from '@vaultline/shared/contract/alarm-kinds';
import type { AlarmRaisedBody, BodyOf, EventType } from '@vaultline/shared/contract/event-bodies';
import { alarmPrompt, type Prompt } from './handover-prompts.ts';
import type { ActiveHandover, EngineContext, EngineState, HandoverEffect } from './handover-types.ts';

/**
 * One call of `step`: a private draft of the state (a deep copy of the caller's, so the caller's state
 * is never touched) and the effects produced so far, in order.
 */
export interface Turn {
  readonly ctx: EngineContext;
  readonly state: EngineState;
  readonly effects: HandoverEffect[];
}

export function emit<T extends EventType>(turn: Turn, event: T, body: BodyOf<T>): void {
  turn.effects.push({ type: 'emit', event, body });
}

export function speak(turn: Turn, prompt: Prompt): void {
  turn.effects.push({ type: 'speak', zh: prompt.zh, en: prompt.en });
}

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/**
 * Raises an alarm (DESIGN §4): one `alarm.raised` with a fresh id and the default severity, and a voice
 * prompt. `about` ties it to the hand-over in progress (run, stop, hand-over id).
 */
export function raiseAlarm(
  turn: Turn,
  kind: AlarmKind,
  detail: Record<string, unknown>,
  about?: ActiveHandover | null,
): string {
  const alarmId = turn.ctx.newId();
  const body: AlarmRaisedBody = {
    alarmId,
    kind,
    severity: DEFAULT_SEVERITY[kind],
    siteId: turn.ctx.siteId,
    detail,
  };
  if (about)
    Object.assign(body, { runId: about.runId, stopSeq: about.stopSeq, handoverId: about.handoverId });
  emit(turn, 'alarm.raised', body);
  speak(turn, alarmPrompt(kind));
  return alarmId;
}

export function clearAlarm(turn: Turn, alarmId: string, kind: AlarmKind, reason: string): void {
  emit(turn, 'alarm.cleared', { alarmId, kind, reason });
}
