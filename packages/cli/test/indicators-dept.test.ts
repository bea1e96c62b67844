/**
 * `canji indicators --dept`: the departments' extracts as the source of the items the form does
 * not ask, matched by ID, with their provenance printed in the output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();

beforeAll(async () => {
  const r = await canji(dir, 'synth', '--count', '600', '--region', '430121', '--seed', '8', '--as-of', '2021-06-30', '--form', '2021', '--departments', 'depts', '--out', 'persons.csv');
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

const rowsOf = (name: string) => readFileSync(join(dir, name), 'utf8').trim().split(/\r?\n/).length - 1;

describe('canji indicators --dept', () => {
  it('reads each extract, says what it read, and prints where the department-sourced items came from', async () => {
    const r = await canji(dir, 'indicators', 'persons.csv', '--as-of', '2021-06-30', '--dept', 'civil-affairs=depts/civil-affairs.csv', '--dept', '卫健=depts/health.csv', '--unsuppressed', '--out', 'ind.md');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/部门数据 民政部门（低保、特困、两项补贴）（depts\/civil-affairs\.csv）：读取 \d+ 行/);
    const md = readFileSync(join(dir, 'ind.md'), 'utf8');
    const section = md.slice(md.indexOf('## 部门来源'));
    // | 指标 | 部门来源项目 | 部门 | 名册 | 文件 | 期间 | 名册行数 | 记录 | 匹配 | 不在名册 | 无身份证号 | 指标人群中不在名册 | 不在名册按 |
    const nursing = section.split('\n').find((l) => l.includes('（nursing-subsidy-coverage）'))!.split('|').map((c) => c.trim());
    expect(nursing[2]).toContain('dept_care_subsidy');
    expect(nursing[4]).toBe('低保、特困供养及两项补贴发放名册');
    expect(nursing[5]).toBe('depts/civil-affairs.csv');
    expect(Number(nursing[7])).toBe(rowsOf('depts/civil-affairs.csv'));
    expect(Number(nursing[8])).toBe(600);
    expect(Number(nursing[9]) + Number(nursing[10]) + Number(nursing[11])).toBe(600);
    expect(Number(nursing[9])).toBeGreaterThan(0);
    expect(nursing[13]).toContain('否');
    // Family doctor is asked on 2021 (R20): the health extract feeds no indicator, so no row names it.
    expect(section).not.toContain('家庭医生签约服务名册');
    expect(section).not.toContain('社会保险参保');
  }, 60_000);

  it('on the 2021 form the department-sourced indicators are computed from the extract, with its provenance in the CSV; without it, not computed and said why', async () => {
    const r = await canji(dir, 'indicators', 'persons.csv', '--as-of', '2021-06-30', '--dept', 'civil-affairs=depts/civil-affairs.csv', '--unsuppressed', '--out', 'ind.csv');
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = readFileSync(join(dir, 'ind.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    const col = (name: string) => header!.indexOf(name);
    const nursing = rows.find((x) => x[col('indicator_id')] === 'nursing-subsidy-coverage' && x[col('grouping')] === 'total')!;
    expect(nursing).toBeDefined();
    expect(nursing[col('source_departments')]).toBe('civil-affairs');
    expect(nursing[col('source_files')]).toBe('depts/civil-affairs.csv');
    expect(Number(nursing[col('denominator')])).toBeGreaterThan(0);
    const without = await canji(dir, 'indicators', 'persons.csv', '--as-of', '2021-06-30', '--unsuppressed', '--out', 'ind.json');
    expect(without.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'ind.json'), 'utf8')) as { rows: { indicator: string }[]; warnings: { code: string; message: string }[] };
    expect(json.rows.some((x) => x.indicator === 'nursing-subsidy-coverage')).toBe(false);
    expect(json.warnings.find((w) => w.code === 'INDICATOR_DEPARTMENT_MISSING' && w.message.includes('nursing-subsidy-coverage'))).toBeDefined();
  }, 60_000);

  it('the same department twice, or an unknown one, is a usage error (exit 2)', async () => {
    const twice = await canji(dir, 'indicators', 'persons.csv', '--as-of', '2021-06-30', '--dept', 'health=depts/health.csv', '--dept', '卫健=depts/health.csv');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('给出了两次');
    const unknown = await canji(dir, 'indicators', 'persons.csv', '--as-of', '2021-06-30', '--dept', 'transport=x.csv');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知部门');
  });
});
