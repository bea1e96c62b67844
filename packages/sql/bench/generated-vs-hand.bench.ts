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

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const N = Number(process.env.CHECK_BENCH_N ?? 200_000);
const DIR = process.env.GEN_BENCH_DIR ?? join(ROOT, '.bench-tmp', `check-engine-${N}`);
const RUNS = Number(process.env.GEN_BENCH_RUNS ?? 3);
export const HAND_RULES = ['XC_CIVIL_DIBAO_DIFFERS', 'XC_EDU_ENROLLED_NOT_REGISTERED', 'XC_HEALTH_FAMILY_DOCTOR_DIFFERS', 'XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS', 'XC_PUBSEC_DECEASED_REPORTED_NORMAL'];

const HAND_MACROS = [
  `CREATE OR REPLACE MACRO canji_chk(b) AS substr('10X98765432', CAST(list_sum(list_transform(range(17), i -> CAST(substr(b, i + 1, 1) AS INTEGER) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11 AS INTEGER) + 1, 1)`,
  `CREATE OR REPLACE MACRO canji_half(s) AS upper(trim(translate(s, '０１２３４５６７８９ｘＸ', '0123456789XX')))`,
  `CREATE OR REPLACE MACRO canji_id(s) AS CASE WHEN regexp_full_match(canji_half(s), '[0-9]{15}') THEN substr(canji_half(s), 1, 6) || '19' || substr(canji_half(s), 7, 9) || canji_chk(substr(canji_half(s), 1, 6) || '19' || substr(canji_half(s), 7, 9)) ELSE canji_half(s) END`,
  `CREATE OR REPLACE MACRO canji_valid(s) AS regexp_full_match(s, '[0-9]{17}[0-9X]') AND canji_chk(s) = substr(s, 18, 1)`,
];
/** check-engine.bench.ts's hand-written query, over tables (`persons` = canji_records_csv, `raw_<dept>` = the raw files). */
const HAND_SQL = `
WITH p AS (
  SELECT rowid AS canji_row, person_status, r14, r25, r27, r31,
         canji_id(CASE WHEN resident_id LIKE '%E+%' OR resident_id IS NULL THEN substr(trim(certificate_no), 1, 18) ELSE resident_id END) AS id
  FROM canji_records_csv
),
r AS (SELECT *, coalesce(person_status NOT IN ('1', '2', '3', '4', '5'), FALSE) AS full_form, string_split(coalesce(r27, ''), ',') AS r27s FROM p),
civ AS (SELECT canji_id("身份证号") AS id, bool_or("救助/补贴项目" IN ('1', '最低生活保障', '低保')) AS dibao FROM raw_civil_affairs GROUP BY 1),
edu AS (SELECT canji_id("身份证号") AS id, arg_max("是否在读", "数据期") AS enrolled FROM raw_education GROUP BY 1),
hea AS (SELECT canji_id("身份证号") AS id, last("家庭医生签约") AS contract FROM raw_health GROUP BY 1),
hou AS (SELECT DISTINCT canji_id("身份证号") AS id FROM raw_housing),
pov AS (SELECT DISTINCT canji_id("身份证号") AS id FROM raw_poverty_relief),
pub AS (SELECT canji_id("身份证号") AS id, last("户籍状态") AS status FROM raw_public_security GROUP BY 1),
soc AS (SELECT canji_id("身份证号") AS id, last("医疗保险参保险种") AS medical FROM raw_social_security GROUP BY 1),
j AS (
  SELECT r.*, civ.id IS NOT NULL AS civ_m, coalesce(civ.dibao, FALSE) AS dibao, edu.id IS NOT NULL AS edu_m, edu.enrolled,
         hea.id IS NOT NULL AS hea_m, hea.contract, hou.id IS NOT NULL AS hou_m, pov.id IS NOT NULL AS pov_m,
         pub.status, soc.id IS NOT NULL AS soc_m, soc.medical
  FROM r LEFT JOIN civ USING (id) LEFT JOIN edu USING (id) LEFT JOIN hea USING (id) LEFT JOIN hou USING (id)
         LEFT JOIN pov USING (id) LEFT JOIN pub USING (id) LEFT JOIN soc USING (id)
  WHERE canji_valid(r.id)
)
SELECT 'XC_CIVIL_DIBAO_DIFFERS' AS rule, count(*) FILTER (WHERE full_form AND r27 IS NOT NULL AND list_contains(r27s, '1') <> dibao) FROM j
UNION ALL SELECT 'XC_EDU_ENROLLED_NOT_REGISTERED', count(*) FILTER (WHERE full_form AND r14 IS NOT NULL AND (NOT edu_m OR enrolled IN ('2', '否'))) FROM j
UNION ALL SELECT 'XC_HEALTH_FAMILY_DOCTOR_DIFFERS', count(*) FILTER (WHERE full_form AND r31 IS NOT NULL AND (r31 = '1') <> (hea_m AND contract IN ('1', '是'))) FROM j
UNION ALL SELECT 'XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS', count(*) FILTER (WHERE full_form AND soc_m AND r25 IS NOT NULL AND (r25 = '1') <> (medical IN ('1', '城乡居民基本医疗保险'))) FROM j
UNION ALL SELECT 'XC_PUBSEC_DECEASED_REPORTED_NORMAL', count(*) FILTER (WHERE person_status = '6' AND status IN ('3', '死亡')) FROM j
UNION ALL SELECT '#matched', count(*) FILTER (WHERE civ_m OR edu_m OR hea_m OR hou_m OR pov_m OR soc_m OR status IS NOT NULL) FROM j`;

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
        w.close();
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
