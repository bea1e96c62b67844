import { describe, expect, it } from 'vitest';
import {
  computeIndicators,
  groupValueLabel,
  indicatorResultToJson,
  indicatorRowsToCsv,
  PERSON_INDICATORS as P,
  toChartData,
  toPivot,
} from '@canji/indicators';
import { AS_OF, generatePersons } from './fixtures.js';

const res = computeIndicators(generatePersons(500, 5), {
  indicators: [P.employmentRate, P.medicalInsuranceCoverage],
  by: ['county', 'category', 'sex'],
  asOf: AS_OF,
  regionName: (c) => ({ '430102': '芙蓉区', '430000': '湖南省' })[c],
});

/** Minimal RFC 4180 reader, enough to read back what the writer produced. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += ch;
  }
  return rows;
}

describe('CSV', () => {
  it('writes one line per row with codes, zh-CN labels and full-precision numbers that read back exactly', () => {
    const csv = indicatorRowsToCsv(res); // names kept in res.regionNames by computeIndicators
    expect(res.regionNames).toEqual({ '430000': '湖南省', '430102': '芙蓉区' });
    const [header, ...lines] = parseCsv(csv);
    expect(lines.length).toBe(res.rows.length);
    const col = (name: string) => header!.indexOf(name);
    expect(header).toEqual(expect.arrayContaining(['indicator_id', 'region_level', 'region_code', 'region_name', 'category', 'category_label', 'sex_label', 'value', 'ci_lower', 'small_cell']));
    res.rows.forEach((r, i) => {
      const l = lines[i]!;
      expect(l[col('indicator_id')]).toBe(r.indicator);
      expect(Number(l[col('numerator')])).toBe(r.numerator);
      expect(l[col('value')] === '' ? null : Number(l[col('value')])).toBe(r.value);
    });
    const furong = lines.find((l) => l[col('region_code')] === '430102' && l[col('grouping')] === 'county')!;
    expect(furong[col('region_name')]).toBe('芙蓉区');
    expect(furong[col('category')]).toBe('');
    const cat = lines.find((l) => l[col('grouping')] === 'category' && l[col('category')] === '4')!;
    expect(cat[col('category_label')]).toBe('肢体残疾');
  });

  it('can round, filter indicators and add a BOM for Excel', () => {
    const csv = indicatorRowsToCsv(res, { digits: 1, bom: true, indicators: ['employment-rate'] });
    expect(csv.startsWith('\uFEFFindicator_id,')).toBe(true);
    const lines = parseCsv(csv.slice(1)).slice(1);
    expect(lines.every((l) => l[0] === 'employment-rate')).toBe(true);
    expect(lines.every((l) => /^(\d+\.\d)?$/.test(l[header(csv).indexOf('value')]!))).toBe(true);
  });
  const header = (csv: string) => parseCsv(csv.replace(/^\uFEFF/, ''))[0]!;
});

describe('JSON, pivot and chart', () => {
  it('JSON keeps rows, metadata and checks, without functions', () => {
    const back = JSON.parse(indicatorResultToJson(res));
    expect(back.rows).toEqual(JSON.parse(JSON.stringify(res.rows)));
    expect(back.indicators[0]).toMatchObject({ id: 'employment-rate', name: '就业率' });
    expect(back.checks.ok).toBe(true);
  });

  it('pivots category × sex with margins taken from the rolled-up rows', () => {
    const p = toPivot(res, { indicator: 'employment-rate', rows: 'category', columns: 'sex', measure: 'denominator' });
    expect(p.columnKeys.map((k) => k.label).slice(0, 2)).toEqual(['男', '女']);
    // margins are sums for counts
    p.cells.forEach((row, i) => expect(row.reduce((a: number, v) => a + (v ?? 0), 0)).toBe(p.rowTotals[i]));
    expect(p.columnTotals.reduce((a: number, v) => a + (v ?? 0), 0)).toBe(p.total);
    const v = toPivot(res, { indicator: 'employment-rate', rows: 'county', columns: 'sex', filter: { category: 4 } });
    expect(v.rowKeys.map((k) => k.value)).toEqual(expect.arrayContaining(['430102', '430103']));
    const row = res.rows.find((r) => r.indicator === 'employment-rate' && r.by.join() === 'county,category,sex' && r.group.region === '430102' && r.group.category === 4 && r.group.sex === 'female')!;
    expect(v.cells[v.rowKeys.findIndex((k) => k.value === '430102')]![v.columnKeys.findIndex((k) => k.value === 'female')]).toBe(row.value);
  });

  it('gives chart-ready categories and series with intervals and the target line', () => {
    const c = toChartData(res, { indicator: 'medical-insurance-coverage', x: 'county', series: 'sex', regionName: (k) => ({ '430102': '芙蓉' })[k] });
    expect(c.categories[0]).toBe('芙蓉'); // an explicit lookup wins over res.regionNames
    expect(c.series.map((s) => s.name).slice(0, 2)).toEqual(['男', '女']);
    expect(c.target).toBe(95);
    expect(c.title).toBe('城乡居民基本医疗保险参保率（按县）');
    for (const s of c.series) expect(s.data.length).toBe(c.categories.length);
  });

  it('labels group values in zh-CN', () => {
    expect(['category', 'level', 'sex', 'hukou', 'age'].map((d, i) => groupValueLabel(d, [7, 1, 'female', 2, '6–14'][i]!))).toEqual(['多重残疾', '一级', '女', '非农业', '6–14岁']);
  });
});
