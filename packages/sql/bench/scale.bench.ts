/**
 * How the DuckDB side grows: the generated findings query (every rule that compiles, as `canji sql`
 * prints it: compileRulesToSql of the consistency and cross-check rules, all seven departments)
 * over a batch loaded from its CSV (`loadRecordsCsv`) and the seven extracts read by canji's extract
 * reader and appended to DuckDB (as `canji check --engine duckdb` loads them). One run, one process:
 * CPU (user + system, DuckDB's threads included), wall and peak RSS per phase and in all.
 *
 * The session is opened as `canji check --engine duckdb` opens it (`SqlCheck.open`): DuckDB's memory
 * capped at SCALE_BENCH_MEMORY (default 1GB, the check's `DUCKDB_MEMORY_LIMIT`), spilling to a
 * directory of its own, no insertion order kept; SCALE_BENCH_MEMORY=default keeps DuckDB's own
 * defaults (80 % of the machine's memory, nothing spilled) for comparison. A findings query that does not
 * fit the ceiling is run once more with half the machine's memory, as the check does (`raisedTo`).
 *
 * Data: `canji synth --count N --region 430121 --seed 2026 --errors 0.1 --departments depts --out persons.csv`
 * in SCALE_BENCH_DIR (generated once, reused).
 * Run: SCALE_BENCH_DIR=… node --import tsx packages/sql/bench/scale.bench.ts (prints one JSON line at the end).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEPARTMENT_IDS } from '@canji/form';
import { consistencyRules, crossCheckRules } from '@canji/rules';
import type { CliIo } from '../../cli/src/index.js';
import { loadDepartment } from '../../cli/src/departments.js';
import { DuckDbEngine, compileRulesToSql } from '../src/index.js';

const DIR = process.env.SCALE_BENCH_DIR;
if (!DIR) {
  console.log('scale.bench.ts: SCALE_BENCH_DIR is not set, skipped (a province-scale run: see the file comment)');
  process.exit(0);
}
const quiet: CliIo = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: DIR };

const phases: Record<string, { cpuS: number; wallS: number; rssMB: number }> = {};
async function phase<T>(name: string, f: () => Promise<T>): Promise<T> {
  const c = process.cpuUsage();
  const t = performance.now();
  const out = await f();
  const u = process.cpuUsage(c);
  phases[name] = { cpuS: (u.user + u.system) / 1e6, wallS: (performance.now() - t) / 1000, rssMB: process.resourceUsage().maxRSS / 1024 };
  console.log(name, JSON.stringify(phases[name]));
  return out;
}

const c0 = process.cpuUsage();
const t0 = performance.now();
const memory = process.env.SCALE_BENCH_MEMORY ?? '1GB';
const spill = mkdtempSync(join(tmpdir(), 'canji-scale-'));
const engine = await DuckDbEngine.open(memory === 'default' ? {} : { memoryLimit: memory, tempDirectory: spill, preserveInsertionOrder: false });
const records = await phase('records', () => engine.loadRecordsCsv(join(DIR, 'persons.csv')));
let extractRows = 0;
await phase('extracts', async () => {
  for (const dept of DEPARTMENT_IDS) {
    await loadDepartment(quiet, dept, join(DIR, 'depts', `${dept}.csv`), {
      indexer: async (rows) => {
        const w = await engine.departmentWriter(dept);
        for await (const batch of rows) for (const r of batch) w.add(r);
        extractRows += await w.close();
        return undefined as never;
      },
    });
  }
});
const compiled = compileRulesToSql([...consistencyRules('2017'), ...crossCheckRules('2017')], { formVersion: '2017', referenceDate: '2019-06-30', departments: engine.loadedDepartments() });
// As `canji check --engine duckdb` does: a query that does not fit the ceiling runs once more with half the machine's memory.
let raisedTo: string | undefined;
await phase('findings', async () => {
  try {
    return await engine.query(`CREATE TEMP TABLE canji_found AS ${compiled.sql}`);
  } catch (e) {
    if (memory === 'default' || !/Out of Memory Error/i.test(String((e as Error).cause ?? e))) throw e;
    console.log('findings: out of memory at', memory, '-', String((e as Error).message).slice(0, 160));
    raisedTo = `${Math.max(2, Math.floor(totalmem() / 2 ** 30 / 2))}GB`;
    await engine.query(`SET memory_limit = '${raisedTo}'`);
    await engine.query('DROP TABLE IF EXISTS canji_found');
    return engine.query(`CREATE TEMP TABLE canji_found AS ${compiled.sql}`);
  }
});
const [[findings]] = (await engine.query('SELECT count(*) FROM canji_found')) as [[number]];
engine.close();
rmSync(spill, { recursive: true, force: true });
const u = process.cpuUsage(c0);
console.log(JSON.stringify({ memory, raisedTo, records, extractRows, rules: compiled.rules.length, findings, phases, cpuS: (u.user + u.system) / 1e6, wallS: (performance.now() - t0) / 1000, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
