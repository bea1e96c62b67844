/**
 * @canji/rounds benchmark: reconcile two rounds of N persons and the certificate roster (底册) —
 * canji's streaming reconciler against DuckDB (`@duckdb/node-api`) doing the same full outer join
 * and classification in SQL, in the same run, each engine in its own child process so that its CPU
 * time (user + system, every thread) and peak RSS are its own.
 *
 * The inputs are three CSV files written once from @canji/synth (previous round; this round = the
 * previous one less ~6 % exits, plus ~3 % new persons, ~2 % moved to another township; the roster
 * with cancelled and expired certificates), so both engines read the same bytes. The two engines'
 * class totals are compared: a difference fails the bench.
 *
 * Run: pnpm bench rounds  (N = ROUNDS_BENCH_N, default 200,000, about a minute in all; the
 * province-sized figure of issue 17 is ROUNDS_BENCH_N=1500000).
 * Not part of `pnpm test`.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { synthesizePersons } from '@canji/synth';
import { childEngine, measureInChild, reportFromChild, report, type ProcessMeasure } from '../../../scripts/bench-kit.js';
import { reconcileRoundsAsync, type SourceRecord } from '../src/index.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '../../..');
const N = Number(process.env.ROUNDS_BENCH_N ?? 200_000);
const DIR = join(ROOT, '.bench-tmp', `rounds-${N}`);
const FILES = { previous: join(DIR, 'previous.csv'), current: join(DIR, 'current.csv'), roster: join(DIR, 'roster.csv') };
const AS_OF = '2020-06-30';
const LOAD_NOTE =
  'Machine shared with other engineers building and testing at the same time (2 cores): absolute figures are noisy and pessimistic; the ratios, measured in the same run, are the reliable part.';

// ----------------------------------------------------------------------------------- data
async function writeLines(file: string, header: string, rows: Iterable<string>): Promise<void> {
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  out.write(`${header}\n`);
  let buf = '';
  for (const r of rows) {
    buf += `${r}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  renameSync(tmp, file);
}

async function makeData(): Promise<void> {
  if (existsSync(FILES.roster)) return;
  mkdirSync(DIR, { recursive: true });
  const t0 = performance.now();
  type P = { id: string; cert: string; region: string; status: number };
  const prev: P[] = [];
  // Up to a county's size one county (长沙县); beyond, the province (a county cannot hold 1.5 × 10^6 distinct IDs
  // of synthetic birth dates). An ID drawn twice is kept once, so that both engines see distinct persons.
  const region = N > 300_000 ? '43' : '430121';
  const seen = new Set<string>();
  for (const p of synthesizePersons({ seed: 2026, count: N, region, asOf: '2019-06-30' })) {
    if (seen.has(p.resident_id)) continue;
    seen.add(p.resident_id);
    prev.push({ id: p.resident_id, cert: p.certificate_no, region: p.region_code, status: p.person_status });
  }
  const fresh: P[] = [];
  for (const p of synthesizePersons({ seed: 2027, count: Math.round(N * 0.03), region, asOf: '2019-06-30' })) {
    if (!seen.has(p.resident_id) && p.person_status === 6 && seen.add(p.resident_id)) fresh.push({ id: p.resident_id, cert: p.certificate_no, region: p.region_code, status: 6 });
  }
  const villages = [...new Set(prev.map((p) => p.region))].sort();
  // A move goes to the first village of another township (in the province case possibly another county of the batch: still within).
  // i % 100: 0–2 not updated, 3 cancelled, 4 expired, 5 gone without a trace, 6–7 moved within.
  const line = (p: P, region = p.region, status = p.status) => `${p.id},${p.cert},${region},${status}`;
  await writeLines(FILES.previous, 'resident_id,certificate_no,region_code,person_status', prev.map((p) => line(p)));
  await writeLines(
    FILES.current,
    'resident_id,certificate_no,region_code,person_status',
    (function* () {
      for (let i = 0; i < prev.length; i++) {
        const m = i % 100;
        if (m <= 5) continue;
        const p = prev[i]!;
        yield m <= 7 ? line(p, villages.find((v) => v.slice(0, 9) !== p.region.slice(0, 9))!) : line(p);
      }
      for (const p of fresh) yield line(p);
    })(),
  );
  await writeLines(
    FILES.roster,
    'resident_id,certificate_no,region_code,status,valid_until',
    (function* () {
      for (let i = 0; i < prev.length; i++) {
        const m = i % 100;
        if (m === 5) continue;
        const p = prev[i]!;
        yield `${p.id},${p.cert},${p.region.slice(0, 9)},${m === 3 ? 2 : m === 4 ? 3 : 1},${m === 8 ? '2020-01-31' : '2028-12-31'}`;
      }
      for (const p of fresh) yield `${p.id},${p.cert},${p.region.slice(0, 9)},1,2029-12-31`;
    })(),
  );
  console.log(`data: ${prev.length.toLocaleString('en-US')} persons in the previous round (region ${region}), ${fresh.length.toLocaleString('en-US')} new, written in ${((performance.now() - t0) / 1000).toFixed(1)} s to ${DIR}`);
}

// ----------------------------------------------------------------------------------- engines
async function* csvRecords(file: string): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let header: string[] | undefined;
  for await (const l of lines) {
    const cells = l.split(',');
    if (!header) {
      header = cells;
      continue;
    }
    const r: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) r[header[i]!] = cells[i]!;
    yield r;
  }
}

type Totals = Record<string, number>;

async function runCanji(): Promise<Totals> {
  const r = await reconcileRoundsAsync({
    asOf: AS_OF,
    previous: csvRecords(FILES.previous),
    current: csvRecords(FILES.current),
    roster: csvRecords(FILES.roster),
    changes: false,
    lists: ['not-updated', 'not-in-roster', 'exited', 'moved-within', 'new'],
  });
  const totals: Totals = {};
  for (const [c, n] of Object.entries(r.total.byClass)) if (c !== 'exited' && n) totals[c] = n;
  for (const [c, n] of Object.entries(r.total.exitedBy)) if (n) totals[`exited/${c}`] = n;
  totals.units = r.units.length;
  totals.listed = r.lists.length;
  return totals;
}

async function runReadOnly(): Promise<Totals> {
  let n = 0;
  for (const f of Object.values(FILES)) for await (const _ of csvRecords(f)) n++;
  return { rows: n };
}

/** The same classification in SQL (no public-security extract and no region outside the county in these data, so these rules are canji's). */
const SQL = (f: typeof FILES) => `
WITH cur AS (SELECT resident_id AS k, region_code AS r, person_status AS s FROM read_csv('${f.current}', header = true, all_varchar = true)),
prev AS (SELECT resident_id AS k, region_code AS r FROM read_csv('${f.previous}', header = true, all_varchar = true)),
ros AS (
  SELECT resident_id AS k, arg_max(CASE WHEN status = '1' AND valid_until < '${AS_OF}' THEN '3' ELSE status END, status = '1' AND valid_until >= '${AS_OF}') AS st,
         first(region_code) AS r
  FROM read_csv('${f.roster}', header = true, all_varchar = true) GROUP BY resident_id
),
joined AS (
  SELECT k, cur.k IS NOT NULL AS c, prev.k IS NOT NULL AS p, ros.st, cur.s, cur.r AS cr, prev.r AS pr, ros.r AS rr
  FROM cur FULL OUTER JOIN prev USING (k) FULL OUTER JOIN ros USING (k)
),
classed AS (
  SELECT coalesce(cr, pr, rr) AS region, CASE
    WHEN s = '5' THEN 'exited/died'
    WHEN c AND coalesce(st, '') <> '1' THEN 'not-in-roster'
    WHEN c AND NOT p THEN 'new'
    WHEN c AND cr <> pr THEN 'moved-within'
    WHEN c THEN 'continuing'
    WHEN st = '2' THEN 'exited/certificate-cancelled'
    WHEN st = '3' THEN 'exited/certificate-expired'
    WHEN st = '1' THEN 'not-updated'
    WHEN st IS NOT NULL THEN 'exited/unknown'
    ELSE 'exited/unknown' END AS class
  FROM joined
  WHERE c OR p OR st = '1'
)
SELECT substr(region, 1, 9) AS unit, class, count(*) AS n FROM classed GROUP BY ALL`;

async function runDuckDB(): Promise<Totals> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const rows = (await con.runAndReadAll(SQL(FILES))).getRowObjects() as { unit: string | null; class: string; n: bigint }[];
  const totals: Totals = {};
  const units = new Set<string | null>();
  for (const r of rows) {
    totals[r.class] = (totals[r.class] ?? 0) + Number(r.n);
    units.add(r.unit && r.unit.length === 9 ? r.unit : null);
  }
  totals.units = units.size;
  return totals;
}

const ENGINES: Record<string, () => Promise<Totals>> = { canji: runCanji, duckdb: runDuckDB, read: runReadOnly };

type Measured = { totals: Totals } & ProcessMeasure;
const measure = (engine: string): Measured => measureInChild<{ totals: Totals }>(HERE, engine, ROOT);

async function main(): Promise<void> {
  await makeData();
  const runs = ['read', 'canji', 'duckdb'].map((e) => {
    const m = measure(e);
    console.log(`${e}: ${(m.cpuMs / 1000).toFixed(1)} s CPU, ${(m.wallMs / 1000).toFixed(1)} s wall, peak RSS ${m.rssMB.toFixed(0)} MB`);
    return m;
  });
  const [read, canji, duck] = runs as [Measured, Measured, Measured];
  const { units: _u, listed: _l, ...canjiClasses } = canji.totals;
  const { units: _du, ...duckClasses } = duck.totals;
  const same = JSON.stringify(Object.entries(canjiClasses).sort()) === JSON.stringify(Object.entries(duckClasses).sort()) && canji.totals.units === duck.totals.units;
  console.log('canji totals', canjiClasses, '\nduckdb totals', duckClasses);
  if (!same) throw new Error('canji and DuckDB disagree on the class totals');
  const persons = Object.values(canjiClasses).reduce((a, b) => a + b, 0);
  const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const rows = [
    `| JS: read the three CSV files into records only (node:readline, split) | ${f(read.cpuMs / 1000)} | ${f(read.wallMs / 1000)} | ${f(read.rssMB)} | — | — |`,
    `| canji reconcileRoundsAsync over the same records (classes, units, lists; changes off) | ${f(canji.cpuMs / 1000)} | ${f(canji.wallMs / 1000)} | ${f(canji.rssMB)} | 1 (baseline) | 1 (baseline) |`,
    `| DuckDB ${'1.5.6'}: read_csv × 3, full outer join, classification, group by unit | ${f(duck.cpuMs / 1000)} | ${f(duck.wallMs / 1000)} | ${f(duck.rssMB)} | ${(duck.cpuMs / canji.cpuMs).toFixed(2)}× canji's | ${(duck.rssMB / canji.rssMB).toFixed(2)}× canji's |`,
  ];
  const section = [
    `### Reconcile two rounds of ${N.toLocaleString('en-US')} persons and the roster (${persons.toLocaleString('en-US')} persons in the union, ${canji.totals.units} townships; duplicates of the generator dropped)`,
    '',
    '| case | CPU s | wall s | peak RSS MB | CPU time vs canji | peak RSS vs canji |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `- Each case runs in its own child process; CPU time is user + system of the whole process (DuckDB's worker threads included), peak RSS is the process's maxRSS (Node itself included: about 50 MB).`,
    `- canji's case includes reading the CSV files (the first row alone); DuckDB reads them with its own C++ CSV reader. The class totals of the two engines are equal (checked): ${Object.entries(canjiClasses).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}.`,
    `- canji also builds the lists to act on (${canji.totals.listed!.toLocaleString('en-US')} entries, masked) and the self-checks; the change rates (off here) need the full records.`,
    '- Province size (issue 17): `ROUNDS_BENCH_N=1500000 pnpm bench rounds`.',
    `- ${LOAD_NOTE}`,
    '',
  ].join('\n');
  console.log(section);
  report('rounds', [section]);
}

const engine = childEngine();
if (engine) await reportFromChild(engine, async () => ({ totals: await ENGINES[engine]!() }));
else await main();
