/**
 * `canji synth`: reproducible synthetic batches (`@canji/synth`) — persons of a county with real
 * village codes, optionally with labelled errors and partner-department extracts — so the whole
 * toolkit can be tried and benchmarked without any real personal data.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import { DEPARTMENT_IDS, flatColumns, toFlatRow } from '@canji/form';
import {
  injectErrorsAs2021,
  injectErrorsLazily,
  loadSynthVillages,
  streamDepartmentExtracts,
  synthesizePersons,
  synthesizeRounds,
  writeCsv,
  writeJsonLines,
  writePersonsCsv,
  type CsvEncoding,
  type ErrorLabel,
  type NotPlantedDisagreement,
  type NotPlantedError,
  type SynthFormVersion,
  type SynthPersonRecord,
  type SynthRound,
} from '@canji/synth';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { assertAsOf } from '../as-of.js';
import { assertKnownRegion } from '../region-option.js';

/** The options of `canji synth` as the command line gives them (see `canji synth --help`). */
export interface SynthOptions {
  count: string;
  region: string;
  seed: string;
  asOf: string;
  errors?: string;
  departments?: string;
  /** `--form 2017|2021` (default 2017): the person form the records are written on. */
  form?: string;
  /** `--rounds N` (2–20): N yearly rounds of the same persons into the directory `out` (see {@link runSynthRounds}). */
  rounds?: string;
  headers: 'machine' | 'label';
  encoding: CsvEncoding;
  quiet: boolean;
  out: string;
}

/**
 * The `--form` value of `canji synth`: the person generator fills the 2017 form and the 2021/22
 * form (`@canji/synth`'s `SynthFormVersion`); 2016 is a form `canji check` reads but synth does not
 * write. Anything else is `USAGE_FORM` (exit code 2), like `--form` of the other commands.
 */
export function parseSynthForm(value: string | undefined): SynthFormVersion {
  if (value === undefined) return '2017';
  const v = value.trim();
  if (v === '2017' || v === '2021') return v;
  if (v === '2016') throw new CliError('USAGE_FORM', '合成数据不支持 2016 版登记表（只能按 2017 或 2021 版生成；canji check 可读 2016 版）：--form 可用 2017、2021');
  throw new CliError('USAGE_FORM', `不支持的登记表版本“${value}”：canji synth 的 --form 可用 2017、2021`);
}

async function writePersonsXlsx(records: Iterable<Readonly<Record<string, unknown>>>, path: string, headers: 'machine' | 'label', version: SynthFormVersion): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('动态1表');
  const keys = flatColumns({ version, headers: 'machine' });
  const shown = flatColumns({ version, headers });
  ws.addRow(shown).commit();
  for (const r of records) {
    const flat = toFlatRow(r, { version });
    // IDs and codes stay text: a spreadsheet would turn 18 digits into a rounded number.
    ws.addRow(keys.map((k) => flat[k] ?? null)).commit();
  }
  ws.commit();
  await wb.commit();
}

/** Reads back the rows a pass spooled to a JSON Lines file. */
async function* spooled(path: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as Record<string, unknown>;
}

/**
 * The partner departments' extracts in one pass over the persons: each department's rows are
 * spooled to a temporary JSON Lines file (the CSV header is the union of the rows' columns, known
 * only at the end), then written as CSV; the disagreement labels are streamed too.
 */
async function writeDepartmentExtracts(io: CliIo, persons: Iterable<SynthPersonRecord>, errors: readonly ErrorLabel[], o: SynthOptions, formVersion: SynthFormVersion): Promise<void> {
  const dir = pathIn(io, o.departments!);
  await mkdir(dir, { recursive: true });
  // `persons` is the 2017 truth whatever the form: the departments hold the same facts.
  const { items, labels, notPlanted } = streamDepartmentExtracts(persons, { seed: `${o.seed}-departments`, errors: [...errors], formVersion });
  const spools = new Map<string, { path: string; out: WriteStream; keys: Set<string>; buf: string[]; rows: number }>();
  for (const d of DEPARTMENT_IDS) {
    const path = join(dir, `.${d}.canji-spool.jsonl`);
    spools.set(d, { path, out: createWriteStream(path), keys: new Set(), buf: [], rows: 0 });
  }
  const flush = async (s: { out: WriteStream; buf: string[] }) => {
    if (s.buf.length === 0) return;
    const ok = s.out.write(s.buf.join('\n') + '\n');
    s.buf = [];
    if (!ok) await once(s.out, 'drain');
  };
  try {
    for (const item of items) {
      const s = spools.get(item.department)!;
      for (const k in item.row) s.keys.add(k);
      s.buf.push(JSON.stringify(item.row));
      s.rows++;
      if (s.buf.length >= 2048) await flush(s);
    }
    for (const s of spools.values()) {
      await flush(s);
      await new Promise<void>((res, rej) => s.out.end((e?: Error | null) => (e ? rej(e) : res())));
    }
    for (const [dept, s] of spools) {
      const cols = [...s.keys];
      await writeCsv(spooled(s.path), join(dir, `${dept}.csv`), { columns: cols.map((c) => ({ key: c, header: c })), encoding: o.encoding });
      io.stderr(`部门数据 ${dept}：${s.rows} 行 → ${join(o.departments!, `${dept}.csv`)}\n`);
    }
  } finally {
    for (const s of spools.values()) {
      s.out.destroy();
      await rm(s.path, { force: true });
    }
  }
  await writeJsonLines(labels, join(dir, 'disagreements.jsonl'));
  if (notPlanted.length) io.stderr(notPlantedDisagreementsText(notPlanted));
}

const total = (xs: readonly { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);

/** stderr: the planted errors the 2021 form cannot show, by kind and reason. */
function notPlantedErrorsText(list: readonly NotPlantedError[]): string {
  const lines = [...list].sort((a, b) => a.kind.localeCompare(b.kind) || b.count - a.count).map((e) => `  ${e.kind} ${e.count} 处：${e.reason}\n`);
  return `按 2021 版登记表：${total(list)} 处错误在 2021 版记录上无法体现，未注入（这些记录保持正确，不写入标签）：\n${lines.join('')}`;
}

/** stderr: the department disagreements the 2021 form cannot be compared on, by department, kind and reason. */
function notPlantedDisagreementsText(list: readonly NotPlantedDisagreement[]): string {
  const lines = list.map((d) => `  ${d.department} ${d.kind}（2017 版 ${d.items2017.map((k) => k.toUpperCase()).join('、')}）${d.count} 处：${d.reason}\n`);
  return `按 2021 版登记表：${total(list)} 处部门差异无法用 2021 版规则比对，未生成（部门数据与登记一致）：\n${lines.join('')}`;
}

export async function runSynth(io: CliIo, o: SynthOptions): Promise<ExitCode> {
  if (o.rounds !== undefined) return runSynthRounds(io, o);
  const count = Number(o.count);
  if (!Number.isInteger(count) || count < 1 || count > 50_000_000) throw new CliError('USAGE_NUMBER', `--count 应为正整数（收到“${o.count}”）`);
  if (!/^\d{2,12}$/.test(o.region)) throw new CliError('USAGE_REGION', `--region 应为区划代码，如 430121（收到“${o.region}”）`);
  assertAsOf(o.asOf);
  const rate = o.errors === undefined ? undefined : Number(o.errors);
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new CliError('USAGE_NUMBER', `--errors 应在 0 到 1 之间（收到“${o.errors}”）`);
  const ext = extname(o.out).toLowerCase();
  if (!['.csv', '.jsonl', '.xlsx'].includes(ext)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext || '无'}”输出：支持 .csv、.jsonl、.xlsx`);
  const form = parseSynthForm(o.form);
  const seed = /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
  await assertKnownRegion(o.region);
  let villages;
  try {
    villages = await loadSynthVillages(o.region);
  } catch (e) {
    throw new CliError('USAGE_REGION', `无法按区划 ${o.region} 生成合成数据：${(e as Error).message}`);
  }
  // The 2017 records are the truth: on 2021 the same persons are renumbered (and errors planted in
  // the truth, then shown on the 2021 records), and the departments' extracts come from the truth.
  const truth = synthesizePersons({ seed, count, region: o.region, villages, asOf: o.asOf });
  const stream = form === '2017' ? truth : synthesizePersons({ seed, count, region: o.region, villages, asOf: o.asOf, version: form });
  if (form === '2021') io.stderr('按 2021 版登记表生成（--form 2021）\n');
  let records: Iterable<SynthPersonRecord> = stream;
  const out = pathIn(io, o.out);
  await mkdir(dirname(out), { recursive: true });
  // Everything streams (issue: 1.5 × 10^6 persons with --departments ran out of memory): the
  // errors are planted as the persons are written, then the extracts are generated in a second
  // pass over the (re-iterable, seeded) persons — same bytes as generating them all in memory.
  let labels: ErrorLabel[] = [];
  let notPlanted: NotPlantedError[] = [];
  if (rate !== undefined && rate > 0 && form === '2021') {
    const lazy = injectErrorsAs2021(truth, stream, { seed: `${o.seed}-errors`, rate, asOf: o.asOf });
    records = lazy.records;
    labels = lazy.labels;
    notPlanted = lazy.notPlanted;
  } else if (rate !== undefined && rate > 0) {
    const lazy = injectErrorsLazily(stream, { seed: `${o.seed}-errors`, rate, asOf: o.asOf });
    records = lazy.records;
    labels = lazy.labels;
  }
  let written: number;
  if (ext === '.jsonl') written = (await writeJsonLines(records, out)).records;
  else if (ext === '.xlsx') {
    let n = 0;
    const source = records;
    await writePersonsXlsx((function* () { for (const r of source) { n++; yield r; } })(), out, o.headers, form);
    written = n;
  } else written = (await writePersonsCsv(records, out, { headers: o.headers, encoding: o.encoding, version: form })).records;
  const planted = labels.length;
  if (rate !== undefined && rate > 0) await writeJsonLines(labels, out.replace(/\.[^.]+$/, '') + '.labels.jsonl');
  if (notPlanted.length) io.stderr(notPlantedErrorsText(notPlanted));
  if (o.departments) await writeDepartmentExtracts(io, truth, labels, o, form);
  io.stderr(`已生成 ${written} 条合成记录 → ${o.out}${planted ? `（注入错误 ${planted} 处，标签见 ${o.out.replace(/\.[^.]+$/, '')}.labels.jsonl）` : ''}\n`);
  return EXIT.OK;
}

const ROSTER_COLUMNS = ['resident_id', 'certificate_no', 'name', 'region_code', 'disability_category', 'disability_level', 'status', 'issued_on', 'valid_until', 'cancel_reason', 'cancelled_on'];
const PUBLIC_SECURITY_COLUMNS = ['resident_id', 'name', 'sex', 'birth_date', 'registration_status', 'event_date'];
const PLANTED_COLUMNS = ['round', 'resident_id', 'kind', 'expected_class', 'expected_rule', 'items'];
const columns = (keys: readonly string[]) => keys.map((k) => ({ key: k, header: k }));

/**
 * `canji synth --rounds N --out DIR`: N yearly rounds of the same synthetic county
 * (`@canji/synth`'s `synthesizeRounds`), numbered from 1, into DIR: `round-k.csv` (the batch),
 * `roster-k.csv` (the certificate roster, 底册), `truth-k.csv` (the class every person should get),
 * and from the second round `public-security-k.csv` (deaths and moves out), `events-k.jsonl` (the
 * change events from round k − 1) and `planted-k.csv` (every planted change, with the year-on-year
 * rule that must find it). `canji check round-k.csv --previous round-(k−1).csv --roster roster-k.csv
 * --dept public-security=public-security-k.csv` reads them as they are.
 */
async function runSynthRounds(io: CliIo, o: SynthOptions): Promise<ExitCode> {
  const n = Number(o.rounds);
  if (!Number.isInteger(n) || n < 2 || n > 20) throw new CliError('USAGE_NUMBER', `--rounds 应为 2 到 20 的整数（收到“${o.rounds}”）`);
  const count = Number(o.count);
  if (!Number.isInteger(count) || count < 1 || count > 5_000_000) throw new CliError('USAGE_NUMBER', `--count 应为正整数（收到“${o.count}”）`);
  if (!/^\d{2,12}$/.test(o.region)) throw new CliError('USAGE_REGION', `--region 应为区划代码，如 430121（收到“${o.region}”）`);
  assertAsOf(o.asOf);
  if (parseSynthForm(o.form) !== '2017') throw new CliError('USAGE_FORM', '多轮合成数据（--rounds）暂只按 2017 版登记表生成：--form 可用 2017');
  if (o.errors !== undefined || o.departments !== undefined) throw new CliError('USAGE_ROUNDS', '--rounds 不能与 --errors、--departments 同时使用（各轮已带标注的变化，见 planted-k.csv）');
  const seed = /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
  await assertKnownRegion(o.region);
  let villages;
  try {
    villages = await loadSynthVillages(o.region);
  } catch (e) {
    throw new CliError('USAGE_REGION', `无法按区划 ${o.region} 生成合成数据：${(e as Error).message}`);
  }
  const rounds: SynthRound[] = synthesizeRounds({ seed, count, villages, rounds: n, firstAsOf: o.asOf });
  const dir = pathIn(io, o.out);
  await mkdir(dir, { recursive: true });
  const encoding = o.encoding;
  for (const R of rounds) {
    const k = R.round + 1;
    await writePersonsCsv(R.records, join(dir, `round-${k}.csv`), { headers: o.headers, encoding, version: '2017' });
    await writeCsv(R.roster, join(dir, `roster-${k}.csv`), { columns: columns(ROSTER_COLUMNS), encoding });
    await writeCsv([...R.truth].map(([id, cls]) => ({ resident_id: id, class: cls })), join(dir, `truth-${k}.csv`), { columns: columns(['resident_id', 'class']), encoding });
    if (R.round === 0) continue;
    await writeCsv(R.publicSecurity, join(dir, `public-security-${k}.csv`), { columns: columns(PUBLIC_SECURITY_COLUMNS), encoding });
    await writeJsonLines(R.events, join(dir, `events-${k}.jsonl`));
    const planted = R.planted.map((l) => ({ round: k, resident_id: l.residentId, kind: l.kind, expected_class: l.expectedClass, expected_rule: l.expectedRule ?? '', items: l.items }));
    await writeCsv(planted, join(dir, `planted-${k}.csv`), { columns: columns(PLANTED_COLUMNS), encoding });
  }
  const sizes = rounds.map((R) => R.records.length).join('、');
  const changes = rounds.reduce((a, R) => a + R.planted.length, 0);
  io.stderr(`已生成 ${n} 轮合成数据 → ${o.out}（各轮人数 ${sizes}；标注的变化 ${changes} 处，见 planted-k.csv；变更事件见 events-k.jsonl）\n`);
  return EXIT.OK;
}
