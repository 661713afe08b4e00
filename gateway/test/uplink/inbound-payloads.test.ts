import { describe, expect, it } from 'vitest';
import { parseInbound } from '../../src/uplink/inbound-payloads.ts';

const JWS = 'eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2lnbmF0dXJl';
const text = (value: string) => Buffer.from(value);

describe('parseInbound', () => {
  it('reads an ack', () => {
    expect(parseInbound('ack', text('{"upToSeq":42}'))).toEqual({ kind: 'ack', upToSeq: 42 });
  });

  it('refuses broken acks with the failing path', () => {
    for (const bad of ['{"upToSeq":-1}', '{"upToSeq":"7"}', '{}', '{"upToSeq":1.5}', 'not json', '']) {
      const result = parseInbound('ack', text(bad));
      expect(result.kind, bad).toBe('invalid');
      if (result.kind === 'invalid') expect(result.topic).toBe('ack');
    }
    expect(parseInbound('ack', text('{"upToSeq":-1}'))).toMatchObject({ problems: ['/upToSeq must be ≥ 0'] });
  });

  it('reads resend and status commands and refuses others', () => {
    expect(parseInbound('cmd', text('{"cmd":"resend","fromSeq":5}'))).toEqual({
      kind: 'cmd',
      cmd: { cmd: 'resend', fromSeq: 5 },
    });
    expect(parseInbound('cmd', text('{"cmd":"resend","fromSeq":5,"toSeq":9}'))).toMatchObject({
      cmd: { toSeq: 9 },
    });
    expect(parseInbound('cmd', text('{"cmd":"status"}'))).toEqual({ kind: 'cmd', cmd: { cmd: 'status' } });
    for (const bad of ['{"cmd":"resend","fromSeq":0}', '{"cmd":"reboot"}', '{"cmd":"resend"}', '[1]']) {
      expect(parseInbound('cmd', text(bad)).kind, bad).toBe('invalid');
    }
  });

  it('reads a plan bundle bare or as a JSON string, and an empty retained plan as withdrawn', () => {
    expect(parseInbound('plan', text(`${JWS}\n`))).toEqual({ kind: 'plan', jws: JWS });
    expect(parseInbound('plan', text(JSON.stringify(JWS)))).toEqual({ kind: 'plan', jws: JWS });
    expect(parseInbound('plan', text(''))).toEqual({ kind: 'plan-cleared' });
    for (const bad of ['{"plan":1}', 'a.b', 'a.b.c.d', 'x.y.z w', '"unterminated']) {
      expect(parseInbound('plan', text(bad)).kind, bad).toBe('invalid');
    }
  });
});
