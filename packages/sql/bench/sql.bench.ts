/**
 * @canji/sql benchmark: the record and cross-check rules over N persons and the seven partner
 * departments' extracts — the JavaScript engine (`checkRecord` of `@canji/rules`, departments
 * through `buildDepartmentIndex`) against the DuckDB engine of this package (the same rules compiled
 * to SQL by `compileRulesToSql`, run by `DuckDbEngine`), in the same run, each engine in its own child
 * process so that its CPU time (user + system, every thread) and peak RSS are its own. And, on the
 * same files, a hand-written DuckDB query for four rules against the generated SQL for the same four.
 *
 * The inputs are written once from @canji/synth: the persons (errors planted) as the flat CSV of
 * `writePersonsCsv`, each department's records as JSON lines, so that both engines read the same
 * bytes. The two engines' (record, rule) pairs are compared per rule (count and sum of record
 * indexes): a difference fails the bench.
 *
 * Run: node --expose-gc --max-old-space-size=8192 --import tsx packages/sql/bench/sql.bench.ts
 * (N = SQL_BENCH_N, default 100,000). Not part of `pnpm test`.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEPARTMENT_IDS, fromFlatRow } from '@canji/form';
import { buildDepartmentIndex, checkRecord, consistencyRules, crossCheckRules, type DepartmentId, type DepartmentIndex, type Rule } from '@canji/rules';
import { injectErrors, synthesizeDepartmentExtracts, synthesizePersons, writeJsonLines, writePersonsCsv } from '@canji/synth';
import { childEngine, measureInChild, reportFromChild, report, type ProcessMeasure } from '../../../scripts/bench-kit.js';
import { DuckDbEngine, compileRulesToSql } from '../src/index.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '../../..');
const N = Number(process.env.SQL_BENCH_N ?? 100_000);
const DIR = join(ROOT, '.bench-tmp', `sql-${N}`);
const PERSONS = join(DIR, 'persons.csv');
const deptFile = (d: DepartmentId) => join(DIR, `dept-${d}.jsonl`);
const DONE = join(DIR, 'done');
const REFERENCE_DATE = '2019-06-30';
const LOAD_NOTE =
  'Machine shared with other engineers building and testing at the same time (2 cores): absolute figures are noisy and pessimistic; the ratios, measured in the same run, are the reliable part.';

const ALL_RULES: Rule[] = [...consistencyRules('2017'), ...crossCheckRules('2017')];
const COMPILED_IDS = new Set(compileRulesToSql(ALL_RULES, { formVersion: '2017', departments: DEPARTMENT_IDS }).rules.map((r) => r.id));
/** The rules both engines run: those the SQL compiler compiles (the others stay with JavaScript in any case). */
const RULES = ALL_RULES.filter((r) => COMPILED_IDS.has(r.id));
/** The four rules of the hand-written query. */
const HAND_IDS = ['CON_LIVING_SUBSIDY_WITHOUT_DIBAO', 'XC_CIVIL_DIBAO_DIFFERS', 'XC_CIVIL_TEKUN_DIFFERS', 'XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED'];

// ----------------------------------------------------------------------------------- data
async function makeData(): Promise<void> {
  if (existsSync(DONE)) return;
  mkdirSync(DIR, { recursive: true });
  const t0 = performance.now();
  const persons = [...synthesizePersons({ seed: 2026, count: N, asOf: REFERENCE_DATE })];
  const { records, labels } = injectErrors(persons, { seed: 2027, rate: 0.1 });
  const { extracts } = synthesizeDepartmentExtracts(persons, { seed: 2028, agreement: 0.9, errors: labels });
  await writePersonsCsv(records, PERSONS);
  let rows = 0;
  for (const d of DEPARTMENT_IDS) {
    await writeJsonLines(extracts[d].records, deptFile(d));
    rows += extracts[d].records.length;
  }
  writeFileSync(DONE, `${records.length} ${rows}\n`);
  console.log(`data: ${records.length.toLocaleString('en-US')} persons (10 % with a planted error), ${rows.toLocaleString('en-US')} department rows (7 extracts), written in ${((performance.now() - t0) / 1000).toFixed(1)} s to ${DIR}`);
}

// ----------------------------------------------------------------------------------- reading
/** The cells of one line of the flat CSV (`"…"` fields with `,` inside and `""` escapes, as `csvField` writes them). */
function splitCsvLine(l: string): string[] {
  if (!l.includes('"')) return l.split(',');
  const out: string[] = [];
  let i = 0;
  while (i <= l.length) {
    if (l[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = l.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quote: ${l}`);
        s += l.slice(i, q);
        if (l[q + 1] === '"') {
          s += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(s);
      i++; // the comma
    } else {
      const c = l.indexOf(',', i);
      const end = c < 0 ? l.length : c;
      out.push(l.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

async function* csvRows(file: string): AsyncGenerator<Record<string, string>> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let header: string[] | undefined;
  for await (const l of lines) {
    const cells = splitCsvLine(l);
    if (!header) {
      header = cells;
      continue;
    }
    const r: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) if (cells[i]) r[header[i]!] = cells[i]!;
    yield r;
  }
}

async function jsonLines(file: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const l of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (l) out.push(JSON.parse(l) as Record<string, unknown>);
  return out;
}

// ----------------------------------------------------------------------------------- engines
/** Per rule: `[pairs, sum of record indexes]`; plus `records` and the phases in ms. */
interface Result {
  byRule: Record<string, [number, number]>;
  records: number;
  phases: Record<string, number>;
  version?: string;
}

function tally(byRule: Record<string, [number, number]>, ruleId: string, record: number): void {
  const t = (byRule[ruleId] ??= [0, 0]);
  t[0]++;
  t[1] += record;
}

async function runRead(): Promise<Result> {
  let n = 0;
  for await (const _ of csvRows(PERSONS)) n++;
  for (const d of DEPARTMENT_IDS) await jsonLines(deptFile(d));
  return { byRule: {}, records: n, phases: {} };
}

async function runJs(): Promise<Result> {
  const t0 = performance.now();
  const departments: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  for (const d of DEPARTMENT_IDS) departments[d] = buildDepartmentIndex(d, await jsonLines(deptFile(d)));
  const t1 = performance.now();
  const ctx = { referenceDate: REFERENCE_DATE, formVersion: '2017' as const, departments };
  const byRule: Result['byRule'] = {};
  let i = 0;
  for await (const row of csvRows(PERSONS)) {
    const { record } = fromFlatRow(row);
    for (const issue of checkRecord(record, RULES, ctx)) if (COMPILED_IDS.has(issue.ruleId)) tally(byRule, issue.ruleId, i);
    i++;
  }
  return { byRule, records: i, phases: { 'departments indexed': t1 - t0, 'records read and checked': performance.now() - t1 } };
}

async function loadedEngine(): Promise<{ engine: DuckDbEngine; records: number; loadMs: number }> {
  const t0 = performance.now();
  const engine = await DuckDbEngine.open();
  const records = await engine.loadRecordsCsv(PERSONS);
  for (const d of DEPARTMENT_IDS) await engine.loadDepartment(d, await jsonLines(deptFile(d)));
  return { engine, records, loadMs: performance.now() - t0 };
}

async function runDuckDb(): Promise<Result> {
  const { engine, records, loadMs } = await loadedEngine();
  const version = String((await engine.query('SELECT version()'))[0]![0]);
  const t1 = performance.now();
  const { findings } = await engine.findings(RULES, { referenceDate: REFERENCE_DATE });
  const byRule: Result['byRule'] = {};
  for (const f of findings) tally(byRule, f.ruleId, f.record);
  engine.close();
  return { byRule, records, phases: { 'files loaded': loadMs, 'findings query': performance.now() - t1 }, version };
}

/**
 * The four rules by hand, on the tables `DuckDbEngine` loaded, written as a database team would for
 * these files: the resident ID upper-cased and trimmed (from the certificate number when a spreadsheet
 * made it `4.30121E+17`), 18 characters with a valid GB 11643 check character (cross-checks skip a
 * person without one, as `checkRecord` does) — no 15-digit IDs, full-width digits or other forms,
 * which the generated SQL reads and these synthetic records do not have (checked: the pairs are
 * compared with the generated query's) — civil affairs' rows gathered per person, the level recorded
 * or else the certificate number's 20th character.
 */
const HAND_SQL = `
WITH civ AS (
  SELECT upper(trim(resident_id)) AS id, list(DISTINCT TRY_CAST(benefit AS INTEGER)) FILTER (WHERE benefit IS NOT NULL) AS b
  FROM canji_dept_civil_affairs WHERE resident_id IS NOT NULL GROUP BY 1
),
r0 AS (
  SELECT canji_row, person_status, r27, r28, disability_level, upper(trim(certificate_no)) AS cert,
         CASE WHEN resident_id LIKE '%E+%' THEN substr(upper(trim(certificate_no)), 1, 18) ELSE upper(trim(resident_id)) END AS raw_id
  FROM canji_records
),
r AS (
  SELECT canji_row, coalesce(person_status NOT IN ('1','2','3','4','5'), TRUE) AS full_form,
         string_split(coalesce(r27, ''), ',') AS r27, r27 IS NOT NULL AS r27p, string_split(coalesce(r28, ''), ',') AS r28,
         coalesce(TRY_CAST(disability_level AS INTEGER), TRY_CAST(substr(cert, 20, 1) AS INTEGER)) AS level,
         CASE WHEN regexp_full_match(raw_id, '[0-9]{17}[0-9X]')
               AND substr('10X98765432', CAST(list_sum(list_transform(range(17), i -> CAST(substr(raw_id, i + 1, 1) AS INTEGER) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11 AS INTEGER) + 1, 1) = substr(raw_id, 18, 1)
              THEN raw_id END AS id
  FROM r0
),
j AS (SELECT r.*, civ.b IS NOT NULL AS m, coalesce(civ.b, []) AS b FROM r LEFT JOIN civ USING (id))
SELECT canji_row, 'CON_LIVING_SUBSIDY_WITHOUT_DIBAO' AS rule_id FROM j WHERE full_form AND list_contains(r28, '1') AND r27p AND NOT list_contains(r27, '1')
UNION ALL SELECT canji_row, 'XC_CIVIL_DIBAO_DIFFERS' FROM j WHERE id IS NOT NULL AND full_form AND r27p AND list_contains(r27, '1') <> (m AND list_contains(b, 1))
UNION ALL SELECT canji_row, 'XC_CIVIL_TEKUN_DIFFERS' FROM j WHERE id IS NOT NULL AND full_form AND r27p AND list_contains(r27, '2') <> (m AND list_contains(b, 2))
UNION ALL SELECT canji_row, 'XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED' FROM j
  WHERE id IS NOT NULL AND full_form AND level IN (1, 2) AND NOT list_contains(r27, '2') AND NOT (m AND list_has_any(b, [2, 4])) AND NOT list_contains(r28, '2')`;

async function runSqlQuery(kind: 'generated' | 'hand'): Promise<Result> {
  const { engine, records, loadMs } = await loadedEngine();
  const rules = ALL_RULES.filter((r) => HAND_IDS.includes(r.id));
  const t1 = performance.now();
  const byRule: Result['byRule'] = {};
  if (kind === 'generated') {
    const { findings } = await engine.findings(rules, { referenceDate: REFERENCE_DATE });
    for (const f of findings) tally(byRule, f.ruleId, f.record);
  } else {
    for (const [row, rule] of await engine.query(HAND_SQL)) tally(byRule, rule as string, row as number);
  }
  engine.close();
  return { byRule, records, phases: { 'files loaded': loadMs, query: performance.now() - t1 } };
}

const ENGINES: Record<string, () => Promise<Result>> = {
  read: runRead,
  js: runJs,
  duckdb: runDuckDb,
  'generated-4': () => runSqlQuery('generated'),
  'hand-4': () => runSqlQuery('hand'),
};

type Measured = Result & ProcessMeasure;

function measure(engine: string): Measured {
  const m = measureInChild<Result>(HERE, engine, ROOT);
  console.log(`${engine}: ${(m.cpuMs / 1000).toFixed(1)} s CPU, ${(m.wallMs / 1000).toFixed(1)} s wall, peak RSS ${m.rssMB.toFixed(0)} MB`, m.phases);
  return m;
}

/** The rules on which two results differ (pairs or sum of record indexes); empty when they agree. */
function disagreements(a: Result, b: Result, ids: Iterable<string>): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const x = a.byRule[id] ?? [0, 0];
    const y = b.byRule[id] ?? [0, 0];
    if (x[0] !== y[0] || x[1] !== y[1]) out.push(`${id}: ${x[0]} vs ${y[0]} pairs`);
  }
  return out;
}

const f = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
const phases = (m: Measured) => Object.entries(m.phases).map(([k, v]) => `${k} ${f(v / 1000)} s`).join(', ');

async function main(): Promise<void> {
  await makeData();
  const read = measure('read');
  const js = measure('js');
  const duck = measure('duckdb');
  const bad = disagreements(js, duck, COMPILED_IDS);
  if (js.records !== duck.records || bad.length) throw new Error(`the JavaScript and DuckDB engines disagree:\n${bad.join('\n')}`);
  const gen = measure('generated-4');
  const hand = measure('hand-4');
  const badHand = disagreements(gen, hand, HAND_IDS);
  if (badHand.length) throw new Error(`the hand-written query and the generated one disagree:\n${badHand.join('\n')}`);
  const badGen = disagreements(gen, duck, HAND_IDS);
  if (badGen.length) throw new Error(`the four rules alone and all rules disagree:\n${badGen.join('\n')}`);

  const pairs = Object.values(js.byRule).reduce((s, [n]) => s + n, 0);
  const fired = Object.keys(js.byRule).length;
  const deptRows = Number(String(await import('node:fs').then((fs) => fs.readFileSync(DONE, 'utf8'))).split(' ')[1]);
  const perCpuS = (m: Measured) => f(m.records / (m.cpuMs / 1000), 0);
  const section1 = [
    `### ${RULES.length} rules (14 consistency, ${RULES.length - 14} cross-check) over ${js.records.toLocaleString('en-US')} persons (SQL_BENCH_N = ${N.toLocaleString('en-US')}) and seven departments' extracts (${deptRows.toLocaleString('en-US')} rows)`,
    '',
    '| case | CPU s | wall s | peak RSS MB | persons / CPU-s | CPU time vs JS | peak RSS vs JS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| read the CSV and the seven JSON-lines files only (node:readline, split, JSON.parse) | ${f(read.cpuMs / 1000)} | ${f(read.wallMs / 1000)} | ${f(read.rssMB, 0)} | — | — | — |`,
    `| JavaScript: buildDepartmentIndex × 7, fromFlatRow + checkRecord per person | ${f(js.cpuMs / 1000)} | ${f(js.wallMs / 1000)} | ${f(js.rssMB, 0)} | ${perCpuS(js)} | 1 (baseline) | 1 (baseline) |`,
    `| DuckDB ${duck.version}: loadRecordsCsv, loadDepartment × 7, findings (compileRulesToSql) | ${f(duck.cpuMs / 1000)} | ${f(duck.wallMs / 1000)} | ${f(duck.rssMB, 0)} | ${perCpuS(duck)} | ${(duck.cpuMs / js.cpuMs).toFixed(2)}× | ${(duck.rssMB / js.rssMB).toFixed(2)}× |`,
    '',
    `- Phases (wall): JavaScript — ${phases(js)}; DuckDB — ${phases(duck)}.`,
    `- The two engines' (record, rule) pairs are equal for every one of the ${RULES.length} rules (count and sum of record indexes per rule, checked; a difference fails the bench): ${pairs.toLocaleString('en-US')} pairs, ${fired} rules firing. The rules not compiled (functions, batch and year-on-year rules) are left out of both.`,
    `- Data from @canji/synth: synthesizePersons (2017 form, reference date ${REFERENCE_DATE}), injectErrors (rate 0.1), synthesizeDepartmentExtracts (agreement 0.9, all seven departments); the persons as writePersonsCsv's flat CSV, the extracts' normalised records as JSON lines (loadDepartment takes rows, so both engines parse these in JavaScript).`,
    `- Each case runs in its own child process; CPU time is user + system of the whole process (DuckDB's worker threads included), peak RSS is the process's maxRSS (Node itself and tsx included: see the first row). The DuckDB case includes materialising the findings as JavaScript objects.`,
    `- ${LOAD_NOTE}`,
    '',
  ].join('\n');
  const q = (m: Measured) => m.phases.query! / 1000;
  const section2 = [
    `### Four rules, hand-written DuckDB SQL vs the generated SQL (same ${js.records.toLocaleString('en-US')} persons, same tables)`,
    '',
    '| case | query wall s | CPU s (whole process) | wall s (whole process) | peak RSS MB | query time vs hand-written |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| hand-written: 18-digit ID and check character only, civil affairs' benefits per person, four WHERE clauses | ${f(q(hand), 2)} | ${f(hand.cpuMs / 1000)} | ${f(hand.wallMs / 1000)} | ${f(hand.rssMB, 0)} | 1 (baseline) |`,
    `| generated: compileRulesToSql of the same four rules, run by DuckDbEngine.findings | ${f(q(gen), 2)} | ${f(gen.cpuMs / 1000)} | ${f(gen.wallMs / 1000)} | ${f(gen.rssMB, 0)} | ${(q(gen) / q(hand)).toFixed(2)}× |`,
    '',
    `- Rules: ${HAND_IDS.map((id) => `\`${id}\``).join(', ')}. Both queries give the same pairs (checked), also equal to those of the full run above.`,
    `- The generated query does more than the hand-written one needs on these data: the canonical resident ID in every form @canji/id reads (15-digit IDs, full-width digits, lower-case x, spaces, ="…"; the hand-written one reads only the 18-digit form and the 4.30121E+17 case these files hold), the birth date inside the ID, the merge of the extract as mergeDepartmentRows, COALESCE on every leaf so that NULL is never a third answer. The hand-written one would be wrong on real exports with such IDs; the difference is the price of being the JavaScript engine's equal.`,
    `- Process CPU and wall include loading the files (the same in both: ${f(gen.phases['files loaded']! / 1000)} s and ${f(hand.phases['files loaded']! / 1000)} s wall).`,
    `- ${LOAD_NOTE}`,
    '',
  ].join('\n');
  console.log(section1, '\n', section2);
  report('sql', [section1, section2, keptCheckEngineSection()]);
}

/** The sections check-engine.bench.ts wrote into sql.md (between its markers, one per size), kept when this bench rewrites the file. */
function keptCheckEngineSection(): string {
  const file = join(ROOT, 'docs/benchmarks/sql.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const a = old.indexOf('<!-- check-engine:begin');
  const b = old.lastIndexOf('<!-- check-engine:end');
  if (a < 0 || b < a) return '';
  const end = old.indexOf('-->', b) + 3;
  return `${old.slice(a, end)}\n`;
}

const engine = childEngine();
if (engine) await reportFromChild(engine, ENGINES[engine]!);
else await main();
