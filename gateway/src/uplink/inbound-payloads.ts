import { Type } from '@sinclair/typebox';
import { AckPayload, CmdPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { check } from '@vaultline/shared/contract/validate';

/**
 * A signed plan bundle as carried on `plan` (DESIGN §7): the JWS compact serialisation, the same text
 * as a bundle file (RFC 7515 §7.1: three base64url parts separated by dots).
 */
export const PlanBundleText = Type.String({ pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' });

export type InboundKind = 'ack' | 'cmd' | 'plan';

export type Inbound =
  | { kind: 'ack'; upToSeq: number }
  | { kind: 'cmd'; cmd: CmdPayload }
  | { kind: 'plan'; jws: string }
  /** An empty retained `plan`: the centre withdrew it; the gateway keeps the plan it holds. */
  | { kind: 'plan-cleared' }
  | { kind: 'invalid'; topic: InboundKind; problems: string[] };

/** Parses and schema-checks what the centre sent on one of the gateway's own topics; never throws. */
export function parseInbound(kind: InboundKind, payload: Buffer): Inbound {
  const text = payload.toString('utf8').trim();
  if (kind === 'plan') {
    if (text.length === 0) return { kind: 'plan-cleared' };
    // A bundle published as a JSON string is accepted as well as the bare compact form.
    const jws = text.startsWith('"') ? parseJson(text) : text;
    const result = check(PlanBundleText, jws);
    return result.ok ? { kind: 'plan', jws: result.value } : invalid('plan', result.errors);
  }
  const value = parseJson(text);
  if (value === undefined) return invalid(kind, ['/ is not JSON']);
  if (kind === 'ack') {
    const result = check(AckPayload, value);
    return result.ok ? { kind: 'ack', upToSeq: result.value.upToSeq } : invalid(kind, result.errors);
  }
  const result = check(CmdPayload, value);
  return result.ok ? { kind: 'cmd', cmd: result.value } : invalid(kind, result.errors);
}

function invalid(topic: InboundKind, problems: string[]): Inbound {
  return { kind: 'invalid', topic, problems };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
