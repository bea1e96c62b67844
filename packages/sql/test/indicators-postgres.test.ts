/**
 * The indicators compiled for PostgreSQL 15 and run inside a real server (a private throw-away
 * cluster, scripts/pg-cluster.ts; CI installs Debian's postgresql): every built-in indicator of the
 * 2017 and the 2021 form (with the seven extracts the 2021 built-ins read) gives the numerators,
 * denominators and missing counts per unit and disaggregation `computeIndicators` gives, and the
 * whole result made from psql's output equals the JavaScript one. The tables are what the DuckDB
 * engine loads, copied into PostgreSQL as text with psql's \copy (as postgres.test.ts does).
 * Skips only when no PostgreSQL binaries are installed and CI is not set.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS, createDepartmentSourcer, fromFlatRow, parseExtractRow, toFlatRow, type PersonFormVersion } from '@canji/form';
import { computeIndicators, type Dimension, type IndicatorResult } from '@canji/indicators';
import { buildDepartmentIndex, type DepartmentId, type DepartmentIndex, type PersonRecord } from '@canji/rules';
import { injectErrors, injectErrorsAs2021, synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';
import { postgresBin, startPostgres, type PostgresCluster } from '../../../scripts/pg-cluster.js';
import { DuckDbEngine, compileIndicatorsToSql, defaultDepartmentTable, indicatorResultFromSql } from '../src/index.js';

const HAVE_PG = postgresBin() !== undefined;
const lines = (res: IndicatorResult) => res.rows.map((r) => `${r.indicator} | ${r.by.join(',')} | ${JSON.stringify(r.group)} | ${r.numerator}/${r.denominator}/${r.missing}`);

describe.skipIf(!HAVE_PG && !process.env.CI)('the compiled indicators inside PostgreSQL', () => {
  let pg: PostgresCluster;
  let dir: string;
  beforeAll(async () => {
    expect(HAVE_PG, 'PostgreSQL server binaries (apt-get install postgresql)').toBe(true);
    pg = (await startPostgres())!;
    dir = await mkdtemp(join(tmpdir(), 'canji-sql-pg-ind-'));
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const psql = (args: string[]) => execFileSync(join(pg.bin, 'psql'), [pg.url, '-v', 'ON_ERROR_STOP=1', '-q', '-A', '-t', '-F', '|', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

  it.each(['2017', '2021'] as const)('every built-in indicator of the %s form, by county, sex and age: the rows computeIndicators gives', async (version: PersonFormVersion) => {
    const asOf = version === '2017' ? '2019-06-30' : '2021-06-30';
    const rows = {} as Record<DepartmentId, Readonly<Record<string, unknown>>[]>;
    let records: PersonRecord[];
    if (version === '2017') {
      const persons = [...synthesizePersons({ seed: 81, count: 800, asOf })];
      const injected = injectErrors(persons, { seed: 82, rate: 0.15 });
      records = injected.records;
      const { extracts } = synthesizeDepartmentExtracts(persons, { seed: 83, agreement: 0.85, errors: injected.labels });
      for (const d of DEPARTMENT_IDS) rows[d] = extracts[d].rows.map((row) => parseExtractRow(d, row).record as Record<string, unknown>);
    } else {
      const truth = synthesizePersons({ seed: 81, count: 800, asOf });
      const injected = injectErrorsAs2021(truth, synthesizePersons({ seed: 81, count: 800, asOf, version: '2021' }), { seed: 82, rate: 0.15 });
      records = [...injected.records];
      const { extracts } = synthesizeDepartmentExtracts(truth, { seed: 83, agreement: 0.85, errors: injected.labels, formVersion: '2021' });
      for (const d of DEPARTMENT_IDS) rows[d] = extracts[d].records;
    }
    const by: Dimension[] = ['county', 'sex', 'age'];

    // JavaScript on the records as canji reads the flat layout, enriched from the seven extracts.
    const index: Partial<Record<DepartmentId, DepartmentIndex>> = {};
    for (const d of DEPARTMENT_IDS) index[d] = buildDepartmentIndex(d, rows[d]);
    const sourcer = createDepartmentSourcer(index);
    const read = records.map((r) => sourcer.apply(fromFlatRow(toFlatRow(r, { version }), { version }).record));
    const js = computeIndicators(read, { asOf, formVersion: version, by, departmentSources: () => sourcer.provenance() });

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
    const compiled = compileIndicatorsToSql({ asOf, formVersion: version, by, dialect: 'postgres', departments: [...DEPARTMENT_IDS] });
    expect(compiled.notCompiled).toEqual([]);
    const out = psql(['-c', compiled.sql])
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('|'));
    const result = indicatorResultFromSql(compiled, out, { departmentSources: sourcer.provenance() });
    expect(lines(result)).toEqual(lines(js));
    expect(result.rows).toEqual(js.rows);
    expect(result.passTotals).toEqual(js.passTotals);
    expect(result.checks.ok).toBe(true);
    expect(result.rows.length).toBeGreaterThan(500);
  }, 180_000);
});
