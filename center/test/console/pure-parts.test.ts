import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trustedHtml } from '../../src/console/html.ts';
import { missingTranslations, t } from '../../src/console/i18n/catalogue.ts';
import { can, navFor, rolesWith } from '../../src/console/permissions.ts';
import { formField, formFields, parseForm, safeNext } from '../../src/console/request-helpers.ts';

describe('html template', () => {
  it('escapes every interpolated value, in text and attributes', () => {
    const name = `<script>alert("x")</script>' & "quotes"`;
    expect(html`<td title="${name}">${name}</td>`.__html).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; &quot;quotes&quot;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; &quot;quotes&quot;</td>',
    );
  });

  it('keeps SafeHtml as it is, joins arrays, and renders undefined, null and false as nothing', () => {
    const rows = ['a<b', 'c'].map((v) => html`<li>${v}</li>`);
    expect(html`<ul>${rows}</ul>${undefined}${null}${false}${0}`.__html).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul>0',
    );
    expect(html`${trustedHtml('<br>')}`.__html).toBe('<br>');
    // An object that merely looks like markup from user input is still text once stringified.
    expect(html`${{ toString: () => '<img src=x onerror=1>' }}`.__html).toBe('&lt;img src=x onerror=1&gt;');
    expect(escapeHtml('`')).toBe('&#96;');
  });
});

describe('permissions', () => {
  it('lets the duty officer and the admin act on alarms, nobody else', () => {
    expect(rolesWith('alarms.act')).toEqual(['admin', 'duty-officer']);
    expect(can('dispatcher', 'alarms.act')).toBe(false);
    expect(can('auditor', 'alarms.act')).toBe(false);
  });

  it('gives the dispatcher plans, people and fleet; the auditor records, verification, export and audit', () => {
    expect(rolesWith('plans.edit')).toEqual(['admin', 'dispatcher']);
    expect(rolesWith('people.edit')).toEqual(['admin', 'dispatcher']);
    expect(rolesWith('fleet.edit')).toEqual(['admin', 'dispatcher']);
    expect(rolesWith('records.verify')).toEqual(['admin', 'auditor']);
    expect(rolesWith('records.export')).toEqual(['admin', 'auditor']);
    expect(rolesWith('audit.view')).toEqual(['admin', 'auditor']);
    expect(rolesWith('users.manage')).toEqual(['admin']);
    expect(rolesWith('gateways.manage')).toEqual(['admin']);
  });

  it('lets every role see alarms, runs and gateways, and a role it does not know nothing', () => {
    for (const permission of ['alarms.view', 'runs.view', 'gateways.view'] as const) {
      expect(rolesWith(permission)).toEqual(['admin', 'dispatcher', 'duty-officer', 'auditor']);
    }
    expect(can('root', 'alarms.view')).toBe(false);
    expect(navFor('root')).toEqual([]);
  });

  it('shows each role its navigation', () => {
    expect(navFor('duty-officer')).toEqual(['alarms', 'runs', 'records', 'plans', 'fleet', 'gateways']);
    expect(navFor('auditor')).toEqual([
      'alarms',
      'runs',
      'records',
      'plans',
      'people',
      'fleet',
      'gateways',
      'audit',
    ]);
    expect(navFor('dispatcher')).toEqual([
      'alarms',
      'runs',
      'records',
      'plans',
      'people',
      'fleet',
      'gateways',
    ]);
    expect(navFor('admin')).toHaveLength(8);
  });
});

describe('message catalogue', () => {
  it('has every key in both languages', () => {
    expect(missingTranslations()).toEqual([]);
  });

  it('fills parameters, and answers an unknown key with the key', () => {
    expect(t('zh-CN', 'alarm.AUTH_FAILED_5X')).toBe('指纹连续 5 次验证失败');
    expect(t('en', 'banner.open', { n: 3, critical: 2, major: 1 })).toBe(
      '⚠ 3 unacknowledged alarms (critical 2 · major 1)',
    );
    expect(t('en', 'no.such.key', { n: 1 })).toBe('no.such.key');
  });
});

describe('forms and redirects', () => {
  it('parses form bodies, repeated fields as arrays', () => {
    const body = parseForm('note=%E5%B7%B2%E6%A0%B8%E5%AE%9E&crew=P1&crew=P2&_csrf=x%2By');
    expect(formField(body, 'note')).toBe('已核实');
    expect(formFields(body, 'crew')).toEqual(['P1', 'P2']);
    expect(formField(body, 'crew')).toBe('P1');
    expect(formField(body, '_csrf')).toBe('x+y');
    expect(formField(body, 'missing')).toBe('');
    expect(formField(undefined, 'note')).toBe('');
    // No prototype pollution through field names.
    expect(Object.getPrototypeOf(parseForm('__proto__=1'))).toBeNull();
  });

  it('returns only to console paths of this site', () => {
    expect(safeNext('/console/runs?x=1')).toBe('/console/runs?x=1');
    for (const evil of [
      'https://evil.example/',
      '//evil.example/console',
      '/console\\..\\x',
      '/api/v1/alarms',
      5,
    ]) {
      expect(safeNext(evil)).toBe('/console/');
    }
  });
});
