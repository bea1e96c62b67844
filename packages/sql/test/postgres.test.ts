/**
 * The same rules compiled for PostgreSQL 15 and run inside a real server (a private throw-away
 * cluster, scripts/pg-cluster.ts; CI installs Debian's postgresql): the (record, rule) pairs equal
 * the JavaScript engine's (`checkRecord`) on synthetic 2017 and 2021 batches with planted errors and
 * seven department extracts with planted disagreements. The tables are what the DuckDB engine
 * loads (the flat layout as text), copied into PostgreSQL with psql's \copy.
 * Skips only when no PostgreSQL binaries are installed and CI is not set.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS, fromFlatRow, toFlatRow } from '@canji/form';
import { buildDepartmentIndex, checkRecord, consistencyRules, crossCheckRules, type DepartmentId, type DepartmentIndex } from '@canji/rules';
import { postgresBin, startPostgres, type PostgresCluster } from '../../../scripts/pg-cluster.js';
import { compileRulesToSql } from '../src/index.js';
import { loadIntoPostgres, plantedBatch, psqlOf } from './planted.js';

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

  const psql = (args: string[]) => psqlOf(pg)(args);

  it.each(['2017', '2021'] as const)('finds what checkRecord finds on the %s form, every compiled rule', async (version) => {
    // The batches of the DuckDB equivalence test: planted errors, seven extracts with planted disagreements.
    const batch = plantedBatch(version, 1500, 31);
    const { records, extracts: rows, referenceDate } = batch;
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
    await loadIntoPostgres(batch, psql, dir);
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
