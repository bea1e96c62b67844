/**
 * `canji sql`: the SQL of the rules for a chosen dialect, with a header a database team can read
 * (what it reads, which rules it holds, which stay in JavaScript and why). The DuckDB script is
 * run as printed over tables of the team's own names and gives the engine's findings; the
 * PostgreSQL and Spark scripts are generated (their syntax is checked in @canji/sql's tests).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS } from '@canji/form';
import { consistencyRules, crossCheckRules } from '@canji/rules';
import { DuckDbEngine } from '@canji/sql';
import { injectErrors, synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';
import { CLI_VERSION } from '../src/version.js';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const header = (sql: string) => sql.split('\n').filter((l) => l.startsWith('--'));

describe('canji sql', () => {
  it('prints the DuckDB findings query with a header: versions, form, tables read, rules compiled and not compiled, with the reason', async () => {
    const r = await canji(dir, 'sql');
    expect(r.code).toBe(0);
    const h = header(r.stdout);
    expect(h[0]).toMatch(new RegExp(`^-- canji ${CLI_VERSION.replace(/\./g, '\\.')} · @canji/sql [0-9.]+：动态更新校验规则的 SQL（DuckDB）$`));
    expect(h).toContain('-- 登记表版本 2017；参照日期 取每条记录的 reference_date（计算年龄）');
    expect(h).toContain('-- 已编译规则 14 条：');
    expect(h).toContain('--   CON_SPEECH_UNDER_3（错误）');
    expect(h.some((l) => /^-- 未编译 \d+ 条（在 JavaScript 引擎中运行）：$/.test(l))).toBe(true);
    expect(h).toContain('--   CON_HOUSEHOLDER_SELF_NAME [SQL_RULE_CHECK_FUNCTION]：规则由 JavaScript 函数判断（check），不能写成 SQL');
    expect(h).toContain('--   BATCH_DUPLICATE_PERSON [SQL_RULE_BATCH]：批次规则（重复、一证多人、辖区外等）由 JavaScript 观察器在整批记录上运行');
    expect(h.some((l) => l.includes('未给出部门数据'))).toBe(true);
    expect(h.some((l) => l.includes('未比对 24 条（没有该部门的数据表）'))).toBe(true);
    expect(r.stdout).toMatch(/\nWITH\ncanji_r0 AS \(/);
    expect(r.stdout.trimEnd().endsWith('ORDER BY h.canji_row, k.rule_index;')).toBe(true);
  });

  it('PostgreSQL with every department and a reference date: 38 rules, the departments joined, PostgreSQL constructs', async () => {
    const r = await canji(dir, 'sql', '--dialect', 'postgres', '--dept', 'all', '--as-of', '2019-06-30');
    expect(r.code).toBe(0);
    const h = header(r.stdout);
    expect(h[0]).toContain('（PostgreSQL 15）');
    expect(h).toContain('-- 登记表版本 2017；参照日期 2019-06-30（计算年龄）');
    expect(h).toContain('-- 已编译规则 38 条：');
    for (const d of DEPARTMENT_IDS) expect(r.stdout).toContain(`canji_dept_${d.replace(/-/g, '_')}`);
    expect(r.stdout).toContain(' ~ ');
    expect(r.stdout).toContain('string_to_array(');
    expect(r.stdout).not.toContain('`');
  });

  it('Spark SQL for the 2021 form with two departments (repeated or comma-separated --dept)', async () => {
    const r = await canji(dir, 'sql', '--dialect', 'spark', '--form', '2021', '--dept', 'civil-affairs', '--dept', 'housing,civil-affairs');
    expect(r.code).toBe(0);
    const h = header(r.stdout);
    expect(h[0]).toContain('（Spark SQL 3.4+）');
    expect(h).toContain('-- 登记表版本 2021；参照日期 取每条记录的 reference_date（计算年龄）');
    expect(h.filter((l) => l.startsWith('-- 部门数据 '))).toHaveLength(2);
    expect(r.stdout).toContain(' RLIKE ');
    expect(r.stdout).toContain('explode(filter(array(');
    expect(r.stdout).toContain('`canji_row`');
  });

  it('writes a file with -o, saying so on stderr', async () => {
    const r = await canji(dir, 'sql', '--dialect', 'postgres', '-o', 'rules.sql');
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/^已写入 rules\.sql：14 条规则编译为 postgres SQL，\d+ 条未编译\n$/);
    expect(readFileSync(join(dir, 'rules.sql'), 'utf8')).toContain('-- 已编译规则 14 条：');
  });

  it('adds the rules of a local rule file (a rule with a message template stays in JavaScript, with the reason)', async () => {
    const file = {
      version: 1,
      name: '测试补充规则',
      rules: [
        { id: 'LOCAL_RURAL_HOUSE', title: '农业户口，住房状况不是“状况良好”', severity: 'warning', scope: 'record', formVersions: ['2017'], when: { item: 'r3', eq: 1 }, expect: { item: 'r11', eq: 1 }, basis: { document: '测试规则文件' } },
        { id: 'LOCAL_RURAL_HOUSE_MSG', title: '农业户口，住房状况不是“状况良好”', severity: 'warning', scope: 'record', formVersions: ['2017'], when: { item: 'r3', eq: 1 }, expect: { item: 'r11', eq: 1 }, message: 'R11 为 {r11}', basis: { document: '测试规则文件' } },
      ],
    };
    writeFileSync(join(dir, 'local.rules.json'), JSON.stringify(file));
    const r = await canji(dir, 'sql', '--rules', 'local.rules.json');
    expect(r.code).toBe(0);
    const h = header(r.stdout);
    expect(h).toContain('-- 已编译规则 15 条：');
    expect(h).toContain('--   LOCAL_RURAL_HOUSE（警告）');
    expect(h.some((l) => l.startsWith('--   LOCAL_RURAL_HOUSE_MSG [SQL_RULE_CHECK_FUNCTION]'))).toBe(true);
  });

  it("the printed DuckDB SQL runs over the team's own table names and gives the engine's findings", async () => {
    const persons = [...synthesizePersons({ seed: 5, count: 600, asOf: '2019-06-30' })];
    const { records, labels } = injectErrors(persons, { seed: 6, rate: 0.2 });
    const { extracts } = synthesizeDepartmentExtracts(persons, { seed: 7, agreement: 0.8, errors: labels, departments: ['civil-affairs', 'public-security'] });
    const r = await canji(dir, 'sql', '--dept', 'civil-affairs,public-security', '--as-of', '2019-06-30', '--records-table', 'ods.persons', '--record-key', 'row_no', '--dept-table', 'civil-affairs=ods.minzheng', '--dept-order', 'row_no');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FROM "ods"."persons"');
    expect(r.stdout).toContain('FROM "ods"."minzheng"');
    expect(r.stdout).toContain('FROM "canji_dept_public_security"');
    const engine = await DuckDbEngine.open();
    try {
      await engine.loadRecords(records);
      await engine.loadDepartment('civil-affairs', extracts['civil-affairs'].records);
      await engine.loadDepartment('public-security', extracts['public-security'].records);
      const expected = await engine.findings([...consistencyRules('2017'), ...crossCheckRules('2017')], { referenceDate: '2019-06-30' });
      expect(expected.findings.length).toBeGreaterThan(50);
      // The team's tables: other names, the key column row_no.
      await engine.query('CREATE SCHEMA ods');
      await engine.query('CREATE TABLE ods.persons AS SELECT canji_row AS row_no, * EXCLUDE (canji_row) FROM canji_records');
      await engine.query('CREATE TABLE ods.minzheng AS SELECT canji_row AS row_no, * EXCLUDE (canji_row) FROM canji_dept_civil_affairs');
      await engine.query('ALTER TABLE canji_dept_public_security RENAME COLUMN canji_row TO row_no');
      const rows = await engine.query(r.stdout.replace(/;\n$/, ''));
      expect(rows.map(([record, rule]) => `${record} ${rule}`)).toEqual(expected.findings.map((f) => `${f.record} ${f.ruleId}`));
    } finally {
      engine.close();
    }
  });

  it('usage errors exit with code 2 and a zh-CN message', async () => {
    expect(await canji(dir, 'sql', '--dialect', 'mysql')).toMatchObject({ code: 2, stderr: expect.stringContaining('选项的值无效') });
    expect(await canji(dir, 'sql', '--dept', 'transport')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [USAGE_DEPT]：未知部门“transport”') });
    expect(await canji(dir, 'sql', '--form', '2019')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [USAGE_FORM]') });
    expect(await canji(dir, 'sql', '--as-of', '2019-02-30')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [USAGE_DATE]') });
    expect(await canji(dir, 'sql', '--records-table', 'persons; DROP TABLE x')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [USAGE_SQL_NAME]') });
    expect(await canji(dir, 'sql', '--dept-table', 'nowhere=t')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [USAGE_DEPT]') });
    expect(await canji(dir, 'sql', '--rules', 'missing.json')).toMatchObject({ code: 2, stderr: expect.stringContaining('错误 [INPUT_NOT_FOUND]') });
  });
});
