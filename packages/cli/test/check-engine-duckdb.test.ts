/**
 * `canji check --engine duckdb` gives the report `canji check` gives: the same report JSON (apart
 * from the time it was generated), the same department discrepancy lists, the same list of records
 * to fix and the same summary, on the synthetic demo county and batches with errors planted at a
 * high rate — 2017 and 2021 forms, with and without the seven departments' extracts, labels as
 * headers in GBK, an XLSX batch, the previous round and the roster. And the usage errors.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS } from '@canji/form';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dept = (dir: string) => DEPARTMENT_IDS.flatMap((d) => ['--dept', `${d}=${dir}/${d}.csv`]);
const demo = tempDir();
const planted = tempDir();
const v2021 = tempDir();
const xlsx = tempDir();
const rounds = tempDir();

beforeAll(async () => {
  const synth = async (cwd: string, ...args: string[]) => {
    const r = await canji(cwd, 'synth', '--region', '430121', '-q', ...args);
    expect(r.code, r.stderr).toBe(0);
  };
  await Promise.all([
    // The demo county of the guides.
    synth(demo, '--count', '4000', '--seed', '1', '--errors', '0.02', '--departments', 'depts', '--out', 'persons.csv'),
    // Errors planted at a high rate; the header as labels (R13 受教育程度), the file in GBK.
    synth(planted, '--count', '3000', '--seed', '11', '--errors', '0.2', '--departments', 'depts', '--headers', 'label', '--encoding', 'gbk', '--out', 'persons.csv'),
    synth(v2021, '--count', '3000', '--seed', '12', '--errors', '0.2', '--form', '2021', '--as-of', '2021-06-30', '--departments', 'depts', '--out', 'persons.csv'),
    synth(xlsx, '--count', '600', '--seed', '13', '--errors', '0.2', '--departments', 'depts', '--out', 'persons.xlsx'),
    synth(rounds, '--count', '800', '--seed', '14', '--rounds', '2', '--out', 'r'),
  ]);
}, 180_000);

/** The report a run wrote, without the time it was generated (run metadata). */
function reportOf(dir: string, name: string): Record<string, unknown> {
  const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { meta: Record<string, unknown> };
  delete r.meta.generatedAt;
  return r;
}

/** Runs `check` with both engines (same arguments; `@OUT` is each run's name) and returns both reports. */
async function both(dir: string, args: readonly string[]) {
  const out: { report: Record<string, unknown>; stdout: string; stderr: string }[] = [];
  for (const engine of ['js', 'duckdb']) {
    const tag = `run-${engine}`;
    const a = args.map((x) => x.replaceAll('@OUT', tag));
    const r = await canji(dir, 'check', ...a, '--out', `${tag}.json`, '--fail-on', 'never', '-q', ...(engine === 'js' ? [] : ['--engine', engine]));
    expect(r.code, r.stderr).toBe(0);
    out.push({ report: reportOf(dir, `${tag}.json`), stdout: r.stdout.replaceAll(tag, '@OUT'), stderr: r.stderr.replaceAll(tag, '@OUT') });
  }
  return { js: out[0]!, duckdb: out[1]! };
}

interface Report {
  counts: { read: number; withErrors: number; withWarnings: number };
  rules: { id: string; scope: string; records: number }[];
  departments: { department: string; matched: number; discrepancyCount: number; discrepancies: unknown[] }[];
  examples: Record<string, unknown[]>;
}

/** What makes the equality mean something: the SQL rules found things, the departments disagreed. */
function expectFindings(report: Record<string, unknown>, withDepartments: boolean): void {
  const r = report as unknown as Report;
  const fired = (scope: string) => r.rules.filter((x) => x.scope === scope && x.records > 0).length;
  expect(fired('record')).toBeGreaterThan(10);
  if (withDepartments) {
    expect(fired('cross-check')).toBeGreaterThan(10);
    expect(r.departments).toHaveLength(7);
    expect(r.departments.reduce((n, d) => n + d.discrepancies.length, 0)).toBeGreaterThan(100);
  } else expect(r.departments).toEqual([]);
}

/** The lines of stderr, without the DuckDB engine's own notice (how it shared the rules). */
const lines = (s: string) => s.split('\n').filter((l) => !l.startsWith('DuckDB 引擎：'));

describe('canji check --engine duckdb: the same report as the JavaScript engine', () => {
  it('demo county, 2017, no department extracts', async () => {
    const { js, duckdb } = await both(demo, ['persons.csv', '--as-of', '2019-06-30']);
    expectFindings(js.report, false);
    expect(duckdb.report).toEqual(js.report);
    expect(lines(duckdb.stderr)).toEqual(lines(js.stderr));
    expect(duckdb.stderr).toMatch(/DuckDB 引擎：14 条规则在 SQL 中判断/);
  }, 60_000);

  it('demo county, 2017, seven extracts, by township: report, department lists, records to fix and the summary', async () => {
    const { js, duckdb } = await both(demo, ['persons.csv', '--as-of', '2019-06-30', '--region', '430121', '--level', 'township', ...dept('depts'), '--discrepancies', 'lists-@OUT', '--to-fix', 'fix-@OUT.xlsx']);
    expectFindings(js.report, true);
    expect(duckdb.report).toEqual(js.report);
    expect(lines(duckdb.stderr)).toEqual(lines(js.stderr));
    expect(duckdb.stderr).toMatch(/DuckDB 引擎：38 条规则在 SQL 中判断，4 条部门比对规则由 SQL 预筛后在 JavaScript 中判断/);
    expect(readFileSync(join(demo, 'fix-run-duckdb.csv'), 'utf8')).toBe(readFileSync(join(demo, 'fix-run-js.csv'), 'utf8'));
    const csvs = readdirSync(join(demo, 'lists-run-js')).filter((f) => f.endsWith('.csv'));
    expect(csvs).toHaveLength(7);
    for (const f of csvs) expect(readFileSync(join(demo, 'lists-run-duckdb', f), 'utf8'), f).toBe(readFileSync(join(demo, 'lists-run-js', f), 'utf8'));
    // The manifest, but for when it was written and the hashes of the XLSX files (which hold their own time).
    const manifest = (engine: string) => JSON.parse(readFileSync(join(demo, `lists-run-${engine}`, '清单.json'), 'utf8'), (k, v) => (k === 'createdAt' || k === 'sha256' ? undefined : v) as unknown);
    expect(manifest('duckdb')).toEqual(manifest('js'));
  }, 90_000);

  it('errors planted at 20 %, labels as headers, GBK, each record’s own reference date, seven extracts', async () => {
    const { js, duckdb } = await both(planted, ['persons.csv', ...dept('depts')]);
    expectFindings(js.report, true);
    expect(duckdb.report).toEqual(js.report);
  }, 90_000);

  it('the 2021 form, errors planted at 20 %, seven extracts', async () => {
    const { js, duckdb } = await both(v2021, ['persons.csv', '--as-of', '2021-06-30', ...dept('depts')]);
    expectFindings(js.report, true);
    expect((js.report.meta as { formVersion: string }).formVersion).toBe('2021');
    expect(duckdb.report).toEqual(js.report);
    expect(duckdb.stderr).toMatch(/DuckDB 引擎：28 条规则在 SQL 中判断，3 条部门比对规则由 SQL 预筛后/);
  }, 90_000);

  it('an XLSX batch (read by the XLSX reader, appended to DuckDB), three extracts', async () => {
    const three = ['civil-affairs', 'education', 'public-security'].flatMap((d) => ['--dept', `${d}=depts/${d}.csv`]);
    const { js, duckdb } = await both(xlsx, ['persons.xlsx', '--as-of', '2019-06-30', ...three]);
    expect((js.report as unknown as Report).departments).toHaveLength(3);
    expect(duckdb.report).toEqual(js.report);
  }, 90_000);

  it('with the previous round and the roster (year-on-year rules and the reconciliation stay in JavaScript)', async () => {
    const { js, duckdb } = await both(rounds, ['r/round-2.csv', '--as-of', '2020-06-30', '--previous', 'r/round-1.csv', '--roster', 'r/roster-2.csv', '--dept', 'public-security=r/public-security-2.csv']);
    expect(js.report.rounds).toBeDefined();
    expect(js.report.previousRound).toBeDefined();
    expect(duckdb.report).toEqual(js.report);
  }, 90_000);

  it('--workers with --engine duckdb: said, and the same report', async () => {
    const r = await canji(demo, 'check', 'persons.csv', '--as-of', '2019-06-30', '--engine', 'duckdb', '--workers', '2', '--out', 'w.json', '--fail-on', 'never', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('--workers 不起作用');
    const js = await canji(demo, 'check', 'persons.csv', '--as-of', '2019-06-30', '--out', 'w-js.json', '--fail-on', 'never', '-q');
    expect(js.code).toBe(0);
    expect(reportOf(demo, 'w.json')).toEqual(reportOf(demo, 'w-js.json'));
  }, 60_000);
});

describe('canji check --engine: usage errors', () => {
  it.each([
    ['sqlite', /错误 \[USAGE_ENGINE\]：--engine 应为 js（默认，JavaScript 引擎）、duckdb（内嵌 DuckDB 引擎）或 postgres（PostgreSQL 数据库，需 --db）：收到“sqlite”/],
    // PostgreSQL needs its database (check-engine-postgres.test.ts runs it).
    ['postgres', /错误 \[USAGE_ENGINE_DB\]：--engine postgres 需要 --db/],
  ])('--engine %s is a usage error (exit 2) before anything is read', async (engine, message) => {
    const r = await canji(demo, 'check', 'no-such-file.csv', '--engine', engine);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('canji check --engine duckdb: DuckDB’s memory ceiling', () => {
  it('a ceiling too small for the batch (CANJI_DUCKDB_MEMORY) is ENGINE_OUT_OF_MEMORY, exit 3, in zh-CN, with no report', async () => {
    const before = process.env.CANJI_DUCKDB_MEMORY;
    process.env.CANJI_DUCKDB_MEMORY = '2MB';
    try {
      const r = await canji(demo, 'check', 'persons.csv', '--as-of', '2019-06-30', ...dept('depts'), '--engine', 'duckdb', '--out', 'oom.json', '-q');
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain('ENGINE_OUT_OF_MEMORY');
      expect(r.stderr).toContain('CANJI_DUCKDB_MEMORY');
      expect(readdirSync(demo)).not.toContain('oom.json');
    } finally {
      if (before === undefined) delete process.env.CANJI_DUCKDB_MEMORY;
      else process.env.CANJI_DUCKDB_MEMORY = before;
    }
  });
});
