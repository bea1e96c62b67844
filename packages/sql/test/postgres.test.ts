/**
 * The same rules compiled for PostgreSQL 15 and run inside a real server (a private throw-away
 * cluster, scripts/pg-cluster.ts; CI installs Debian's postgresql): the (record, rule) pairs equal
 * the JavaScript engine's (`checkRecord`) on synthetic 2017 and 2021 batches with planted errors and
 * seven department extracts with planted disagreements. The tables are what the DuckDB engine
 * loads (the flat layout as text), copied into PostgreSQL with psql's \copy.
 * Skips only when no PostgreSQL binaries are installed and CI is not set.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS, fromFlatRow, parseExtractRow, toFlatRow, type PersonFormVersion } from '@canji/form';
import { buildDepartmentIndex, checkRecord, consistencyRules, crossCheckRules, type DepartmentId, type DepartmentIndex, type PersonRecord } from '@canji/rules';
import { injectErrors, injectErrorsAs2021, synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';
import { postgresBin, startPostgres, type PostgresCluster } from '../../../scripts/pg-cluster.js';
import { compileRulesToSql, defaultDepartmentTable, DuckDbEngine } from '../src/index.js';

const HAVE_PG = postgresBin() !== undefined;

describe.skipIf(!HAVE_PG && !process.env.CI)('the compiled rules inside PostgreSQL', () => {
  let pg: PostgresCluster;
  let dir: string;
  beforeAll(async () => {
    expect(HAVE_PG, 'PostgreSQL server binaries (apt-get install postgresql)').toBe(true);
    pg = (await startPostgres())!;
    dir = await mkdtemp(join(tmpdir(), 'canji-sql-pg-'));
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const psql = (args: string[]) => execFileSync(join(pg.bin, 'psql'), [pg.url, '-v', 'ON_ERROR_STOP=1', '-q', '-A', '-t', '-F', '|', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

  it.each(['2017', '2021'] as const)('finds what checkRecord finds on the %s form, every compiled rule', async (version: PersonFormVersion) => {
    // The batches of the DuckDB equivalence test: planted errors, seven extracts with planted disagreements.
    const referenceDate = version === '2017' ? '2019-06-30' : '2021-06-30';
    let records: PersonRecord[];
    const rows = {} as Record<DepartmentId, Readonly<Record<string, unknown>>[]>;
    if (version === '2017') {
      const persons = [...synthesizePersons({ seed: 31, count: 1500, asOf: referenceDate })];
      const injected = injectErrors(persons, { seed: 32, rate: 0.15 });
      records = injected.records;
      const { extracts } = synthesizeDepartmentExtracts(persons, { seed: 33, agreement: 0.85, errors: injected.labels });
      for (const d of DEPARTMENT_IDS) rows[d] = extracts[d].rows.map((row) => parseExtractRow(d, row).record as Record<string, unknown>);
    } else {
      const truth = synthesizePersons({ seed: 31, count: 1500, asOf: referenceDate });
      const injected = injectErrorsAs2021(truth, synthesizePersons({ seed: 31, count: 1500, asOf: referenceDate, version: '2021' }), { seed: 32, rate: 0.15 });
      records = [...injected.records];
      const { extracts } = synthesizeDepartmentExtracts(truth, { seed: 33, agreement: 0.85, errors: injected.labels, formVersion: '2021' });
      for (const d of DEPARTMENT_IDS) rows[d] = extracts[d].records;
    }
    const rules = [...consistencyRules(version), ...crossCheckRules(version)];

    // JavaScript engine on the records as `canji check` reads the flat layout: the reference.
    const departments: Partial<Record<DepartmentId, DepartmentIndex>> = {};
    for (const d of DEPARTMENT_IDS) departments[d] = buildDepartmentIndex(d, rows[d]);
    const compiled = compileRulesToSql(rules, { dialect: 'postgres', formVersion: version, referenceDate, departments: [...DEPARTMENT_IDS] });
    const compiledIds = new Set(compiled.rules.map((r) => r.id));
    expect(compiledIds.size).toBeGreaterThan(20);
    const expected = new Set<string>();
    records.forEach((r, i) => {
      const read = fromFlatRow(toFlatRow(r, { version }), { version }).record;
      for (const f of checkRecord(read, rules, { formVersion: version, referenceDate, departments })) if (compiledIds.has(f.ruleId)) expected.add(`${i} ${f.ruleId}`);
    });
    expect(expected.size).toBeGreaterThan(version === '2017' ? 500 : 150);

    // The tables as the DuckDB engine loads them, copied into PostgreSQL as text.
    const engine = await DuckDbEngine.open();
    try {
      await engine.loadRecords(records, { formVersion: version });
      for (const d of DEPARTMENT_IDS) await engine.loadDepartment(d, rows[d]);
      for (const t of ['canji_records', ...DEPARTMENT_IDS.map((d) => defaultDepartmentTable(d))]) {
        const cols = (await engine.query(`SELECT column_name FROM (DESCRIBE ${t})`)).map((r) => String(r[0]));
        const file = join(dir, `${t}.csv`);
        await engine.query(`COPY ${t} TO '${file}' (HEADER, DELIMITER ',')`);
        psql(['-c', `DROP TABLE IF EXISTS ${t}; CREATE TABLE ${t} (${cols.map((c) => `"${c}" ${c === 'canji_row' ? 'INTEGER' : 'TEXT'}`).join(', ')})`]);
        psql(['-c', `\\copy ${t} FROM '${file}' CSV HEADER`]);
      }
    } finally {
      engine.close();
    }
    const out = psql(['-c', compiled.sql]);
    const found = new Set(
      out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [record, ruleId] = l.split('|');
          return `${record} ${ruleId}`;
        }),
    );
    const missing = [...expected].filter((k) => !found.has(k));
    const extra = [...found].filter((k) => !expected.has(k));
    expect({ missing: missing.slice(0, 10), extra: extra.slice(0, 10) }).toEqual({ missing: [], extra: [] });
  }, 180_000);
});
