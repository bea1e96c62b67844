/**
 * Like for like: the generated findings SQL of exactly the five rules the hand-written query of
 * check-engine.bench.ts covers, beside that hand-written query, over the same tables loaded once
 * into one DuckDB (the records as `loadRecordsCsv` loads them, which `canji sql` and the hybrid
 * check read; the seven extracts read by canji's extract reader and appended as `--engine duckdb`
 * appends them; for the hand-written query, the same seven raw CSV files as DuckDB tables). Only
 * the query is timed (wall, best of GEN_BENCH_RUNS, default 3); both give one count per rule,
 * and the counts must agree.
 *
 * Data: the files of check-engine.bench.ts (`.bench-tmp/check-engine-<N>`), or GEN_BENCH_DIR.
 * Run: node --import tsx packages/sql/bench/generated-vs-hand.bench.ts [--explain]
 */
import { existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEPARTMENT_IDS } from '@canji/form';
import { batchRules, consistencyRules, crossCheckRules } from '@canji/rules';
import type { CliIo } from '../../cli/src/index.js';
import { loadDepartment } from '../../cli/src/departments.js';
import { DuckDbEngine, compileRulesToSql, planHybridCheck } from '../src/index.js';
import { HAND_MACROS, HAND_RULES, handWrittenSql } from './hand-written.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const N = Number(process.env.CHECK_BENCH_N ?? 200_000);
const DIR = process.env.GEN_BENCH_DIR ?? join(ROOT, '.bench-tmp', `check-engine-${N}`);
const RUNS = Number(process.env.GEN_BENCH_RUNS ?? 3);
/** check-engine.bench.ts's hand-written query, over tables (`persons` = canji_records_csv, `raw_<dept>` = the raw files). */
const HAND_SQL = handWrittenSql({ persons: 'canji_records_csv', rowKey: 'rowid', dept: (d) => `raw_${d.replace(/-/g, '_')}` });

const quiet: CliIo = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: DIR };

async function main(): Promise<void> {
  if (!existsSync(join(DIR, 'persons.csv'))) throw new Error(`no data in ${DIR}: run check-engine.bench.ts first`);
  const explain = process.argv.includes('--explain');
  const engine = await DuckDbEngine.open();
  const t0 = performance.now();
  const records = await engine.loadRecordsCsv(join(DIR, 'persons.csv'));
  for (const dept of DEPARTMENT_IDS) {
    const path = join(DIR, 'depts', `${dept}.csv`);
    await loadDepartment(quiet, dept, path, {
      indexer: async (rows) => {
        const w = await engine.departmentWriter(dept);
        for await (const batch of rows) for (const r of batch) w.add(r);
        await w.close();
        return undefined as never;
      },
    });
    await engine.query(`CREATE OR REPLACE TABLE raw_${dept.replace(/-/g, '_')} AS SELECT * FROM read_csv('${path}', header = true, all_varchar = true)`);
  }
  for (const m of HAND_MACROS) await engine.query(m);
  console.log(`loaded ${records.toLocaleString('en-US')} records and seven extracts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rules = crossCheckRules('2017').filter((r) => HAND_RULES.includes(r.id));
  const compiled = compileRulesToSql(rules, { formVersion: '2017', referenceDate: '2019-06-30', departments: engine.loadedDepartments(), ordered: false });
  const gen = `SELECT rule_id, count(*) FROM (${compiled.sql}) canji_f GROUP BY rule_id`;
  const time = async (sql: string): Promise<{ ms: number; cpuMs: number; counts: Record<string, number> }> => {
    let best = Infinity;
    let cpuMs = Infinity;
    let counts: Record<string, number> = {};
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      const rows = await engine.query(sql);
      const u = process.cpuUsage(c);
      best = Math.min(best, performance.now() - t);
      cpuMs = Math.min(cpuMs, (u.user + u.system) / 1000);
      counts = Object.fromEntries(rows.map(([r, n]) => [String(r), Number(n)]));
    }
    return { ms: best, cpuMs, counts };
  };
  // The whole SQL part of `canji check --engine duckdb`: every rule SQL decides, the pre-filters and the match pseudo-rules.
  const plan = planHybridCheck([...consistencyRules('2017'), ...crossCheckRules('2017'), ...batchRules()], { formVersion: '2017', referenceDate: '2019-06-30', departments: engine.loadedDepartments() });
  const full = `SELECT rule_id, count(*) FROM (${plan.compiled.sql}) canji_f GROUP BY rule_id`;
  if (process.argv.includes('--sql')) console.log(plan.compiled.sql);
  if (process.env.GEN_BENCH_PROFILE) {
    await engine.query(`PRAGMA enable_profiling = 'json'`);
    await engine.query(`PRAGMA profiling_output = '${process.env.GEN_BENCH_PROFILE}'`);
    await engine.query(full);
    await engine.query(`PRAGMA disable_profiling`);
  }
  if (explain) {
    const [[, fplan]] = (await engine.query(`EXPLAIN ANALYZE ${full}`)) as [[string, string]];
    console.log(fplan);
    const [[, plan]] = (await engine.query(`EXPLAIN ANALYZE ${gen}`)) as [[string, string]];
    console.log(plan);
    const [[, hplan]] = (await engine.query(`EXPLAIN ANALYZE ${HAND_SQL}`)) as [[string, string]];
    console.log(hplan);
  }
  const hand = await time(HAND_SQL);
  const g = await time(gen);
  for (const id of HAND_RULES) {
    const a = hand.counts[id] ?? 0;
    const b = g.counts[id] ?? 0;
    console.log(`${id}: hand ${a}, generated ${b}${a === b ? '' : '  (differ)'}`);
  }
  const all = await time(full);
  const s = (x: { ms: number; cpuMs: number }) => `${(x.ms / 1000).toFixed(2)} s wall, ${(x.cpuMs / 1000).toFixed(2)} s CPU`;
  console.log(`five rules: hand-written ${s(hand)}; generated ${s(g)} (best of ${RUNS}): ${(g.ms / hand.ms).toFixed(2)}× wall, ${(g.cpuMs / hand.cpuMs).toFixed(2)}× CPU`);
  console.log(`the whole SQL part of --engine duckdb (${plan.compiled.rules.length} rules and pre-filters, ${Object.values(all.counts).reduce((a, b) => a + b, 0).toLocaleString('en-US')} rows): ${s(all)}`);
  if (process.env.GEN_BENCH_JSON) console.log(JSON.stringify({ records, hand, generated: g, full: all }));
  engine.close();
}

await main();
