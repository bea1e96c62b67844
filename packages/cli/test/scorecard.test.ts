/**
 * `canji scorecard` end to end: a synthetic county in two rounds checked by township with the
 * previous round and roster, a re-visit compared (`canji audit compare`), and the scorecard
 * written as XLSX, read back with exceljs and recomputed here independently from the JSON
 * report's own figures (region counts, rounds section) and the 复核结果 sheet — no code shared
 * with the implementation; then HTML with 无数据 lines, two county reports, and usage errors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
let dir: string;

/** The defaults as documented in docs/guides/scorecards.md, written out again. */
const TARGETS: Record<string, { label: string; weight: number; target: number; floor: number; higher: boolean }> = {
  hv: { label: '入户调查率', weight: 25, target: 0.9, floor: 0.6, higher: true },
  mobile: { label: '移动终端采集占比', weight: 10, target: 0.8, floor: 0.2, higher: true },
  err: { label: '有错误记录比例', weight: 20, target: 0.01, floor: 0.1, higher: false },
  warn: { label: '有警告记录比例', weight: 10, target: 0.05, floor: 0.3, higher: false },
  closure: { label: '部门比对差异办结率', weight: 10, target: 1, floor: 0.5, higher: true },
  complete: { label: '年度更新完整率', weight: 15, target: 0.98, floor: 0.8, higher: true },
  revisit: { label: '复核一致率', weight: 10, target: 0.95, floor: 0.85, higher: true },
};

function points(v: number, t: { target: number; floor: number; higher: boolean }): number {
  const x = t.higher ? (v - t.floor) / (t.target - t.floor) : (t.floor - v) / (t.floor - t.target);
  return 100 * Math.max(0, Math.min(1, x));
}

async function sheetRows(file: string, name: string, first: string): Promise<{ header: string[]; rows: unknown[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(name)!;
  let header: string[] = [];
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    const cells = (row.values as unknown[]).slice(1);
    if (!header.length) {
      if (cells[0] === first) header = cells.map(String);
      return;
    }
    rows.push(cells);
  });
  return { header, rows };
}

beforeAll(async () => {
  dir = tempDir();
  expect((await canji(dir, 'synth', '--count', '1500', '--region', '430121', '--seed', '7', '--rounds', '2', '--out', 'rounds', '-q')).code).toBe(0);
  const r = await canji(dir, 'check', 'rounds/round-2.csv', '--previous', 'rounds/round-1.csv', '--roster', 'rounds/roster-2.csv', '--level', 'township', '--as-of', '2020-06-30', '--out', 'report.json', '--fail-on', 'never', '-q');
  expect(r.code, r.stderr).toBe(0);
  // A re-visit of every 10th person: the same answers, except education and employment in one township.
  const lines = readFileSync(join(dir, 'rounds/round-2.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const col = (k: string) => header.indexOf(k);
  const bad = lines[1]!.split(',')[col('region_code')]!.slice(0, 9);
  const revisit = [lines[0]!];
  for (let i = 1; i < lines.length; i += 10) {
    const cells = lines[i]!.split(',');
    if (cells[col('region_code')]!.startsWith(bad)) {
      cells[col('r13')] = cells[col('r13')] === '1' ? '2' : '1';
      cells[col('r16')] = cells[col('r16')] === '1' ? '2' : '1';
    }
    revisit.push(cells.join(','));
  }
  writeFileSync(join(dir, 'revisit.csv'), revisit.join('\n') + '\n');
  const a = await canji(dir, 'audit', 'compare', 'rounds/round-2.csv', 'revisit.csv', '--out', '复核结果.xlsx', '-q');
  expect(a.code, a.stderr).toBeLessThanOrEqual(1);
}, 120_000);

describe('canji scorecard', () => {
  it('writes the XLSX whose every value, score, total and rank is recomputed here from the report’s own figures', async () => {
    const r = await canji(dir, 'scorecard', 'report.json', '--audit', '复核结果.xlsx', '-o', '考核.xlsx', '--json', '考核.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('记分卡：');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.meta.regionLevel).toBe('township');
    // Re-visit figures from the 复核结果 sheet: per township, 1 − 有差异 / 比对项目数.
    const audit = await sheetRows(join(dir, '复核结果.xlsx'), '验收结论', '单位类别');
    const ai = (h: string) => audit.header.indexOf(h);
    const revisitByTownship = new Map<string, number>();
    for (const row of audit.rows) {
      if (row[ai('单位类别')] !== '乡镇（街道）') continue;
      const code = /（(\d+)）$/.exec(String(row[ai('单位')]))![1]!;
      revisitByTownship.set(code, 1 - Number(row[ai('有差异')]) / Number(row[ai('比对项目数')]));
    }
    // Each township's figures, from the report JSON as a reader finds them.
    const expected = new Map<string, { values: Record<string, number | null>; total: number | null }>();
    for (const reg of report.regions as { code: string; read: number; withErrors: number; withWarnings: number; collectionModes: Record<string, number>; collectionChannels: Record<string, number> }[]) {
      if (!reg.code || !reg.read) continue;
      const ru = report.rounds.units.find((u: { unit: string }) => u.unit === reg.code);
      const cu = report.rounds.changes.units.find((u: { unit: string }) => u.unit === reg.code);
      const base = ru ? ru.persons - ru.byClass.exited : 0;
      const values: Record<string, number | null> = {
        hv: (reg.collectionModes['1'] ?? 0) / reg.read,
        mobile: (reg.collectionChannels['2'] ?? 0) / reg.read,
        err: reg.withErrors / reg.read,
        warn: reg.withWarnings / reg.read,
        closure: null, // no --verification
        complete: base > 0 ? Math.max(0, base - ru.byClass['not-updated'] - (cu?.identical.count ?? 0)) / base : null,
        revisit: revisitByTownship.get(reg.code) ?? null,
      };
      let w = 0;
      let s = 0;
      for (const [k, v] of Object.entries(values)) {
        if (v === null) continue;
        w += TARGETS[k]!.weight;
        s += TARGETS[k]!.weight * points(v, TARGETS[k]!);
      }
      expected.set(reg.code, { values, total: w ? s / w : null });
    }
    expect(expected.size).toBeGreaterThanOrEqual(10);
    expect([...expected.values()].some((e) => e.values.revisit !== null)).toBe(true);

    const card = await sheetRows(join(dir, '考核.xlsx'), '总分排名', '名次');
    const ci = (h: string) => card.header.indexOf(h);
    expect(card.rows.length).toBe(expected.size);
    const totals: [string, number][] = [];
    for (const row of card.rows) {
      const code = String(row[ci('单位代码')]);
      const e = expected.get(code)!;
      expect(e, code).toBeDefined();
      expect(Number(row[ci('总分')])).toBeCloseTo(e.total!, 1);
      for (const [k, t] of Object.entries(TARGETS)) {
        const v = e.values[k] ?? null;
        if (v === null) expect(row[ci(t.label)], `${code} ${t.label}`).toBe('无数据');
        else {
          expect(Number(row[ci(t.label)])).toBeCloseTo(v, 9);
          expect(Number(row[ci(`${t.label}得分`)])).toBeCloseTo(points(v, t), 1);
        }
      }
      expect(row[ci('权重已调整')]).toBe('是'); // 办结率 has no data in any township
      totals.push([code, e.total!]);
    }
    // Ranks: by total, best first, ties by code.
    totals.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const rankOf = new Map(card.rows.map((row) => [String(row[ci('单位代码')]), Number(row[ci('名次')])]));
    totals.forEach(([code], i) => expect(rankOf.get(code), code).toBe(i + 1));
    // The JSON beside it carries the same card.
    const json = JSON.parse(readFileSync(join(dir, '考核.json'), 'utf8'));
    expect(json.units.length).toBe(expected.size);
  });

  it('prints the HTML with 无数据 lines and says the weights were adjusted', async () => {
    const r = await canji(dir, 'scorecard', 'report.json', '-o', '考核.html');
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, '考核.html'), 'utf8');
    for (const s of ['记分卡', '入户调查率', '无数据', '权重已调整', '湘残联字〔2019〕7号', '星沙街道']) expect(html).toContain(s);
    expect(html).not.toMatch(/\d{17}[\dX]/);
  });

  it('takes one report per county, and an office’s weights file', async () => {
    for (const [region, seed] of [['430121', '1'], ['430124', '2']] as const) {
      await canji(dir, 'synth', '--count', '300', '--region', region, '--seed', seed, '--errors', region === '430124' ? '0.2' : '0.01', '--out', `${region}.csv`, '-q');
      expect((await canji(dir, 'check', `${region}.csv`, '--out', `${region}.json`, '--fail-on', 'never', '-q')).code).toBe(0);
    }
    writeFileSync(join(dir, 'weights.json'), JSON.stringify({ title: '某市动态更新考核', indicators: { 'error-rate': { weight: 100 }, 'household-visit': { weight: 0 }, 'mobile-collection': { weight: 0 }, 'warning-rate': { weight: 0 } } }));
    const r = await canji(dir, 'scorecard', '430121.json', '430124.json', '--weights', 'weights.json', '-o', 'two.xlsx');
    expect(r.code, r.stderr).toBe(0);
    const card = await sheetRows(join(dir, 'two.xlsx'), '总分排名', '名次');
    const ci = (h: string) => card.header.indexOf(h);
    expect(card.rows.map((x) => String(x[ci('单位代码')]))).toEqual(['430121', '430124']); // fewer errors ranks first
    expect(Number(card.rows[0]![ci('总分')])).toBeCloseTo(Number(card.rows[0]![ci('有错误记录比例得分')]), 1);
  });

  it('refuses bad input with stable codes, exit 2', async () => {
    writeFileSync(join(dir, 'bad-weights.json'), JSON.stringify({ indicators: { 'error-rate': { floor: 0 } } }));
    const cases: [string[], string][] = [
      [['scorecard', 'report.json', '-o', 'x.docx'], 'USAGE_OUT_FORMAT'],
      [['scorecard', 'missing.json', '-o', 'x.xlsx'], 'SCORECARD_REPORT_UNREADABLE'],
      [['scorecard', 'rounds/round-1.csv', '-o', 'x.xlsx'], 'SCORECARD_REPORT_UNREADABLE'],
      [['scorecard', 'report.json', '--weights', 'bad-weights.json', '-o', 'x.xlsx'], 'SCORECARD_CONFIG_FLOOR'],
      [['scorecard', 'report.json', '430121.json', '-o', 'x.xlsx'], 'SCORECARD_LEVEL_MIXED'],
      [['scorecard', 'report.json', '--level', 'county', '-o', 'x.xlsx'], 'SCORECARD_LEVEL_MISMATCH'],
      [['scorecard', 'report.json', '--audit', 'revisit.csv', '-o', 'x.xlsx'], 'SCORECARD_AUDIT_SHAPE'],
    ];
    for (const [argv, code] of cases) {
      const r = await canji(dir, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toContain(`[${code}]`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
