import { describe, expect, it } from 'vitest';
import {
  batchRules,
  buildDepartmentIndex,
  checkBatchSync,
  consistencyRules,
  crossCheckRules,
  errorRateChartSvg,
  formRules,
  renderReportCsv,
  renderReportHtml,
  renderReportJson,
  renderReportMarkdown,
} from '@canji/rules';
import { maskIdentifier, maskName } from '@canji/id';
import { person } from './fixtures.js';

function sampleReport() {
  const recs = Array.from({ length: 10 }, (_, i) => person({ seq: i + 1, region: i < 5 ? '430102001001' : '430103001001' }));
  recs[1] = { ...recs[1]!, r3: 9 };
  recs[6] = { ...recs[6]!, r12: 2, name: '=HYPERLINK("x")' };
  recs[7] = { ...recs[7]!, r31: 2 };
  const health = buildDepartmentIndex('health', recs.map((r) => ({ resident_id: r.resident_id, family_doctor_contract: 1 })));
  return checkBatchSync(recs, {
    rules: [...formRules('2017'), ...consistencyRules('2017'), ...batchRules(), ...crossCheckRules('2017')],
    context: { referenceDate: '2017-06-30', departments: { health } },
    meta: { generatedAt: '2017-09-01T08:00:00+08:00', regionTableVersion: 'GB/T 2260 (2023)' },
  });
}

describe('renderers', () => {
  const report = sampleReport();

  it('JSON round-trips the report', () => {
    expect(JSON.parse(renderReportJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('CSV: rules by region, regions, discrepancies', () => {
    const rules = renderReportCsv(report).split('\r\n');
    expect(rules[0]).toBe('rule_id,title,severity,scope,department,region_code,records');
    expect(rules).toContain('FORM_CODE_UNKNOWN,代码不在代码表中,error,record,,430102,1');
    const regions = renderReportCsv(report, { table: 'regions' }).split('\r\n');
    expect(regions[1]).toBe('430102,,5,1,0,0.200000,0.000000');
    const disc = renderReportCsv(report, { table: 'discrepancies' }).split('\r\n');
    expect(disc[0]).toBe('department,rule_id,message,key,index,region_code,recorded,department_value');
    expect(disc[1]).toContain('XC_HEALTH_FAMILY_DOCTOR_DIFFERS');
    expect(disc[1]).toContain(String(sampleReport().departments[0]!.discrepancies[0]!.key));
  });

  it('Markdown has counts, rules and regions', () => {
    const md = renderReportMarkdown(report);
    expect(md).toContain('| 读取记录 | 10 |');
    expect(md).toContain('`FORM_CODE_UNKNOWN`');
    expect(md).toContain('| 430103 |');
    expect(md).toContain('## 部门比对');
  });

  it('HTML is one self-contained printable zh-CN page with an SVG chart', () => {
    const html = renderReportHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('数据校验报告');
    expect(html).toContain('<svg');
    expect(html).toContain('@page');
    // no scripts, no external assets
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html.match(/https?:\/\/[^"\s]*/g) ?? []).toEqual(['http://www.w3.org/2000/svg']);
    // masked identifiers only; text escaped
    for (const r of [person({ seq: 2 }), person({ seq: 7 })]) expect(html).not.toContain(String(r.resident_id));
    expect(html).not.toContain('=HYPERLINK("x")');
  });

  it('draws one bar per region, longest for the highest error rate', () => {
    const svg = errorRateChartSvg(report.regions, { warnings: false });
    const widths = [...svg.matchAll(/<rect[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeGreaterThan(0);
  });

  it('masks identifiers and names', () => {
    expect(maskIdentifier('11010519491231002X')).toBe('110105********002X');
    expect(maskIdentifier('11010519491231002X42')).toBe('110105********002X42');
    // The masks are @canji/id's, as in @canji/deid: a compound surname stays whole.
    expect(maskName('欧阳某某')).toBe('欧阳**');
    expect(maskName('张')).toBe('*');
  });

  it('shows 欧阳某某 as 欧阳** in the examples of the rendered report (not 欧***)', () => {
    const recs = [person({ seq: 1 }, { name: '欧阳某某', r3: 9 }), person({ seq: 2 }, { name: '张', r3: 9 })];
    const r = checkBatchSync(recs, { rules: formRules('2017'), context: { referenceDate: '2017-06-30' } });
    const names = Object.values(r.examples).flatMap((ex) => ex.map((e) => e.name));
    expect(names).toContain('欧阳**');
    expect(names).toContain('*');
    expect(names).not.toContain('欧***');
    for (const out of [renderReportHtml(r), renderReportMarkdown(r)]) {
      expect(out).toContain('欧阳**');
      expect(out).not.toContain('欧阳某某');
      expect(out).not.toContain('欧***');
    }
  });
});
