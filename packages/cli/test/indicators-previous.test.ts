/**
 * `canji indicators CUR --previous PREV`: every indicator this round beside last round's, the
 * difference and its 95 % interval, on all persons and on the continuing persons, in every output
 * (terminal, .md, .csv, .json), with small cells suppressed; over three rounds a trend with its
 * charts; a 2017-form round against a 2021-form round.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();

type Rec = Record<string, unknown>;
const readJsonl = (name: string) => readFileSync(join(dir, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);
const writeJsonl = (name: string, rows: readonly Rec[]) => writeFileSync(join(dir, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

/** What the test plants: who left, who came, who got a family doctor contract. */
const planted = { left: 0, came: 0, contracted: 0, continuing: 0 };

beforeAll(async () => {
  // Last round (2018) of a county, and a round before it (2017) for the trend.
  expect((await canji(dir, 'synth', '--count', '700', '--seed', '21', '--as-of', '2018-06-30', '--out', 'r2018.jsonl', '-q')).code).toBe(0);
  expect((await canji(dir, 'synth', '--count', '700', '--seed', '20', '--as-of', '2017-06-30', '--out', 'r2017.csv', '-q')).code).toBe(0);
  expect((await canji(dir, 'synth', '--count', '60', '--seed', '22', '--as-of', '2019-06-30', '--out', 'new.jsonl', '-q')).code).toBe(0);
  // This round (2019): every 10th person left, 60 new persons came, every third person without a
  // family doctor contract got one; the rest is last round's answers, a year on.
  const last = readJsonl('r2018.jsonl');
  const ids = new Set(last.map((r) => r.resident_id));
  const now: Rec[] = [];
  last.forEach((r, i) => {
    if (i % 10 === 9) return void planted.left++;
    const c: Rec = { ...r, survey_year: 2019, reference_date: '2019-06-30' };
    if (typeof c.collected_on === 'string') c.collected_on = `2019${c.collected_on.slice(4)}`;
    if (c.person_status === 6 && c.r31 === 2 && i % 3 === 0) {
      c.r31 = 1;
      planted.contracted++;
    }
    now.push(c);
  });
  planted.continuing = now.length;
  for (const r of readJsonl('new.jsonl')) if (!ids.has(r.resident_id)) now.push(r), planted.came++;
  writeJsonl('r2019.jsonl', now);
}, 60_000);

const run = (...args: string[]) => canji(dir, 'indicators', 'r2019.jsonl', '--as-of', '2019-06-30', '--previous', 'r2018.jsonl', '-q', ...args);

/** The family doctor contract rate (R31=1 among 核查状态正常 with R31 answered), counted here from the file itself. */
function contractRate(records: readonly Rec[], only?: Set<unknown>): [number, number] {
  const pop = records.filter((r) => r.person_status === 6 && (r.r31 === 1 || r.r31 === 2) && (!only || only.has(r.resident_id)));
  return [pop.filter((r) => r.r31 === 1).length, pop.length];
}

describe('canji indicators --previous', () => {
  it('prints both rounds, the difference, its interval and significance, for all and for continuing persons', async () => {
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`连续在册（两轮都有，按身份证号匹配）${planted.continuing} 人；本轮新增 ${planted.came} 人；上轮有、本轮无 ${planted.left} 人`);
    expect(r.stdout).toContain('## 年度比较（全部人员）：2019年 与 2018年');
    expect(r.stdout).toContain('## 年度比较（连续在册人员）：2019年 与 2018年');
    expect(r.stdout).toContain('| 指标 | 单位 | 本轮（2019年） | 上轮（2018年） | 差值 | 95%区间 | 显著 |');
    // The planted improvement is found among the continuing persons, with the paired interval.
    const continuing = r.stdout.slice(r.stdout.indexOf('（连续在册人员）'));
    expect(continuing).toMatch(/\| 家庭医生签约率 \| 合计 \| [\d.]+% \| [\d.]+% \| \+[\d.]+个百分点 \| \+[\d.]+ ～ \+[\d.]+ \| 是 \|/);
    expect(continuing).toContain('Newcombe 配对混合得分法（同一批人）');
    // An item nobody changed: no difference among the continuing persons.
    expect(continuing).toMatch(/\| 享受最低生活保障比例 \| 合计 \| ([\d.]+%) \| \1 \| 0\.0个百分点 \| −[\d.]+ ～ \+[\d.]+ \| 否 \|/);
    expect(r.stderr).toContain('上一轮（r2018.jsonl，2017 版）：读取 700 行 = 处理 700 行 + 拒收 0 行');
  });

  it('the CSV (zh-CN headers) gives the same figures as a count made from the files themselves', async () => {
    const r = await run('--out', 'yoy.csv');
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(join(dir, 'yoy.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['指标编号', '指标', '人群', '分组', '单位代码', '单位', '本轮', '上轮', '本轮分子', '本轮分母', '本轮值', '上轮分子', '上轮分母', '上轮值', '计量单位', '差值', '95%区间下限', '95%区间上限', '显著', '区间方法', '小格', '已抑制']);
    const pick = (pop: string) => rows.find((x) => x['指标编号'] === 'family-doctor-contract-rate' && x['人群'] === pop)!;
    const now = readJsonl('r2019.jsonl');
    const last = readJsonl('r2018.jsonl');
    const both = new Set(now.map((x) => x.resident_id).filter((id) => last.some((y) => y.resident_id === id)));
    const expectRow = (row: Record<string, string>, cur: [number, number], prev: [number, number], method: string) => {
      expect([Number(row['本轮分子']), Number(row['本轮分母']), Number(row['上轮分子']), Number(row['上轮分母'])]).toEqual([...cur, ...prev]);
      expect(Number(row['差值'])).toBeCloseTo((cur[0] / cur[1] - prev[0] / prev[1]) * 100, 2);
      expect(Number(row['95%区间下限'])).toBeLessThan(Number(row['差值']));
      expect(Number(row['95%区间上限'])).toBeGreaterThan(Number(row['差值']));
      expect(row['区间方法']).toBe(method);
    };
    expectRow(pick('全部人员'), contractRate(now), contractRate(last), 'newcombe-independent');
    expectRow(pick('连续在册人员'), contractRate(now, both), contractRate(last, both), 'newcombe-paired');
    expect(pick('连续在册人员')['显著']).toBe('是');
    // The paired interval is narrower: the same persons' answers agree from year to year.
    const width = (x: Record<string, string>) => Number(x['95%区间上限']) - Number(x['95%区间下限']);
    expect(width(pick('连续在册人员'))).toBeLessThan(width(pick('全部人员')));
  });

  it('publication outputs hide small cells of either round, and continuing rows that would give away the persons who came or left', async () => {
    const r = await run('--by', 'sex', '--out', 'pub.csv', '--indicators', 'family-doctor-contract-rate,medical-insurance-coverage,employment-rate');
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(join(dir, 'pub.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const small = (n: number) => n > 0 && n < 5;
    const shown = rows.filter((x) => x['已抑制'] === '否');
    const hidden = rows.filter((x) => x['已抑制'] === '是');
    expect(shown.length).toBeGreaterThan(10);
    expect(hidden.length).toBeGreaterThan(0);
    for (const x of hidden) expect([x['本轮分子'], x['本轮分母'], x['本轮值'], x['上轮值'], x['差值'], x['95%区间下限']]).toEqual(['', '', '', '', '', '']);
    for (const x of shown) {
      for (const side of ['本轮', '上轮']) {
        const num = Number(x[`${side}分子`]);
        const den = Number(x[`${side}分母`]);
        expect(small(num) || small(den) || small(den - num), `${x['指标编号']} ${x['单位']} ${side}`).toBe(false);
      }
    }
    // all − continuing (the persons who came, or left) is not a small cell wherever both are shown.
    const key = (x: Record<string, string>) => `${x['指标编号']}|${x['分组']}|${x['单位代码']}`;
    const allRows = new Map(shown.filter((x) => x['人群'] === '全部人员').map((x) => [key(x), x]));
    let compared = 0;
    for (const c of shown.filter((x) => x['人群'] === '连续在册人员')) {
      const a = allRows.get(key(c));
      if (!a) continue;
      for (const side of ['本轮', '上轮']) {
        const den = Number(a[`${side}分母`]) - Number(c[`${side}分母`]);
        const num = Number(a[`${side}分子`]) - Number(c[`${side}分子`]);
        if (den === 0) continue;
        compared++;
        expect(den < 5 || small(num) || small(den - num), `${key(c)} ${side}`).toBe(false);
      }
    }
    expect(compared).toBeGreaterThan(3);
    // …and a continuing row is hidden for that reason alone: the all-persons row beside it is shown
    // (e.g. the one or two newcomers of a sex without medical insurance).
    const hiddenForDifference = hidden.filter((c) => c['人群'] === '连续在册人员' && allRows.has(key(c)));
    expect(hiddenForDifference.length).toBeGreaterThan(0);
    // The internal view shows them all, and says it is internal.
    const internal = await run('--by', 'township', '--out', 'internal.json', '--unsuppressed', '--indicators', 'family-doctor-contract-rate');
    expect(internal.stderr).toContain('仅供内部使用');
    const json = JSON.parse(readFileSync(join(dir, 'internal.json'), 'utf8')) as { internal: string; continuing: { rows: { method: string; paired?: object }[] } };
    expect(json.internal).toContain('不得公开发布');
    expect(json.continuing.rows.some((x) => x.method === 'newcombe-paired' && x.paired)).toBe(true);
  });

  it('the JSON says which rounds, the persons and both comparisons', async () => {
    const r = await run('--out', 'yoy.json', '--indicators', 'family-doctor-contract-rate');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'yoy.json'), 'utf8'));
    expect(json.rounds.map((x: { label: string; asOf: string }) => [x.label, x.asOf])).toEqual([['2018年', '2018-06-30'], ['2019年', '2019-06-30']]);
    expect(json.persons).toMatchObject({ continuing: planted.continuing, currentOnly: planted.came, previousOnly: planted.left });
    expect([json.all.population, json.continuing.population]).toEqual(['all', 'continuing']);
    expect(json.suppression.threshold).toBe(5);
  });

  it('over three rounds: a trend table and one SVG chart per indicator beside the Markdown, whatever the order of --previous', async () => {
    const args = ['--indicators', 'family-doctor-contract-rate,employment-rate', '--out', 'trend.md'];
    const r = await canji(dir, 'indicators', 'r2019.jsonl', '--as-of', '2019-06-30', '--previous', 'r2017.csv', '--previous', 'r2018.jsonl', '-q', ...args);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(dir, 'trend.md'), 'utf8');
    expect(md).toContain('# 指标年度比较（2017年、2018年、2019年）');
    expect(md).toContain('| 单位 | 2017年 | 2018年 | 2019年 | 差值（2019年比2018年） | 显著 |');
    expect(md).toContain('![家庭医生签约率：历年趋势](trend.family-doctor-contract-rate.svg)');
    const svg = readFileSync(join(dir, 'trend.family-doctor-contract-rate.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(3);
    for (const y of ['2017年', '2018年', '2019年']) expect(svg).toContain(`>${y}</text>`);
    expect(svg).not.toMatch(/<script|<style|href=/);
    // The other order of --previous: the rounds are ordered by their reference dates.
    const again = await canji(dir, 'indicators', 'r2019.jsonl', '--as-of', '2019-06-30', '--previous', 'r2018.jsonl', '--previous', 'r2017.csv', '-q', ...args);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'trend.md'), 'utf8')).toBe(md);
  });

  it('a CSV over three rounds also writes the trend in long form', async () => {
    const r = await canji(dir, 'indicators', 'r2019.jsonl', '--as-of', '2019-06-30', '--previous', 'r2017.csv', '--previous', 'r2018.jsonl', '-q', '--indicators', 'employment-rate', '--out', 'three.csv');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'three.趋势.csv'))).toBe(true);
    const rows = parse(readFileSync(join(dir, 'three.趋势.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((x) => x.round)).toEqual(['2017年', '2018年', '2019年']);
  });

  it('compares a 2017-form round with a 2021-form round; indicators one form cannot compute are named', async () => {
    const base = ['--count', '300', '--region', '430121', '--seed', '12', '--as-of', '2021-06-30'];
    expect((await canji(dir, 'synth', ...base, '--out', 'f2017.csv', '-q')).code).toBe(0);
    expect((await canji(dir, 'synth', ...base, '--form', '2021', '--out', 'f2021.jsonl', '-q')).code).toBe(0);
    const now = readJsonl('f2021.jsonl').map((x) => ({ ...x, survey_year: 2022 }));
    writeJsonl('f2021.jsonl', now);
    const r = await canji(dir, 'indicators', 'f2021.jsonl', '--as-of', '2022-06-30', '--previous', 'f2017.csv', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('本轮（f2021.jsonl，2021 版）');
    expect(r.stderr).toContain('上一轮（f2017.csv，2017 版）');
    expect(r.stdout).toContain('连续在册（两轮都有，按身份证号匹配）300 人');
    expect(r.stdout).toContain('## 年度比较（全部人员）：2022年 与 2021年');
    expect(r.stderr).toMatch(/注意：指标“[^”]+”（[a-z-]+）只在上轮计算/);
    // The same persons and answers a year on: family doctor contracts unchanged among them.
    expect(r.stdout.slice(r.stdout.indexOf('（连续在册人员）'))).toMatch(/\| 家庭医生签约率 \| 合计 \| ([\d.]+%) \| \1 \| 0\.0个百分点 \|/);
  });

  it('refuses a round given twice, with a stable code', async () => {
    const r = await canji(dir, 'indicators', 'r2019.jsonl', '--as-of', '2019-06-30', '--previous', 'r2019.jsonl', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误 [USAGE_PREVIOUS]');
  });
});
