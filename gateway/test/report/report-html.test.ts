import { renderReportHtml } from '@vaultline/shared/report/report-html';
import { describe, expect, it } from 'vitest';
import { EPCS, HASH, photo, sampleRecord, WRONG } from './report-fixtures.ts';

/** The data: URLs of the <img> elements, in document order. */
const images = (html: string) =>
  [...html.matchAll(/<img src="(data:image\/jpeg;base64,[^"]+)"/g)].map((m) => m[1]);

describe('renderReportHtml', () => {
  const html = renderReportHtml(sampleRecord());

  it('is a self-contained, script-free A4 document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('names the site, vehicle, run, kind and times, in both languages', () => {
    for (const text of [
      '款箱交接报告',
      'Cash-box hand-over report',
      '浦东新区陆家嘴支行 (BR-001)',
      '沪A·C1234 (V1)',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('派送 <span class="en">Delivery</span>');
    expect(html).toContain('R1 / 2');
    // 02:25:03Z and 02:37:41Z in Asia/Shanghai.
    expect(html).toContain('2026-05-14 10:25:03');
    expect(html).toContain('2026-05-14 10:37:41');
    expect(html).toContain('12 分 38 秒 / 12 min 38 s');
  });

  it('shows each crew member with name, employee number, the stored photo beside the captured face', () => {
    for (const text of ['张伟', 'YS-1001', '王强', 'YS-1002', '申城押运', '押运组长'])
      expect(html).toContain(text);
    const record = sampleRecord();
    const bytes = (source: unknown) =>
      typeof source === 'string'
        ? Buffer.from(source.replace(/^data:image\/jpeg;base64,/, ''), 'base64')
        : Buffer.from(source as Uint8Array);
    const expected = ['E1001', 'E1002'].flatMap((id) => [
      `data:image/jpeg;base64,${bytes(record.photos[id]?.stored).toString('base64')}`,
      `data:image/jpeg;base64,${bytes(record.photos[id]?.captured).toString('base64')}`,
    ]);
    expect(images(html)).toEqual(expected);
    expect(html).toContain('得分 score 182');
  });

  it('lists every box with its status, the discrepancy and who approved it', () => {
    for (const epc of [...EPCS, WRONG]) expect(html).toContain(epc);
    expect(html).toMatch(new RegExp(`<tr class="missing"><td>5</td><td class="mono">${EPCS[4]}</td>`));
    expect(html).toMatch(new RegExp(`<tr class="rejected"><td>6</td><td class="mono">${WRONG}</td>`));
    expect(html).toContain('<b>5</b> 应交接');
    expect(html).toContain('<b>4</b> 已扫描');
    expect(html).toContain('第五箱留在金库，已电话确认');
    expect(html).toContain('赵敏 (BR-0001)');
  });

  it('records the confirmations, the alarms in time order, and the hash and seq of the record', () => {
    const signed = (role: string, person: string) =>
      `<div class="role">${role}</div><div class="person">${person}</div><div class="line"></div>`;
    expect(html).toContain(signed('押运组长 <span class="en">Escort leader</span>', '张伟 (YS-1001)'));
    expect(html).toContain(signed('网点人员 <span class="en">Branch staff</span>', '李娜 (BR-0017)'));
    expect(html.indexOf('AL-1')).toBeLessThan(html.indexOf('AL-2'));
    expect(html).toContain('错箱 <span class="en">Wrong box</span>');
    expect(html).toContain(HASH);
    expect(html).toContain('>1289<');
    expect(html).toContain('gw-br-001');
  });

  it('escapes what it prints and says "no image" for a missing or broken photo', () => {
    const record = sampleRecord();
    record.completed.discrepancy = { reason: '<script>alert(1)</script> & "x"', approvedBy: 'M01' };
    record.photos = { E1001: { stored: 'bm90IGEganBlZw==' }, E1002: { captured: photo('ONLY LIVE') } };
    const output = renderReportHtml(record);
    expect(output).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(output).not.toContain('<script>');
    expect(images(output)).toHaveLength(1);
    expect(output.match(/class="noimg"/g)).toHaveLength(3);
  });

  it('prints an empty alarm list as "none", and the role of whoever confirmed at a vault', () => {
    const record = sampleRecord({ alarms: [] });
    record.completed.kind = 'return';
    record.completed.confirmedBy = ['E1001', 'V01'];
    record.people.push({ personId: 'V01', name: '孙丽', employeeNo: 'VT-0003', role: 'vault-manager' });
    const output = renderReportHtml(record);
    expect(output).toContain('无 <span class="en">None</span>');
    expect(output).toContain(
      '金库主管 <span class="en">Vault manager</span></div><div class="person">孙丽 (VT-0003)',
    );
    expect(output).toContain('入库 <span class="en">Return</span>');
  });
});
