/**
 * The printed 数据校验报告's parts: 调查方式 / 采集渠道 counted by region against the required
 * 入户调查率, the 填报单位, rules without findings on one line, the verification hook, a report
 * with every identifier masked, and Markdown that never carries HTML.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SOURCES } from '@canji/form';
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import {
  batchRules,
  buildDepartmentIndex,
  checkBatchSync,
  consistencyRules,
  crossCheckRules,
  formRules,
  maskReport,
  renderReportHtml,
  renderReportJson,
  renderReportMarkdown,
  type ValidationReport,
} from '@canji/rules';
import { person } from './fixtures.js';

const rules = [...formRules('2017'), ...consistencyRules('2017'), ...batchRules(), ...crossCheckRules('2017')];
const context = { referenceDate: '2017-06-30' };
const TOWNSHIPS: Record<string, string> = { '430102001': '甲街道', '430102002': '乙街道', '430102': '湖南省长沙市芙蓉区' };
const regionName = (c: string) => TOWNSHIPS[c];

/** Records in two townships with the given 调查方式 (`undefined`: not filled) and 采集渠道 2. */
function batch(modes: readonly (number | undefined)[]) {
  return modes.map((m, i) => {
    const r = person({ seq: i + 1, region: i % 2 ? '430102002001' : '430102001001' });
    if (m === undefined) delete r.collection_mode;
    else r.collection_mode = m;
    return r;
  });
}

describe('调查方式 and the required 入户调查率', () => {
  it('counts modes and channels by region; the rate is home visits over readable records, against 90 % by D6', () => {
    const recs: unknown[] = batch([1, 1, 2, 1, 3, undefined, 1, 1]);
    recs.push({ ok: false, error: { code: 'X', message: '无法读取' } });
    const r = checkBatchSync(recs as never, { rules, context, regionLevel: 'township', regionName });
    expect(r.regions.map((g) => [g.code, g.collectionModes, g.collectionChannels])).toEqual([
      ['430102001', { '1': 2, '2': 1, '3': 1 }, { '2': 4 }],
      ['430102002', { '1': 3, '': 1 }, { '2': 4 }],
    ]);
    const col = r.collection!;
    expect(col.records).toBe(8);
    expect(col.homeVisits).toBe(5);
    expect(col.homeVisitRate).toBe(5 / 8);
    expect(col.target).toMatchObject({ rate: 0.9, sources: ['D6', 'S21'] });
    expect(col.target.document).toContain(SOURCES.D6.number);
  });

  it('for any batch: modes and channels sum to the readable records, and the rate is their home visits', () => {
    const mode = fc.oneof(fc.constantFrom(1, 2, 3, undefined), fc.constant('x' as unknown as number));
    fc.assert(
      fc.property(fc.array(mode, { maxLength: 40 }), (modes) => {
        const r = checkBatchSync(batch(modes), { rules: formRules('2017'), context, regionLevel: 'township' });
        const sum = (k: 'collectionModes' | 'collectionChannels') => r.regions.reduce((n, g) => n + Object.values(g[k] ?? {}).reduce((a, b) => a + b, 0), 0);
        expect(sum('collectionModes')).toBe(modes.length);
        expect(sum('collectionChannels')).toBe(modes.length);
        expect(r.collection!.homeVisits).toBe(modes.filter((m) => m === 1).length);
      }),
      { numRuns: 40 },
    );
  });

  it('prints the rate by region with 未达到 where a township is below the requirement', () => {
    const html = renderReportHtml(checkBatchSync(batch([1, 2, 1, 1, 1, 1]), { rules, context, regionLevel: 'township', regionName }));
    const section = html.slice(html.indexOf('二、入户调查'), html.indexOf('三、'));
    expect(section).toContain('要求不低于 90.0%');
    expect(section).toContain(SOURCES.D6.number);
    // 甲街道: 3 of 3 home visits; 乙街道: 2 of 3.
    expect(section).toMatch(/甲街道 430102001<\/td>.*?100\.0%<\/td>/);
    expect(section).toMatch(/乙街道 430102002<\/td>.*?66\.7% 未达到<\/td>/);
  });
});

describe('title block', () => {
  it('填报单位 is the batch region at county level, named from the region table', () => {
    const r = checkBatchSync(batch([1, 1]), { rules, context: { ...context, batchRegion: '430102001' }, regionLevel: 'township', regionName });
    expect(r.meta.reportingUnit).toEqual({ code: '430102', name: '湖南省长沙市芙蓉区' });
  });

  it('without a batch region, the county most records are in, marked as derived', () => {
    const recs = [...batch([1, 1, 1]), person({ seq: 9, region: '430103001001' })];
    const r = checkBatchSync(recs, { rules, context, regionLevel: 'township', regionName });
    expect(r.meta.reportingUnit).toEqual({ code: '430102', name: '湖南省长沙市芙蓉区', derived: true });
  });

  it('prints the unit, the reference date, the input file and its SHA-256, versions and the signature block', () => {
    const sha = 'ab'.repeat(32);
    const r = checkBatchSync(batch([1]), { rules, context: { ...context, batchRegion: '430102' }, regionName, meta: { generatedAt: '2017-08-01', input: { name: 'county<1>.csv', sha256: sha } } });
    const html = renderReportHtml(r);
    for (const s of ['填报单位', '湖南省长沙市芙蓉区（430102）', '标准时点', '2017-06-30', 'county&lt;1&gt;.csv', sha, '2017 版', '@canji/rules', '2017-08-01', '残联理事长签字', '盖章', '日期']) expect(html).toContain(s);
  });
});

describe('what the reader changed and where a finding is', () => {
  it('prints the normalisations by kind and column, and the file row of each example when known', () => {
    const r = checkBatchSync(batch([1, 1]).map((x) => ({ ...x, r3: 9 })), { rules, context });
    const withRows: ValidationReport = {
      ...r,
      examples: Object.fromEntries(Object.entries(r.examples).map(([id, l]) => [id, l.map((e) => ({ ...e, rowNumber: e.index + 5 }))])),
      normalisations: [{ code: 'FLAT_DATE_FORMAT', column: '采集日期', message: '日期“2019/7/21”读作 2019-07-21', count: 4, examples: [{ rowNumber: 7, from: '2019/7/21', to: '2019-07-21' }] }],
    };
    const html = renderReportHtml(withRows);
    expect(html).toMatch(/<td class="id">FLAT_DATE_FORMAT<\/td><td>采集日期<\/td><td class="n">4<\/td>.*第 7 行：“2019\/7\/21” → “2019-07-21”/);
    expect(html).toContain('<th>行号</th>');
    expect(html).toMatch(/<td class="n">5<\/td>/);
    expect(renderReportHtml(r)).toContain('<th>记录序号</th>');
  });
});

describe('rules and verification', () => {
  const r = checkBatchSync(batch([1, 1, 1]).map((x, i) => (i === 1 ? { ...x, r3: 9 } : x)), { rules, context, regionName });
  const html = renderReportHtml(r);

  it('lists only rules with findings; the rest on one line with their number', () => {
    const hit = r.rules.filter((x) => x.records > 0);
    const table = html.slice(html.indexOf('<table class="rules">'), html.indexOf('</table>', html.indexOf('<table class="rules">')));
    expect(table.match(/<tr>/g)!.length - 1).toBe(hit.length);
    for (const x of r.rules) expect(table.includes(`>${x.id}<`)).toBe(x.records > 0);
    expect(html).toContain(`其余 ${r.rules.length - hit.length} 条规则未发现问题`);
  });

  it('says 未核实 for each department until verification results are given, then prints them', () => {
    const recs = batch([1, 1]);
    const ps = buildDepartmentIndex('public-security', recs.map((x) => ({ resident_id: x.resident_id, name: '王某某', sex: x.sex, birth_date: x.birth_date, registration_status: 1 })));
    const withDept = checkBatchSync(recs, { rules, context: { ...context, departments: { 'public-security': ps } } });
    expect(withDept.departments[0]!.discrepancyCount).toBeGreaterThan(0);
    expect(renderReportHtml(withDept)).toContain('未核实（核实结果尚未返回）');
    const sent = withDept.departments[0]!.discrepancyCount;
    const verified: ValidationReport = { ...withDept, verification: { readOn: '2017-09-01', departments: [{ department: 'public-security', sent, answered: sent, byResult: { 以残联数据为准: sent }, open: 0 }] } };
    const out = renderReportHtml(verified);
    expect(out).toContain(`已核实 ${sent} / ${sent}，未结 0`);
    expect(out).toContain('核实结果（2017-09-01 读取）');
    expect(out).toContain('以残联数据为准');
    expect(out).toContain('100.0%');
  });
});

describe('maskReport', () => {
  const recs = batch([1, 1, 1, 1]);
  const other = makeResidentId({ regionCode: '430102', birthDate: '1990-01-01', sex: 'male', sequence: 7 });
  // A name public security spells otherwise, an unreadable row quoting a certificate number.
  const ps = buildDepartmentIndex('public-security', recs.map((x, i) => ({ resident_id: x.resident_id, name: i === 0 ? '王某某' : x.name, sex: x.sex, birth_date: x.birth_date, registration_status: 1 })));
  const cert = makeDisabilityCertificateNo({ residentId: other, category: 1, level: 2 });
  const items: unknown[] = [...recs, { ok: false, error: { code: 'FLAT_VALUE_INVALID', message: `残疾人证号“${cert}”所在行列数不符` } }];
  const full = checkBatchSync(items as never, { rules, context: { ...context, departments: { 'public-security': ps } } });
  const shown = maskReport(full);

  it('the full report holds the raw key (the department lists need it); the masked one no 18-digit ID or 20-character certificate number', () => {
    expect(renderReportJson(full)).toMatch(/\d{17}[\dX]/);
    for (const out of [renderReportJson(shown), renderReportHtml(shown), renderReportMarkdown(shown)]) {
      expect(out).not.toMatch(/(?<![\dX*])\d{17}[\dX](?![\dX*])/);
      expect(out).not.toContain(cert);
      for (const x of recs) expect(out).not.toContain(String(x.resident_id));
      expect(out).not.toContain('王某某');
      expect(out).not.toContain(String(recs[0]!.name));
    }
  });

  it('masks both names of a name mismatch and keeps the rest of the discrepancy', () => {
    const d = shown.departments[0]!.discrepancies.find((x) => x.ruleId === 'XC_PUBSEC_NAME_DIFFERS')!;
    expect(d).toMatchObject({ recorded: '测**', departmentValue: '王**', index: 0 });
    expect(d.key).toMatch(/^430102\*{8}\d{3}[\dX]$/);
    expect(full.departments[0]!.discrepancies.find((x) => x.ruleId === 'XC_PUBSEC_NAME_DIFFERS')!.recorded).toBe(recs[0]!.name);
  });

  it('keeps the wording of a name correction and masks only the name it quotes', () => {
    const raw = full.departments[0]!.discrepancies.find((x) => x.ruleId === 'XC_PUBSEC_NAME_DIFFERS')!;
    expect(raw.correction?.label).toContain('王某某');
    const d = shown.departments[0]!.discrepancies.find((x) => x.ruleId === 'XC_PUBSEC_NAME_DIFFERS')!;
    expect(d.correction).toMatchObject({ value: '王**', label: raw.correction!.label.replace('王某某', '王**') });
  });

  it('masks the normalisations a reader reports (a number recovered from another column is quoted in the message)', () => {
    const id = String(recs[1]!.resident_id);
    const withNorm = { ...full, normalisations: [{ code: 'FLAT_ID_FROM_CERTIFICATE', column: 'resident_id', message: `取残疾人证号的前 18 位 ${id}`, count: 1, examples: [{ rowNumber: 3, from: '4.30121E+17', to: id }] }] };
    const out = maskReport(withNorm);
    for (const text of [renderReportJson(out), renderReportHtml(out), renderReportMarkdown(out)]) expect(text).not.toContain(id);
    expect(out.normalisations![0]!.examples[0]).toEqual({ rowNumber: 3, from: '4.30121E+17', to: `${id.slice(0, 6)}********${id.slice(14)}` });
    expect(withNorm.normalisations[0]!.message).toContain(id);
  });
});

describe('Markdown', () => {
  it('carries no HTML from a title, a region name or a message, whatever they hold', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[a](javascript:alert(1))', '`x` | y'), (noise, evil) => {
        const r = checkBatchSync(batch([1, 1]).map((x) => ({ ...x, r3: 9 })), { rules, context, regionLevel: 'township', regionName: () => evil + noise, meta: { title: noise + evil } });
        const md = renderReportMarkdown(r);
        expect(md).not.toContain('<');
        expect(md).not.toMatch(/(?<!\\)\[a\]\(javascript/);
        expect(md.split('\n')[0]).toBe(`# ${(noise + evil).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([\\`[\]|])/g, '\\$1').replace(/\r\n?|\n/g, ' ')}`);
      }),
      { numRuns: 30 },
    );
  });
});
