/**
 * `canji check --engine postgres --db URL` gives the report `canji check` gives, inside a real
 * PostgreSQL server (a private throw-away cluster, scripts/pg-cluster.ts; CI installs Debian's
 * postgresql): the same report JSON (apart from the time it was generated) and the same lines on
 * stderr, on the synthetic demo county, 2017 and 2021, with and without the seven departments'
 * extracts. Skips only when no PostgreSQL binaries are installed and CI is not set. And the
 * errors: no --db, --table without postgres, a server that cannot be reached (password masked).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS } from '@canji/form';
import { postgresBin, startPostgres, type PostgresCluster } from '../../../scripts/pg-cluster.js';
import { maskDatabaseUrl } from '@canji/sql';
import { psqlOf } from '../../sql/test/planted.js';
import { parseColumnMapping } from '../src/check-engine.js';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const HAVE_PG = postgresBin() !== undefined;
const dept = (dir: string) => DEPARTMENT_IDS.flatMap((d) => ['--dept', `${d}=${dir}/${d}.csv`]);

/** The report a run wrote, without the time it was generated (run metadata). */
function reportOf(dir: string, name: string): Record<string, unknown> {
  const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { meta: Record<string, unknown> };
  delete r.meta.generatedAt;
  return r;
}

interface Report {
  counts: { read: number; withErrors: number; withWarnings: number };
  rules: { id: string; scope: string; records: number }[];
  departments: { department: string; matched: number; discrepancies: unknown[] }[];
}

interface FullReport extends Report {
  meta: { input?: { name: string } };
  normalisations: { count: number }[];
  regions: unknown;
}

/** The lines of stderr, without the PostgreSQL engine's own notice (how it shared the rules). */
const lines = (s: string) => s.split('\n').filter((l) => !l.startsWith('PostgreSQL 引擎：'));

describe.skipIf(!HAVE_PG && !process.env.CI)('canji check --engine postgres: the same report as the JavaScript engine', () => {
  let pg: PostgresCluster;
  const v2017 = tempDir();
  const v2021 = tempDir();

  beforeAll(async () => {
    expect(HAVE_PG, 'PostgreSQL server binaries (apt-get install postgresql)').toBe(true);
    const synth = async (cwd: string, ...args: string[]) => {
      const r = await canji(cwd, 'synth', '--region', '430121', '-q', ...args);
      expect(r.code, r.stderr).toBe(0);
    };
    const [cluster] = await Promise.all([
      startPostgres(),
      // The demo county of the guides, and the 2021 form with errors planted at 20 %.
      synth(v2017, '--count', '4000', '--seed', '1', '--errors', '0.02', '--departments', 'depts', '--out', 'persons.csv'),
      synth(v2021, '--count', '3000', '--seed', '12', '--errors', '0.2', '--form', '2021', '--as-of', '2021-06-30', '--departments', 'depts', '--out', 'persons.csv'),
    ]);
    pg = cluster!;
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  /** Runs `check` with the JavaScript engine and with PostgreSQL (same arguments) and returns both. */
  async function both(dir: string, args: readonly string[]) {
    const out: { report: Record<string, unknown>; stderr: string }[] = [];
    for (const engine of ['js', 'postgres']) {
      const tag = `run-${engine}`;
      const r = await canji(dir, 'check', ...args, '--out', `${tag}.json`, '--fail-on', 'never', '-q', ...(engine === 'js' ? [] : ['--engine', engine, '--db', pg.url]));
      expect(r.code, r.stderr).toBe(0);
      out.push({ report: reportOf(dir, `${tag}.json`), stderr: r.stderr.replaceAll(tag, '@OUT') });
    }
    return { js: out[0]!, pg: out[1]! };
  }

  /** What makes the equality mean something: the SQL rules found things, the departments disagreed. */
  function expectFindings(report: Record<string, unknown>, withDepartments: boolean): void {
    const r = report as unknown as Report;
    const fired = (scope: string) => r.rules.filter((x) => x.scope === scope && x.records > 0).length;
    expect(fired('record')).toBeGreaterThan(5);
    if (withDepartments) {
      expect(fired('cross-check')).toBeGreaterThan(10);
      expect(r.departments).toHaveLength(7);
      expect(r.departments.reduce((n, d) => n + d.discrepancies.length, 0)).toBeGreaterThan(100);
    } else expect(r.departments).toEqual([]);
  }

  it.each([
    ['2017', false],
    ['2017', true],
    ['2021', false],
    ['2021', true],
  ] as const)('demo county, %s form, seven extracts: %s', async (version, withDepartments) => {
    const dir = version === '2017' ? v2017 : v2021;
    const asOf = version === '2017' ? '2019-06-30' : '2021-06-30';
    const { js, pg: viaPg } = await both(dir, ['persons.csv', '--as-of', asOf, ...(withDepartments ? dept('depts') : [])]);
    expectFindings(js.report, withDepartments);
    expect(viaPg.report).toEqual(js.report);
    expect(lines(viaPg.stderr)).toEqual(lines(js.stderr));
    expect(viaPg.stderr).toMatch(/PostgreSQL 引擎：\d+ 条规则在 SQL 中判断/);
  }, 60_000);

  it('the department lists and the records to fix are the JavaScript engine’s too (2017, seven extracts, by township)', async () => {
    for (const engine of ['js', 'postgres']) {
      const r = await canji(v2017, 'check', 'persons.csv', '--as-of', '2019-06-30', '--region', '430121', '--level', 'township', ...dept('depts'), '--discrepancies', `lists-${engine}`, '--to-fix', `fix-${engine}.xlsx`, '--fail-on', 'never', '-q', ...(engine === 'js' ? [] : ['--engine', engine, '--db', pg.url]));
      expect(r.code, r.stderr).toBe(0);
    }
    expect(readFileSync(join(v2017, 'fix-postgres.csv'), 'utf8')).toBe(readFileSync(join(v2017, 'fix-js.csv'), 'utf8'));
    const csvs = readdirSync(join(v2017, 'lists-js')).filter((f) => f.endsWith('.csv'));
    expect(csvs).toHaveLength(7);
    for (const f of csvs) expect(readFileSync(join(v2017, 'lists-postgres', f), 'utf8'), f).toBe(readFileSync(join(v2017, 'lists-js', f), 'utf8'));
  }, 60_000);

  describe('--table: the batch is a table of the database, with the platform’s own column names', () => {
    /** The platform's names for some of canji's columns. */
    const renamed: Record<string, string> = { resident_id: 'sfzh', name: 'xm', region_code: 'xzqh', r3: 'hkxz', certificate_no: 'cjzh' };
    beforeAll(() => {
      // persons.csv of the demo county as a table of schema ods, every column text, some renamed.
      const header = readFileSync(join(v2017, 'persons.csv'), 'utf8').split('\n', 1)[0]!.replace(/^\uFEFF/, '').trim().split(',');
      const psql = psqlOf(pg);
      psql(['-c', `CREATE SCHEMA ods; CREATE TABLE ods.cjr (${header.map((h) => `"${renamed[h] ?? h}" TEXT`).join(', ')})`]);
      psql(['-c', `\\copy ods.cjr FROM '${join(v2017, 'persons.csv')}' CSV HEADER`]);
      writeFileSync(join(v2017, 'map.json'), JSON.stringify(renamed));
      writeFileSync(join(v2017, 'unknown-key.json'), JSON.stringify({ ...renamed, shenfenzheng: 'sfzh2' }));
      writeFileSync(join(v2017, 'missing-column.json'), JSON.stringify({ ...renamed, r4: 'no_such_col' }));
    });

    it('the same counts, rules and department figures as `canji check` on the file (seven extracts), the table named as its input', async () => {
      const args = ['--as-of', '2019-06-30', ...dept('depts'), '--fail-on', 'never', '-q'];
      const js = await canji(v2017, 'check', 'persons.csv', ...args, '--out', 'file.json');
      expect(js.code, js.stderr).toBe(0);
      const t = await canji(v2017, 'check', '--engine', 'postgres', '--db', pg.url, '--table', 'ods.cjr', '--columns', 'map.json', ...args, '--out', 'table.json');
      expect(t.code, t.stderr).toBe(0);
      expect(t.stderr).toMatch(/PostgreSQL 表 ods\.cjr：读出 4006 行（列名按 map\.json 对照）/);
      const file = reportOf(v2017, 'file.json') as unknown as FullReport;
      const table = reportOf(v2017, 'table.json') as unknown as FullReport;
      expect(table.meta.input?.name).toBe('ods.cjr');
      expectFindings(file as unknown as Record<string, unknown>, true);
      // A table has no row order but its physical one (not the file's: PostgreSQL puts a short row
      // where there is room), so what names rows (examples, positions) differs; what counts does not.
      expect(table.counts).toEqual(file.counts);
      expect(table.rules).toEqual(file.rules);
      expect(table.regions).toEqual(file.regions);
      expect(table.departments.map(({ discrepancies, ...d }) => ({ ...d, discrepancies: discrepancies.length }))).toEqual(file.departments.map(({ discrepancies, ...d }) => ({ ...d, discrepancies: discrepancies.length })));
      expect(table.normalisations.map((n) => n.count)).toEqual(file.normalisations.map((n) => n.count));
    }, 60_000);

    it.each([
      ['unknown-key.json', 2, /错误 \[ENGINE_COLUMNS_UNKNOWN_KEY\]：列名对照文件 unknown-key\.json：“shenfenzheng”不是登记表的项目/],
      ['missing-column.json', 2, /错误 \[ENGINE_COLUMNS_MISSING_COLUMN\]：列名对照文件 missing-column\.json：表“ods\.cjr”中没有列“no_such_col”（对照 r4）/],
      ['no-such-map.json', 2, /错误 \[ENGINE_COLUMNS_NOT_FOUND\]：找不到列名对照文件“no-such-map\.json”/],
    ])('--columns %s: exit %i', async (map, code, message) => {
      const r = await canji(v2017, 'check', '--engine', 'postgres', '--db', pg.url, '--table', 'ods.cjr', '--columns', map, '-q');
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
    });

    it('a table that is not there: ENGINE_TABLE_NOT_FOUND (exit 2)', async () => {
      const r = await canji(v2017, 'check', '--engine', 'postgres', '--db', pg.url, '--table', 'ods.no_such_table', '-q');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/错误 \[ENGINE_TABLE_NOT_FOUND\]：数据库 .* 中没有表“ods\.no_such_table”/);
    });
  });
});

describe('canji check --engine postgres: usage and connection errors', () => {
  const dir = tempDir();

  it('the URL as shown: the password masked in every form a connection string takes', () => {
    expect(maskDatabaseUrl('postgresql://canji:s3cret@db.example:5432/canji')).toBe('postgresql://canji:***@db.example:5432/canji');
    expect(maskDatabaseUrl('postgres://canji@db.example/canji?sslmode=require&password=s3cret')).toBe('postgres://canji@db.example/canji?sslmode=require&password=***');
    expect(maskDatabaseUrl("host=db.example password='s3 cret' dbname=canji")).toBe('host=db.example password=*** dbname=canji');
    expect(maskDatabaseUrl('postgresql://canji@localhost/canji?host=/tmp/pg&port=5433')).toBe('postgresql://canji@localhost/canji?host=/tmp/pg&port=5433');
  });

  it('a --columns file that is not an object of column names is ENGINE_COLUMNS_INVALID', () => {
    expect(parseColumnMapping('\uFEFF{ "resident_id": "sfzh", "r3": "hkxz" }', 'm.json').pairs).toEqual([
      ['resident_id', 'sfzh'],
      ['r3', 'hkxz'],
    ]);
    for (const text of ['{ resident_id: sfzh }', '["sfzh"]', '{ "resident_id": 3 }', '{ "resident_id": " " }', '{ "resident_id": "sfzh", "name": "sfzh" }']) {
      expect(() => parseColumnMapping(text, 'm.json'), text).toThrow(expect.objectContaining({ code: 'ENGINE_COLUMNS_INVALID', exitCode: 2 }));
    }
  });

  it('--engine postgres without --db is USAGE_ENGINE_DB (exit 2)', async () => {
    const r = await canji(dir, 'check', 'no-such-file.csv', '--engine', 'postgres');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/错误 \[USAGE_ENGINE_DB\]：--engine postgres 需要 --db <URL>/);
  });

  it('--table without --engine postgres, or with a file, is USAGE_ENGINE_TABLE (exit 2); no file and no --table is USAGE_INPUT_MISSING', async () => {
    const r = await canji(dir, 'check', '--table', 'persons');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/错误 \[USAGE_ENGINE_TABLE\]：--table 只用于 --engine postgres/);
    const both = await canji(dir, 'check', 'persons.csv', '--engine', 'postgres', '--db', 'postgresql://canji@localhost/canji', '--table', 'persons');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/错误 \[USAGE_ENGINE_TABLE\]：数据文件“persons\.csv”与 --table 只能给一样/);
    const none = await canji(dir, 'check', '--engine', 'postgres', '--db', 'postgresql://canji@localhost/canji');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/错误 \[USAGE_INPUT_MISSING\]：缺少参数：file/);
    const columns = await canji(dir, 'check', 'persons.csv', '--engine', 'postgres', '--db', 'postgresql://canji@localhost/canji', '--columns', 'map.json');
    expect(columns.code).toBe(2);
    expect(columns.stderr).toMatch(/错误 \[USAGE_ENGINE_TABLE\]：--columns（列名对照文件）只与 --table 同用/);
  });

  it('--db with another engine is USAGE_ENGINE_DB (exit 2)', async () => {
    const r = await canji(dir, 'check', 'no-such-file.csv', '--engine', 'duckdb', '--db', 'postgresql://canji@localhost/canji');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/错误 \[USAGE_ENGINE_DB\]：--db 只用于 --engine postgres/);
  });

  it('a server that cannot be reached is ENGINE_CONNECT (exit 3), the password masked', async () => {
    const r = await canji(dir, 'check', 'no-such-file.csv', '--engine', 'postgres', '--db', 'postgresql://canji:s3cr3t-pw@localhost/canji?host=/nonexistent-canji-socket&port=1');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/错误 \[ENGINE_CONNECT\]：无法连接 PostgreSQL 数据库 postgresql:\/\/canji:\*\*\*@localhost\/canji/);
    expect(r.stderr).not.toContain('s3cr3t-pw');
  });
});
