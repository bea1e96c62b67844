/**
 * Trends over N rounds: the table (points and changes, matched by group), its Markdown and CSV,
 * and the SVG chart read back as XML (well-formed, accessible, one point per value, the labels and
 * tooltips a reader sees), not compared with a snapshot.
 */
import { describe, expect, it } from 'vitest';
import {
  compareIndicatorResults,
  computeIndicators,
  indicatorTrend,
  indicatorTrendToCsv,
  indicatorTrendToMarkdown,
  trendSvg,
  withTarget,
  PERSON_INDICATORS as P,
  type IndicatorResult,
} from '@canji/indicators';

// ---------------------------------------------------------------------------------------------
// A small strict XML reader (elements, attributes, text, the five entities and numeric ones):
// throws on anything that is not well-formed, so a chart that a browser would refuse fails here.
// ---------------------------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function decode(s: string, at: number): string {
  return s.replace(/&([^;]*);/g, (_m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e in named) return named[e]!;
    if (/^#\d+$/.test(e)) return String.fromCodePoint(Number(e.slice(1)));
    if (/^#x[0-9a-f]+$/i.test(e)) return String.fromCodePoint(parseInt(e.slice(2), 16));
    throw new Error(`bad entity &${e}; near ${at}`);
  });
}

function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (m: string) => {
    throw new Error(`${m} at ${i}: ${JSON.stringify(src.slice(i, i + 40))}`);
  };
  while (i < src.length) {
    if (src[i] !== '<') {
      const j = src.indexOf('<', i);
      const text = src.slice(i, j < 0 ? src.length : j);
      if (/[<&]/.test(text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, ''))) fail('bare & in text');
      if (stack.length) stack[stack.length - 1]!.text += decode(text, i);
      else if (text.trim()) fail('text outside the root');
      i = j < 0 ? src.length : j;
      continue;
    }
    if (src.startsWith('<!--', i)) {
      i = src.indexOf('-->', i) + 3;
      continue;
    }
    if (src.startsWith('</', i)) {
      const m = /^<\/([A-Za-z][\w:.-]*)\s*>/.exec(src.slice(i));
      if (!m) fail('bad end tag');
      const open = stack.pop();
      if (!open || open.name !== m![1]) fail(`end tag </${m![1]}> does not close <${open?.name}>`);
      i += m![0].length;
      continue;
    }
    const m = /^<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/.exec(src.slice(i));
    if (!m) fail('bad start tag');
    const attrs: Record<string, string> = {};
    for (const a of m![2]!.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*"([^"]*)"/g)) {
      if (a[1]! in attrs) fail(`duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!, i);
    }
    const el: XmlElement = { name: m![1]!, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (root) fail('second root');
    else root = el;
    if (!m![3]) stack.push(el);
    i += m![0].length;
  }
  if (stack.length || !root) throw new Error('unclosed elements');
  return root;
}

const all = (el: XmlElement, name: string): XmlElement[] => [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
const textOf = (el: XmlElement): string => el.text + el.children.map(textOf).join('');

// ---------------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;
const people = (n: number, r31: 1 | 2, extra: Rec = {}) => Array.from({ length: n }, () => ({ person_status: 6, r31, ...extra }));
const round = (asOf: string, recs: Rec[], by: ('sex' | 'county')[] = ['sex']) => computeIndicators(recs, { indicators: [P.familyDoctorContractRate, P.medicalInsuranceCoverage], by, asOf });

/** Three rounds, by sex: women's contract rate rises 30 → 48 → 50 %; no man was surveyed in 2018. */
function threeRounds(): { round: string; result: IndicatorResult }[] {
  return [
    { round: '2017年', result: round('2017-06-30', [...people(30, 1, { sex: 'female' }), ...people(70, 2, { sex: 'female' }), ...people(20, 1, { sex: 'male' }), ...people(20, 2, { sex: 'male' })]) },
    { round: '2018年', result: round('2018-06-30', [...people(48, 1, { sex: 'female' }), ...people(52, 2, { sex: 'female' })]) },
    { round: '2019年', result: round('2019-06-30', [...people(50, 1, { sex: 'female' }), ...people(50, 2, { sex: 'female' }), ...people(25, 1, { sex: 'male' }), ...people(15, 2, { sex: 'male' })]) },
  ];
}

const row = (t: ReturnType<typeof indicatorTrend>, id: string, sex?: string) => t.rows.find((r) => r.indicator === id && (sex ? r.group.sex === sex : r.by.length === 0))!;

describe('indicatorTrend', () => {
  const rounds = threeRounds();
  const t = indicatorTrend(rounds);

  it('one point per round for each indicator and group, oldest first; a group missing in a round is a gap', () => {
    expect(t.rounds).toEqual(['2017年', '2018年', '2019年']);
    expect(t.asOf).toEqual(['2017-06-30', '2018-06-30', '2019-06-30']);
    expect(row(t, 'family-doctor-contract-rate', 'female').points.map((p) => p?.value)).toEqual([30, 48, 50]);
    expect(row(t, 'family-doctor-contract-rate', 'male').points.map((p) => p?.value ?? null)).toEqual([50, null, 62.5]);
    expect(row(t, 'family-doctor-contract-rate', 'female').points[1]).toMatchObject({ numerator: 48, denominator: 100 });
  });

  it('each change is the comparison of two consecutive rounds', () => {
    for (let k = 1; k < rounds.length; k++) {
      const cmp = compareIndicatorResults(rounds[k]!.result, rounds[k - 1]!.result);
      for (const c of cmp.rows) {
        const r = t.rows.find((x) => x.indicator === c.indicator && x.by.join() === c.by.join() && x.group.sex === c.group.sex)!;
        expect(r.changes[k - 1]).toEqual({ difference: c.difference, ciLower: c.ciLower, ciUpper: c.ciUpper, significant: c.significant, method: c.method });
      }
    }
    const women = row(t, 'family-doctor-contract-rate', 'female').changes;
    expect(women.map((c) => c.significant)).toEqual([true, false]);
    expect(row(t, 'family-doctor-contract-rate', 'male').changes.map((c) => c.method)).toEqual(['no-data', 'no-data']);
  });

  it('warns when the rounds are not in date order; refuses duplicate round names with a stable code', () => {
    expect(indicatorTrend([rounds[1]!, rounds[0]!]).warnings[0]).toMatch(/^轮次未按参照日期排列/);
    expect(() => indicatorTrend([rounds[0]!, { ...rounds[1]!, round: '2017年' }])).toThrow(/^INDICATOR_TREND_ROUND: /);
    expect(() => indicatorTrend([])).toThrow(/^INDICATOR_TREND_INPUT: /);
    expect(() => indicatorTrend([{ round: '2019年', result: null as never }])).toThrow(/^INDICATOR_TREND_INPUT: /);
  });

  it('Markdown: one table per indicator, a column per round, the latest change and whether it is significant', () => {
    const md = indicatorTrendToMarkdown(t);
    expect(md).toContain('### 家庭医生签约率（family-doctor-contract-rate）（差值为百分点）');
    expect(md).toContain('| 单位 | 2017年 | 2018年 | 2019年 | 差值（2019年比2018年） | 显著 |');
    expect(md).toContain('| 女 | 30.0% | 48.0% | 50.0% | +2.0 | 否 |');
    expect(md).toContain('| 男 | 50.0% | — | 62.5% | — | — |');
    expect(indicatorTrendToMarkdown(t, { by: [] }).match(/^\| 合计/gm)).toHaveLength(2);
  });

  it('CSV: one line per indicator, group and round', () => {
    const lines = indicatorTrendToCsv(t, { digits: 1 }).trim().split('\n');
    expect(lines).toHaveLength(1 + t.rows.length * 3);
    const header = lines[0]!.split(',');
    const women2018 = lines.find((l) => l.startsWith('family-doctor-contract-rate,') && l.includes(',女,2018年,'))!.split(',');
    const cell = (name: string) => women2018[header.indexOf(name)];
    expect([cell('value'), cell('numerator'), cell('change'), cell('change_significant'), cell('change_method')]).toEqual(['48.0', '48', '18.0', 'true', 'newcombe-independent']);
  });
});

describe('trendSvg', () => {
  const t = indicatorTrend(threeRounds());
  const svg = trendSvg(t, 'family-doctor-contract-rate', { by: ['sex'] });
  const doc = parseXml(svg);

  it('is well-formed standalone SVG with no script, style sheet, external font or link', () => {
    expect(doc.name).toBe('svg');
    expect(doc.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(doc.attrs.viewBox).toBe('0 0 640 360');
    for (const bad of ['script', 'style', 'foreignObject', 'image', 'a', 'use']) expect(all(doc, bad), bad).toEqual([]);
    expect(svg).not.toMatch(/href|@import|url\(|@font-face|on[a-z]+=/i);
  });

  it('is labelled for assistive technology: role img, title and desc by id, every value in the description', () => {
    expect(doc.attrs.role).toBe('img');
    const [titleId, descId] = doc.attrs['aria-labelledby']!.split(' ');
    const byId = (id: string) => [...all(doc, 'title'), ...all(doc, 'desc')].find((e) => e.attrs.id === id)!;
    expect(textOf(byId(titleId!))).toBe('家庭医生签约率：历年趋势（2017年—2019年）');
    const desc = textOf(byId(descId!));
    expect(desc).toContain('女：2017年 30.0%，2018年 48.0%，2019年 50.0%');
    expect(desc).toContain('男：2017年 50.0%，2018年 无数据，2019年 62.5%');
  });

  it('draws one point per value, with its value, interval and counts in a tooltip; a missing round breaks the line', () => {
    const points = all(doc, 'circle').filter((c) => c.attrs.class === 'point');
    expect(points).toHaveLength(5); // 3 for women, 2 for men (none in 2018)
    const tips = points.map((p) => textOf(p.children.find((c) => c.name === 'title')!));
    expect(tips).toContain('女 2018年：48.0%（95%区间 38.5%–57.7%；分子 48，分母 100）');
    const series = all(doc, 'g').filter((g) => g.attrs.class === 'series');
    expect(series.map((g) => g.attrs['data-series'])).toEqual(['男', '女']); // the rows' order: 男 before 女, as published tables
    const lines = (g: typeof doc) => all(g, 'polyline').map((p) => p.attrs.points!.trim().split(/\s+/).length);
    expect(lines(series[1]!)).toEqual([3]);
    expect(lines(series[0]!)).toEqual([]); // 2017 and 2019 only: two lone points, no line across the gap
    // Higher values are drawn higher (smaller y).
    const y = (tip: string) => Number(points[tips.indexOf(tip)]!.attrs.cy);
    expect(y('女 2017年：30.0%（95%区间 21.9%–39.6%；分子 30，分母 100）')).toBeGreaterThan(y('女 2018年：48.0%（95%区间 38.5%–57.7%；分子 48，分母 100）'));
  });

  it('labels the axes in zh-CN: one x label per round, y ticks in per cent within 0–100 %, a legend for several lines', () => {
    const texts = all(doc, 'text').map(textOf);
    for (const r of ['2017年', '2018年', '2019年', '轮次']) expect(texts).toContain(r);
    const ticks = texts.filter((s) => /^\d+(\.\d+)?%$/.test(s)).map((s) => Number(s.slice(0, -1)));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(100);
    const steps = ticks.slice(1).map((v, i) => v - ticks[i]!);
    expect(new Set(steps.map((s) => s.toFixed(6))).size).toBe(1);
    expect(texts).toContain('女');
    expect(texts).toContain('男');
  });

  it('the total by default: one line without a legend; the target as a dashed line', () => {
    const withGoal = indicatorTrend(
      threeRounds().map((r) => ({ ...r, result: { ...r.result, indicators: r.result.indicators.map((i) => (i.id === 'family-doctor-contract-rate' ? withTarget(P.familyDoctorContractRate, { value: 60, comparison: '>=', source: '测试' }) : i)) } })),
    );
    const one = parseXml(trendSvg(withGoal, 'family-doctor-contract-rate'));
    expect(all(one, 'g').filter((g) => g.attrs.class === 'series').map((g) => g.attrs['data-series'])).toEqual(['合计']);
    expect(all(one, 'polyline')).toHaveLength(1);
    expect(all(one, 'text').map(textOf)).toContain('目标 >= 60.0%');
  });

  it('escapes labels, keeps at most maxSeries lines and names the rest, leaves out suppressed points and says so', () => {
    const recs = (r31: 1 | 2, n: number, county: string) => people(n, r31, { region_code: `${county}001001` });
    const byCounty = (asOf: string) => round(asOf, [...recs(1, 8, '430102'), ...recs(2, 4, '430102'), ...recs(1, 6, '430103'), ...recs(2, 6, '430103'), ...recs(1, 3, '430111')], ['county']);
    const tc = indicatorTrend([{ round: '2018年', result: byCounty('2018-06-30') }, { round: '2019年', result: byCounty('2019-06-30') }]);
    const names = { '430102': '芙蓉<区> & 好', '430103': '天心区', '430111': '雨花区' };
    const rowsOf = tc.rows.map((r, i) => [r, i] as const).filter(([r]) => r.indicator === 'family-doctor-contract-rate' && r.by.join() === 'county');
    const hidden = tc.rows.map((r) => (r.group.region === '430111' ? [true, true] : r.group.region === '430103' ? [false, true] : undefined));
    const doc2 = parseXml(trendSvg(tc, 'family-doctor-contract-rate', { by: ['county'], regionNames: names, maxSeries: 2, hidden }));
    expect(rowsOf).toHaveLength(3);
    expect(all(doc2, 'g').filter((g) => g.attrs.class === 'series').map((g) => g.attrs['data-series'])).toEqual(['芙蓉<区> & 好', '天心区']);
    const desc = textOf(all(doc2, 'desc')[0]!);
    expect(desc).toContain('另有 1 个单位未画出（雨花区）');
    expect(desc).toContain('天心区：2018年 50.0%，2019年 已抑制');
    expect(all(doc2, 'circle').filter((c) => c.attrs.class === 'point')).toHaveLength(3);
  });

  it('says when there is nothing to draw, and refuses an unknown indicator with a stable code', () => {
    const empty = parseXml(trendSvg(t, 'family-doctor-contract-rate', { by: ['county'] }));
    expect(all(empty, 'text').map(textOf)).toContain('无数据');
    expect(() => trendSvg(t, 'no-such-indicator')).toThrow(/^INDICATOR_TREND_INDICATOR: /);
  });
});
