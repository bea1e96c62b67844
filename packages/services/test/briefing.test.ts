/**
 * The yearly briefing on a demo province (four synthetic counties, two rounds): persons and key
 * indicators year on year as the indicator package computes them, one row per county, the gap
 * counts of the work lists this year and last, the scorecard summary, and one HTML document with
 * inline SVG charts and no personal data.
 */
import { computeIndicators } from '@canji/indicators';
import { synthesizeRounds } from '@canji/synth';
import { describe, expect, it } from 'vitest';
import { BRIEFING_INDICATORS, BUILT_IN_PAIRS, DEFAULT_SCORECARD_CONFIG, allocateServices, barChartSvg, buildBriefing, compileServicePairs, renderBriefingHtml, scoreUnits } from '@canji/services';

const COUNTIES = ['430121', '430124', '430181', '430111'];
type Rec = Record<string, unknown>;
const rounds = COUNTIES.map((region, k) => synthesizeRounds({ seed: 30 + k, count: 300, region, rounds: 2, firstAsOf: '2019-06-30' }));
const previous = rounds.flatMap((r) => r[0]!.records) as unknown as Rec[];
const current = rounds.flatMap((r) => r[1]!.records) as unknown as Rec[];
const asOf = { previous: rounds[0]![0]!.asOf, current: rounds[0]![1]!.asOf };

describe('buildBriefing on a demo province', () => {
  const card = scoreUnits(
    { level: 'county', notes: [], units: COUNTIES.map((code, k) => ({ code, figures: { 'household-visit': { numerator: 80 + 5 * k, denominator: 100 }, 'error-rate': { numerator: k, denominator: 100 } } })) },
    DEFAULT_SCORECARD_CONFIG,
  );
  const b = buildBriefing({ current: { records: current, asOf: asOf.current, label: '2020年' }, previous: { records: previous, asOf: asOf.previous, label: '2019年' }, scorecard: card, unit: '某省残疾人联合会（演示）' });

  it('compares the key indicators with last year as computeIndicators counts each round', () => {
    expect(b.persons.current).toBe(current.length);
    expect(b.persons.previous).toBe(previous.length);
    expect(b.indicators.length).toBeGreaterThanOrEqual(8);
    const now = computeIndicators(current, { indicators: BRIEFING_INDICATORS, asOf: asOf.current, formVersion: '2017' });
    const before = computeIndicators(previous, { indicators: BRIEFING_INDICATORS, asOf: asOf.previous, formVersion: '2017' });
    for (const r of b.indicators) {
      const n = now.rows.find((x) => x.indicator === r.id && x.by.length === 0)!;
      const p = before.rows.find((x) => x.indicator === r.id && x.by.length === 0)!;
      expect(r.current).toBe(n.value);
      expect(r.previous).toBe(p.value);
      if (r.current !== null && r.previous !== null) expect(r.difference!).toBeCloseTo(r.current - r.previous, 9);
    }
  });

  it('has one row per county with its records, and the gap counts of the work lists this year and last', () => {
    expect(b.units.map((u) => u.code)).toEqual([...COUNTIES].sort());
    for (const u of b.units) {
      expect(u.records.current).toBe(current.filter((r) => String(r.region_code).startsWith(u.code)).length);
      expect(u.name).toBeTruthy();
    }
    const t = allocateServices(current, compileServicePairs(BUILT_IN_PAIRS, { version: '2017' }), { by: 'county', count: 'gap', referenceDate: asOf.current });
    const total = t.units.find((u) => u.level === 'total')!;
    for (const s of b.gaps.services) expect(s.current).toBe(total.cells[s.pairId]!.persons);
    expect(b.gaps.units.length).toBe(COUNTIES.length);
    for (const u of b.gaps.units) {
      const unit = t.units.find((x) => x.level === 'county' && x.code === u.code)!;
      expect(u.total).toBe(Object.values(unit.cells).reduce((s, c) => s + c.persons, 0));
      for (let i = 1; i < u.gaps.length; i++) expect(u.gaps[i - 1]!.persons).toBeGreaterThanOrEqual(u.gaps[i]!.persons);
      expect(u.gaps.length).toBeLessThanOrEqual(3);
    }
    expect(b.gaps.services.some((s) => s.current > 0)).toBe(true);
  });

  it('renders one HTML document with every section, inline SVG charts and no resident ID', () => {
    const html = renderBriefingHtml(b);
    for (const s of ['一、基本情况', '二、主要指标与上年比较', '三、各县（市、区）情况', '四、工作考核', '五、服务缺口', '说明', '2019年', '2020年', '某省残疾人联合会（演示）', '基本康复服务覆盖率']) expect(html).toContain(s);
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/\d{17}[\dX]/);
    expect(html).not.toContain('<script');
  });

  it('barChartSvg states every value in its description and escapes labels', () => {
    const svg = barChartSvg({ id: 'x', title: 'T<', labels: ['a&b', 'c'], series: [{ name: '本年', colour: '#000', values: [12.34, null] }], max: 100, unit: '%' });
    expect(svg).toContain('a&amp;b：本年 12.3%');
    expect(svg).toContain('c：本年 无数据');
    expect(svg).toContain('T&lt;');
  });
});
