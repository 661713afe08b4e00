import { describe, expect, it } from 'vitest';
import { parseKioskAction } from '../../src/kiosk/kiosk-actions.ts';

describe('parseKioskAction', () => {
  it('accepts every manager action', () => {
    const actions = [
      { type: 'manual-arrival', vehicleId: 'V1' },
      { type: 'photo-check', personId: 'E1001', accepted: false },
      { type: 'request-confirmation' },
      { type: 'discrepancy-reason', reason: '两箱留在车上' },
      { type: 'staff-password', personId: 'T01', password: 'correct horse' },
      { type: 'abort', reason: 'crew not recognised' },
    ];
    for (const action of actions) expect(parseKioskAction(action)).toEqual({ ok: true, action });
  });

  it.each([
    [null, 'the body must be a JSON object with a "type" field'],
    [[{ type: 'abort' }], 'the body must be a JSON object with a "type" field'],
    [{ vehicleId: 'V1' }, '"type" must be one of: manual-arrival, photo-check, request-confirmation'],
    [{ type: 'open-door' }, '"type" must be one of:'],
    [{ type: 'manual-arrival' }, 'manual-arrival: "vehicleId": Expected required property'],
    [
      { type: 'manual-arrival', vehicleId: 'V1; rm -rf /' },
      'manual-arrival: "vehicleId": Expected string to match',
    ],
    [
      { type: 'photo-check', personId: 'E1001', accepted: 'yes' },
      'photo-check: "accepted": Expected boolean',
    ],
    [{ type: 'request-confirmation', by: 'someone' }, 'request-confirmation: "by": Unexpected property'],
    [
      { type: 'discrepancy-reason', reason: '   ' },
      'discrepancy-reason: "reason": Expected text, not only spaces',
    ],
    [
      { type: 'abort', reason: 'x'.repeat(501) },
      'abort: "reason": Expected string length less or equal to 500',
    ],
    [
      { type: 'staff-password', personId: 'T01', password: '' },
      'staff-password: "password": Expected string length',
    ],
  ])('refuses %j with a message naming the problem', (body, message) => {
    const parsed = parseKioskAction(body);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(message);
  });
});
