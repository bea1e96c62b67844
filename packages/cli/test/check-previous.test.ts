/**
 * `canji check --previous LAST`: the year-on-year rules against last round's batch (any of the
 * 2017 and 2021 forms, recognised from its header), the same with worker threads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();
const base = ['--count', '300', '--region', '430121', '--seed', '12', '--as-of', '2021-06-30'];

beforeAll(async () => {
  expect((await canji(dir, 'synth', ...base, '--out', 'last.csv')).code).toBe(0); // 2017 form
  expect((await canji(dir, 'synth', ...base, '--form', '2021', '--out', 'now.jsonl')).code).toBe(0);
  // This round: collected a year later, one person's sex changed, one person's education lowered.
  const rows = readFileSync(join(dir, 'now.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const r of rows) if (typeof r.collected_on === 'string') r.collected_on = `2022${r.collected_on.slice(4)}`;
  const adult = rows.findIndex((r) => r.person_status === 6 && typeof r.r8 === 'number' && (r.r8 as number) >= 3);
  rows[0]!.sex = rows[0]!.sex === 'male' ? 'female' : 'male';
  rows[adult]!.r8 = 1;
  writeFileSync(join(dir, 'now.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}, 60_000);

const report = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
  previousRound?: { formVersion: string; persons: number; keyed: number; matched: number };
  rules: { id: string; scope: string; records: number }[];
  meta: Record<string, unknown>;
};
const yoy = (name: string) => Object.fromEntries(report(name).rules.filter((r) => r.scope === 'year-on-year' && r.records).map((r) => [r.id, r.records]));

describe('canji check --previous', () => {
  it('compares every person found in last round (2017 form) with this round (2021 form) and reports the changes', async () => {
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2022-06-30', '--previous', 'last.csv', '--fail-on', 'never', '--out', 'r1.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/上一轮（last\.csv，2017 版）：读取 300 行 = 采用 300 行 \+ 拒收 0 行，300 人/);
    expect(report('r1.json').previousRound).toEqual({ formVersion: '2017', persons: 300, keyed: 300, matched: 300 });
    const found = yoy('r1.json');
    expect(found.YOY_SEX_CHANGED).toBe(1);
    expect(found.YOY_EDUCATION_DOWN).toBe(1);
    expect(found.YOY_COLLECTED_BEFORE_PREVIOUS).toBeUndefined();
    // The same persons, unchanged but for the two edits: most records read as copied forward.
    expect(found.YOY_COPIED_FORWARD).toBeGreaterThan(150);
  }, 60_000);

  it('gives the same report with two worker threads', async () => {
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2022-06-30', '--previous', 'last.csv', '--fail-on', 'never', '--workers', '2', '--out', 'r2.json', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(yoy('r2.json')).toEqual(yoy('r1.json'));
    expect(report('r2.json').previousRound).toEqual(report('r1.json').previousRound);
  }, 60_000);

  it('without --previous the year-on-year rules are not in the report', async () => {
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2022-06-30', '--fail-on', 'never', '--out', 'r0.json', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(report('r0.json').rules.some((x) => x.scope === 'year-on-year')).toBe(false);
    expect(report('r0.json').previousRound).toBeUndefined();
  });

  it('runs a rule file\'s year-on-year rule with --previous, and says so when it cannot run', async () => {
    const rules = {
      version: 1,
      name: '某县年度比对补充规则（示例）',
      rules: [
        {
          id: 'LOCAL_EDUCATION_TO_NONE',
          title: '上一轮受教育程度为初中及以上，本轮为未上过学',
          severity: 'warning',
          scope: 'year-on-year',
          formVersions: ['2021'],
          compares: 'r8',
          when: { previous: 'r8', gte: 3 },
          expect: { not: { item: 'r8', eq: 1 } },
          message: '受教育程度：上一轮 {previous.r8}，本轮 {r8}',
          basis: { document: '某县残联动态更新审核要点（示例）', certainty: '1' },
        },
      ],
    };
    writeFileSync(join(dir, 'yoy.rules.json'), JSON.stringify(rules));
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2022-06-30', '--previous', 'last.csv', '--rules', 'yoy.rules.json', '--fail-on', 'never', '--out', 'r3.json', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('年度比对规则 1 条');
    const rule = report('r3.json').rules.find((x) => x.id === 'LOCAL_EDUCATION_TO_NONE');
    expect(rule).toMatchObject({ scope: 'year-on-year', records: 1 });
    const without = await canji(dir, 'check', 'now.jsonl', '--as-of', '2022-06-30', '--rules', 'yoy.rules.json', '--fail-on', 'never', '--out', 'r4.json', '-q');
    expect(without.code, without.stderr).toBe(0);
    expect(without.stderr).toMatch(/LOCAL_EDUCATION_TO_NONE 是年度比对规则，要有上一轮数据/);
    expect(report('r4.json').rules.some((x) => x.id === 'LOCAL_EDUCATION_TO_NONE')).toBe(false);
  }, 60_000);
});
