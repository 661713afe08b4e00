import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { check, isDateTime, isFullDate, ValidationError, validate } from '../../src/contract/validate.ts';
import { VaultlineError } from '../../src/errors.ts';
import { SitePlan } from '../../src/plan/plan-schema.ts';
import { clonePlan, sitePlan } from '../plan/site-plan-fixture.ts';

describe('validate', () => {
  it('returns the value typed when it matches', () => {
    const plan = sitePlan();
    expect(validate(SitePlan, plan, 'plan')).toBe(plan);
  });

  it('names the first failing path and what was expected', () => {
    const plan = clonePlan(sitePlan());
    plan.runs[0]!.crew = ['esc-1'];
    const call = () => validate(SitePlan, plan, 'plan');
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(/^plan: \/runs\/0\/crew must have at least 2 items$/);
    try {
      call();
    } catch (error) {
      expect(error).toBeInstanceOf(VaultlineError);
      expect((error as ValidationError).code).toBe('VALIDATION');
    }
  });

  it('counts further problems in the message and lists them all', () => {
    const plan = clonePlan(sitePlan()) as unknown as Record<string, unknown>;
    plan.version = 0;
    plan.date = '23.11.2026';
    delete plan.siteId;
    const result = check(SitePlan, plan);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      '/siteId is required',
      '/version must be ≥ 1',
      '/date must match ^\\d{4}-\\d{2}-\\d{2}$',
    ]);
    expect(() => validate(SitePlan, plan, 'plan')).toThrow(
      'plan: /siteId is required (and 2 more problem(s))',
    );
  });

  it('describes literals, unions, types, lengths and formats', () => {
    const schema = Type.Object({
      v: Type.Literal(1),
      kind: Type.Union([Type.Literal('deliver'), Type.Literal('collect')]),
      n: Type.Integer(),
      name: Type.String({ minLength: 2 }),
      at: Type.String({ format: 'date-time' }),
      list: Type.Array(Type.String(), { maxItems: 1 }),
    });
    const result = check(schema, {
      v: 2,
      kind: 'steal',
      n: 1.5,
      name: 'x',
      at: 'tomorrow',
      list: ['a', 'b'],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        '/v must be 1',
        '/kind must be one of "deliver", "collect"',
        '/n must be an integer',
        '/name must be at least 2 characters long',
        '/at must be a date-time string',
        '/list must have at most 1 items',
      ],
    });
    expect(check(schema, 'text')).toEqual({ ok: false, errors: ['/ must be an object'] });
  });

  it('accepts RFC 3339 date-times and rejects what is not one', () => {
    for (const ok of [
      '2026-11-23T08:00:00Z',
      '2026-11-23T08:00:00.123Z',
      '2026-11-23T16:00:00+08:00',
      '2024-02-29T23:59:60z',
    ]) {
      expect(isDateTime(ok), ok).toBe(true);
    }
    for (const bad of [
      '2026-11-23 08:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-11-23T24:00:00Z',
      '2026-11-23T08:00:00',
      '2026-11-23T08:00:00+24:00',
      '2025-02-29T00:00:00Z',
    ]) {
      expect(isDateTime(bad), bad).toBe(false);
    }
    expect(isFullDate('2026-11-23')).toBe(true);
    expect(isFullDate('2026-13-01')).toBe(false);
    expect(check(Type.String({ format: 'date' }), '2026-11-23')).toEqual({ ok: true, value: '2026-11-23' });
  });

  it('gives the same answers when a schema is used again (compiled once, cached)', () => {
    const schema = Type.Object({ a: Type.String() });
    for (let i = 0; i < 3; i++) {
      expect(check(schema, { a: 'x' }).ok).toBe(true);
      expect(check(schema, { a: 1 })).toEqual({ ok: false, errors: ['/a must be a string'] });
    }
  });
});
