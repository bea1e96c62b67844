/**
 * @canji/rounds benchmark: the event application rate of the register — 10^5 synthetic persons
 * loaded as the base, 10^5 change events applied (valid changes, planted conflicts, invalid edits,
 * unknown persons, re-sent duplicates, new persons, exits; see test/fixtures/register-kill-child.ts)
 * — for both stores, each in its own child process so that its CPU time and peak RSS are its own.
 * Beside them, in the same run, what a user would otherwise write: the same events appended to a
 * DuckDB table with the appender, one transaction per batch, checking nothing (the cost of
 * durability alone), and reading the events file alone.
 *
 * Every event is checked (`parseChangeEvent`), compared with the register's value, and each edit's
 * record validated by the form's rules and the consistency rules; every batch of 1000 is fsynced
 * (file store) or one transaction (DuckDB). The two stores' reports must be equal: a difference
 * fails the bench.
 *
 * Run: pnpm bench rounds   (EVENTS_BENCH_PERSONS, EVENTS_BENCH_EVENTS: default 100,000 each; the
 * data are generated once into .bench-tmp/). Not part of `pnpm test`.
 */
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { childEngine, measureInChild, reportFromChild, type ProcessMeasure } from '../../../scripts/bench-kit.js';
import { openRegister, type ApplyReport, type RegisterStore } from '../src/index.js';
import { BASE_AS_OF, generateStream, syntheticPersons } from '../test/fixtures/register-kill-child.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '../../..');
const PERSONS = Number(process.env.EVENTS_BENCH_PERSONS ?? 100_000);
const EVENTS = Number(process.env.EVENTS_BENCH_EVENTS ?? 100_000);
const BATCH = 1000;
const DIR = join(ROOT, '.bench-tmp', `register-${PERSONS}-${EVENTS}`);
const FILES = { base: join(DIR, 'base.jsonl'), events: join(DIR, 'events.jsonl') };
const LOAD_NOTE =
  'Machine shared with other engineers building and testing at the same time (2 cores): absolute figures are noisy and pessimistic; the ratios, measured in the same run, are the reliable part.';

// ----------------------------------------------------------------------------------- data
function makeData(): void {
  if (existsSync(FILES.events)) return;
  mkdirSync(DIR, { recursive: true });
  const t0 = performance.now();
  const base = syntheticPersons(PERSONS, 2026);
  const { events, expected } = generateStream(base, EVENTS, 2026);
  const write = (file: string, rows: readonly unknown[]) => {
    writeFileSync(`${file}.tmp`, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    renameSync(`${file}.tmp`, file);
  };
  write(FILES.base, base);
  write(FILES.events, events);
  const kinds: Record<string, number> = {};
  for (const e of expected) kinds[e] = (kinds[e] ?? 0) + 1;
  console.log(`data: ${base.length.toLocaleString('en-US')} persons, ${events.length.toLocaleString('en-US')} events (${JSON.stringify(kinds)}), written in ${((performance.now() - t0) / 1000).toFixed(1)} s to ${DIR}`);
}

async function readJsonLines(file: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line) out.push(JSON.parse(line));
  return out;
}

// ----------------------------------------------------------------------------------- engines
interface Timings {
  loadMs: number;
  applyMs: number;
  closeMs: number;
  reopenMs: number;
  snapshotMs: number;
  snapshotPersons: number;
  report?: { read: number; applied: number; duplicates: number; conflicts: number; rejected: number; warnings: number };
}

async function runStore(store: RegisterStore): Promise<Timings> {
  const base = await readJsonLines(FILES.base);
  const events = await readJsonLines(FILES.events);
  const path = join(DIR, store === 'duckdb' ? 'register.duckdb' : 'register');
  rmSync(path, { recursive: true, force: true });
  rmSync(`${path}.wal`, { force: true });
  let t = performance.now();
  const reg = await openRegister({ path, store });
  const loaded = await reg.load(base, { asOf: BASE_AS_OF, source: 'bench' });
  if (!loaded.ok) throw new Error(loaded.message);
  const loadMs = performance.now() - t;
  t = performance.now();
  const r: ApplyReport = await reg.apply(events, { batchSize: BATCH });
  const applyMs = performance.now() - t;
  t = performance.now();
  await reg.close();
  const closeMs = performance.now() - t;
  t = performance.now();
  const again = await openRegister({ path, store });
  const reopenMs = performance.now() - t;
  t = performance.now();
  let snapshotPersons = 0;
  for await (const _ of again.snapshot('2020-12-31')) snapshotPersons++;
  const snapshotMs = performance.now() - t;
  await again.close();
  return {
    loadMs,
    applyMs,
    closeMs,
    reopenMs,
    snapshotMs,
    snapshotPersons,
    report: { read: r.read, applied: r.applied, duplicates: r.duplicates, conflicts: r.conflicts.length, rejected: r.rejected.length, warnings: r.warnings.length },
  };
}

/** The events appended to a DuckDB table as they come, one transaction per batch: durability without any check. */
async function runRawDuckDB(): Promise<Timings> {
  const events = await readJsonLines(FILES.events);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const path = join(DIR, 'raw.duckdb');
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const db = await DuckDBInstance.create(path);
  const con = await db.connect();
  await con.run('CREATE TABLE events (id VARCHAR, person VARCHAR, op VARCHAR, item VARCHAR, old VARCHAR, new VARCHAR, effective VARCHAR, event VARCHAR)');
  const t = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    await con.run('BEGIN TRANSACTION');
    const a = await con.createAppender('events');
    for (const e of events.slice(i, i + BATCH)) {
      a.appendVarchar(String(e.id));
      a.appendVarchar(String(e.person));
      a.appendVarchar(String(e.op));
      if (e.item === undefined) a.appendNull();
      else a.appendVarchar(String(e.item));
      a.appendVarchar(JSON.stringify(e.old ?? null));
      a.appendVarchar(JSON.stringify(e.new ?? null));
      a.appendVarchar(String(e.effective));
      a.appendVarchar(JSON.stringify(e));
      a.endRow();
    }
    a.flushSync();
    a.closeSync();
    await con.run('COMMIT');
  }
  const applyMs = performance.now() - t;
  con.closeSync();
  db.closeSync();
  return { loadMs: 0, applyMs, closeMs: 0, reopenMs: 0, snapshotMs: 0, snapshotPersons: 0 };
}

async function runRead(): Promise<Timings> {
  const t = performance.now();
  const n = (await readJsonLines(FILES.events)).length + (await readJsonLines(FILES.base)).length;
  return { loadMs: 0, applyMs: performance.now() - t, closeMs: 0, reopenMs: 0, snapshotMs: 0, snapshotPersons: n };
}

const ENGINES: Record<string, () => Promise<Timings>> = { file: () => runStore('file'), duckdb: () => runStore('duckdb'), raw: runRawDuckDB, read: runRead };

type Measured = Timings & ProcessMeasure;
const measure = (engine: string): Measured => measureInChild<Timings>(HERE, engine, ROOT);

function main(): void {
  makeData();
  const m = Object.fromEntries(['read', 'raw', 'file', 'duckdb'].map((e) => [e, measure(e)])) as Record<'read' | 'raw' | 'file' | 'duckdb', Measured>;
  if (JSON.stringify(m.file.report) !== JSON.stringify(m.duckdb.report) || m.file.snapshotPersons !== m.duckdb.snapshotPersons) {
    throw new Error(`the stores disagree: file ${JSON.stringify(m.file.report)} vs duckdb ${JSON.stringify(m.duckdb.report)}`);
  }
  const f = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
  const rate = (x: Measured) => EVENTS / (x.applyMs / 1000);
  const s = (ms: number) => f(ms / 1000, 2);
  const store = (name: string, x: Measured) => `| ${name} | **${f(rate(x), 0)}** | ${s(x.applyMs)} | ${s(x.loadMs)} | ${s(x.closeMs)} | ${s(x.reopenMs)} | ${s(x.snapshotMs)} | ${f(x.rssMB, 0)} |`;
  const rows = [
    `| read the events and base files only (node:readline, JSON.parse) | — | ${s(m.read.applyMs)} | — | — | — | — | ${f(m.read.rssMB, 0)} |`,
    `| DuckDB appender, events as they come, 1 transaction per ${BATCH}, no check | **${f(rate(m.raw), 0)}** | ${s(m.raw.applyMs)} | — | — | — | — | ${f(m.raw.rssMB, 0)} |`,
    store(`canji register, file store (journal fsynced per ${BATCH})`, m.file),
    store(`canji register, DuckDB store (1 transaction per ${BATCH}; \`current\` every 50,000 and on close)`, m.duckdb),
  ];
  const r = m.file.report!;
  const section = [
    `### Change events applied to a register: ${f(PERSONS, 0)} persons, ${f(EVENTS, 0)} events`,
    '',
    '| case | events/s | apply s | load base s | close s | reopen s | snapshot s | peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `- Both stores gave the same report: ${f(r.applied, 0)} applied, ${f(r.duplicates, 0)} duplicates, ${f(r.conflicts, 0)} conflicts, ${f(r.rejected, 0)} rejected, ${f(r.warnings, 0)} edits with warnings; the snapshot as of 2020-12-31 holds ${f(m.file.snapshotPersons, 0)} persons.`,
    `- canji's rate covers, per event: the format check, the duplicate check, the conflict check against the register's value, the record after each edit validated by the form's rules and the consistency rules (and the record before it, once per person, only when the edit leaves errors — to tell the new ones), the journal entry and the person's new state made durable per batch. The raw DuckDB case checks nothing and keeps no state: it is the floor of durability alone.`,
    `- Close: the DuckDB store brings its \`current\` table up to date (the persons changed since the last update); the file store has nothing to do. Reopen: the file store reads and checks (CRC-32 per line) the base and the whole journal and replays it; the DuckDB store reads the base, \`current\` and the event ids, and replays the events after \`current\` (none after a close).`,
    '- Each case runs in its own child process; the events are parsed before the clock starts (except in the first row). Sizes: `EVENTS_BENCH_PERSONS`, `EVENTS_BENCH_EVENTS`.',
    `- ${LOAD_NOTE}`,
    '',
  ].join('\n');
  console.log(section);
  const out = join(ROOT, 'docs/benchmarks/rounds-events.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `## @canji/rounds — register\n\n${section}\n`);
}

const engine = childEngine();
if (engine) await reportFromChild(engine, ENGINES[engine]!);
else main();
