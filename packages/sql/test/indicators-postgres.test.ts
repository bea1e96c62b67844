/**
 * The indicators compiled for PostgreSQL 15 and run inside a real server (a private throw-away
 * cluster, scripts/pg-cluster.ts; CI installs Debian's postgresql): every built-in indicator of the
 * 2017 and the 2021 form (with the seven extracts the 2021 built-ins read) gives the numerators,
 * denominators and missing counts per unit and disaggregation `computeIndicators` gives, and the
 * whole result made from psql's output equals the JavaScript one. The tables are what the DuckDB
 * engine loads, copied into PostgreSQL as text with psql's \copy (as postgres.test.ts does).
 * Skips only when no PostgreSQL binaries are installed and CI is not set.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS, createDepartmentSourcer, fromFlatRow, toFlatRow } from '@canji/form';
import { computeIndicators, type Dimension, type IndicatorResult } from '@canji/indicators';
import { buildDepartmentIndex, type DepartmentId, type DepartmentIndex } from '@canji/rules';
import { postgresBin, startPostgres, type PostgresCluster } from '../../../scripts/pg-cluster.js';
import { compileIndicatorsToSql, indicatorResultFromSql } from '../src/index.js';
import { loadIntoPostgres, plantedBatch, psqlOf } from './planted.js';

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

  const psql = (args: string[]) => psqlOf(pg)(args);

  it.each(['2017', '2021'] as const)('every built-in indicator of the %s form, by county, sex and age: the rows computeIndicators gives', async (version) => {
    const batch = plantedBatch(version, 800, 81);
    const { records, extracts: rows, referenceDate: asOf } = batch;
    const by: Dimension[] = ['county', 'sex', 'age'];

    // JavaScript on the records as canji reads the flat layout, enriched from the seven extracts.
    const index: Partial<Record<DepartmentId, DepartmentIndex>> = {};
    for (const d of DEPARTMENT_IDS) index[d] = buildDepartmentIndex(d, rows[d]);
    const sourcer = createDepartmentSourcer(index);
    const read = records.map((r) => sourcer.apply(fromFlatRow(toFlatRow(r, { version }), { version }).record));
    const js = computeIndicators(read, { asOf, formVersion: version, by, departmentSources: () => sourcer.provenance() });

    // The tables as the DuckDB engine loads them, copied into PostgreSQL as text.
    await loadIntoPostgres(batch, psql, dir);
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
