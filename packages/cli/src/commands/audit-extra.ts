/**
 * `canji audit rekey | training-cases | score | supervision`: the re-keying comparison of paper
 * forms (双录入比对), the training exercise (培训案例 and 培训考核) and the supervision register's
 * coverage (督查覆盖), from the command line (@canji/audits). Every file for people is XLSX with
 * zh-CN headers; IDs masked unless `--full-ids`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  CASE_FIELD,
  TRAINEE_FIELD,
  compareRekeying,
  itemClasses,
  scoreTrainees,
  supervisionCoverage,
  trainingCases,
} from '@canji/audits';
import { flatColumns, formItem, personForm, toFlatRow, valueLabel, type PersonFormVersion } from '@canji/form';
import { maskResidentId } from '@canji/id';
import { loadVillages, normalizeRegionCode } from '@canji/regions';
import { maskMessage } from '@canji/rules';
import { synthesizePersons, writeCsv } from '@canji/synth';
import type { TextEncoding } from '../encoding.js';
import { parseFormOption } from '../form-version.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { checkOutputDir, checkOutputPath, writeOutput } from '../output-file.js';
import { openInput, printReadSummary, readPersonRecords } from '../read.js';
import { writeWorkbook, type SheetCell, type SheetColumn } from '../sheets.js';
import type { FileFormat } from '../sources.js';
import { reading, type BatchInputOptions } from '../cli-options.js';
import { assertDateOption } from '../as-of.js';
import { assertKnownRegion } from '../region-option.js';

type InputOptions = BatchInputOptions;

/** `canji audit rekey` options. */
export interface AuditRekeyOptions extends InputOptions {
  /** Header of the form-number column (default: 表号, 问卷编号 … if present, else match by resident ID). */
  formColumn?: string;
  /** Header of the keyer column (default: 录入员 or keyer if present). */
  keyerColumn?: string;
  threshold?: string;
  out: string;
  fullIds?: boolean;
}

/** `canji audit training-cases` options. */
export interface AuditTrainingCasesOptions {
  count?: string;
  seed?: string;
  region?: string;
  form?: string;
  out: string;
}

/** `canji audit score` options. */
export interface AuditScoreOptions extends InputOptions {
  key: string;
  pass?: string;
  hard?: string;
  traineeColumn?: string;
  caseColumn?: string;
  out: string;
  fullIds?: boolean;
}

/** `canji audit supervision` options. */
export interface AuditSupervisionOptions {
  region: string;
  period?: string;
  reach?: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  /** `--sheet NAME|N`: the worksheet of an XLSX register (default the first). */
  sheet?: string;
  out: string;
}

const FORM_COLUMNS = ['表号', '问卷编号', '表单编号', '调查表编号', 'form_no'];
const KEYER_COLUMNS = ['录入员', '录入人', 'keyer'];
const CASE_COLUMNS = ['案例编号', '案例', CASE_FIELD];
const TRAINEE_COLUMNS = ['学员', '学员姓名', '培训学员', TRAINEE_FIELD];

function numberOpt(name: string, v: string | undefined, lo = 0, hi = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < lo || n > hi) throw new CliError('USAGE_NUMBER', `${name} 应为 ${lo} 至 ${hi} 之间的数（收到“${v}”）`);
  return n;
}

function assertXlsx(out: string): void {
  if (!/\.xlsx$/i.test(out)) throw new CliError('USAGE_OUT_FORMAT', `输出应为 .xlsx 文件（收到“${out}”）`);
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
const clean = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

interface Extra {
  /** Record field the column's value goes to. */
  field: string;
  /** Header given by the user (must exist), or candidates tried in order. */
  given?: string;
  candidates: readonly string[];
  what: string;
}

interface ReadEntry {
  records: Record<string, unknown>[];
  rows: number[];
  version: PersonFormVersion;
  /** Record keys of the form's columns in the file. */
  keys: Set<string>;
  /** The header used for each extra field, when found. */
  found: Map<string, string>;
}

/**
 * Reads a file of forms as `canji check` does (the same normalisation), plus columns the form does
 * not know (form number, keyer, trainee, case number) read raw from the same rows.
 */
async function readEntry(io: CliIo, file: string, o: InputOptions, label: string, extras: readonly Extra[]): Promise<ReadEntry> {
  const path = pathIn(io, file);
  const src = await openInput(io, path, reading(o));
  const found = new Map<string, string>();
  const raw = new Map<number, Record<string, string>>();
  for await (const item of src.items()) {
    if (item.kind === 'header') {
      const cols = item.columns.map((c) => c.trim());
      for (const x of extras) {
        if (x.given !== undefined) {
          if (!cols.includes(x.given.trim())) throw new CliError('USAGE_COLUMN', `文件“${file}”没有列“${x.given}”（${x.what}）`);
          found.set(x.field, item.columns[cols.indexOf(x.given.trim())]!);
        } else {
          const c = x.candidates.find((h) => cols.includes(h));
          if (c !== undefined) found.set(x.field, item.columns[cols.indexOf(c)]!);
        }
      }
      if (found.size === 0) break;
    } else if (item.kind === 'row') {
      const vals: Record<string, string> = {};
      for (const [field, header] of found) vals[field] = clean(item.row[header]);
      raw.set(item.rowNumber, vals);
    }
  }
  const given = parseFormOption(o.form);
  // The reader warns of columns the form does not know: not of the ones read here.
  const ours = [...found.values()].map((h) => `表头“${h}”`);
  const quietIo: CliIo = { ...io, stderr: (t) => (ours.some((h) => t.includes(h)) ? undefined : io.stderr(t)) };
  const reader = await readPersonRecords(quietIo, path, { quiet: o.quiet ?? false, label, ...(given ? { formVersion: given } : {}), ...reading(o) });
  const records: Record<string, unknown>[] = [];
  const rows: number[] = [];
  await reader.forEach((item) => {
    if (!('record' in item)) return;
    const r = item.record;
    const x = raw.get(item.rowNumber);
    if (x) for (const [k, v] of Object.entries(x)) if (v !== '') r[k] = v;
    records.push(r);
    rows.push(item.rowNumber);
  });
  printReadSummary(quietIo, reader.stats);
  const version = reader.formVersion() ?? given ?? '2017';
  const keys = new Set(reader.mapping()?.known.values() ?? []);
  return { records, rows, version: version === '2016' ? '2017' : (version as PersonFormVersion), keys, found };
}

function shownValue(form: ReturnType<typeof personForm>, item: string, v: string | undefined, full: boolean): string {
  if (v === undefined) return '（空）';
  if ((item === 'resident_id' || item === 'certificate_no') && !full) return maskResidentId(v) ?? '***';
  const parsed = v.startsWith('[') ? v.slice(1, -1).split(',').map((x) => (/^-?\d+$/.test(x) ? Number(x) : x)) : /^-?\d+$/.test(v) ? Number(v) : v;
  return valueLabel(form, item, parsed);
}

const itemCode = (form: ReturnType<typeof personForm>, k: string) => formItem(form, k)?.code || k;
const itemLabel = (form: ReturnType<typeof personForm>, k: string) => formItem(form, k)?.label ?? k;

/** `canji audit rekey A B --keyer-column 录入员 -o 双录入比对.xlsx`. Exit 1 when the keying error rate exceeds `--threshold`. */
export async function runAuditRekey(io: CliIo, fileA: string, fileB: string, o: AuditRekeyOptions): Promise<ExitCode> {
  assertXlsx(o.out);
  const threshold = numberOpt('--threshold', o.threshold) ?? 0.005;
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  const extras: Extra[] = [
    { field: 'form_no', candidates: FORM_COLUMNS, what: '表号', ...(o.formColumn ? { given: o.formColumn } : {}) },
    { field: 'keyer', candidates: KEYER_COLUMNS, what: '录入员', ...(o.keyerColumn ? { given: o.keyerColumn } : {}) },
  ];
  const a = await readEntry(io, fileA, o, '读取录入 A', extras);
  const b = await readEntry(io, fileB, o, '读取录入 B', extras);
  const byForm = a.found.has('form_no') && b.found.has('form_no');
  if (a.found.has('form_no') !== b.found.has('form_no')) io.stderr(`提示：只有一份录入有表号列，按公民身份号码匹配\n`);
  const skip = new Set(['form_no', 'keyer']);
  const items = [...a.keys].filter((k) => b.keys.has(k) && !skip.has(k));
  const onlyOne = [...a.keys, ...b.keys].filter((k) => !(a.keys.has(k) && b.keys.has(k)));
  if (onlyOne.length) io.stderr(`提示：${[...new Set(onlyOne)].length} 列只在一份录入中有，未比对（${[...new Set(onlyOne)].slice(0, 5).join('、')}）\n`);
  const version = a.version;
  const r = compareRekeying(a.records, b.records, { version, threshold, items, ...(byForm ? { formKey: 'form_no' } : {}) });
  if (!r.ok) throw new CliError(r.error.code, r.error.message);
  const rep = r.value;
  const full = o.fullIds ?? false;
  const form = personForm(version);
  const formShown = (f: string) => (byForm || full ? f : (maskResidentId(f) ?? f));
  const rateCols: SheetColumn[] = [{ header: '比对单元格数', kind: 'integer' }, { header: '不一致', kind: 'integer' }, { header: '差错率', kind: 'percent' }, { header: '95%区间下限', kind: 'percent' }, { header: '95%区间上限', kind: 'percent' }];
  const rateCells = (x: { compared: number; discrepant: number; rate: number | null; interval: readonly [number, number] | null }): SheetCell[] => [x.compared, x.discrepant, x.rate, x.interval?.[0], x.interval?.[1]];
  const summary: SheetCell[][] = [
    ['全部', `全部匹配的表（${rep.matched} 份）`, rep.matched, ...rateCells(rep.overall), rep.over ? '超过标准' : '未超过'],
    ...rep.keyers.map((k): SheetCell[] => ['录入员', k.keyer, k.forms, ...rateCells(k), k.over ? '超过标准' : '未超过']),
  ];
  const itemRows: SheetCell[][] = rep.items.filter((i) => i.discrepant > 0).map((i) => [itemCode(form, i.item), itemLabel(form, i.item), ...rateCells(i)]);
  const details: SheetCell[][] = rep.disagreements.map((d) => [
    formShown(d.form),
    String(a.records[d.indexA]!.name ?? b.records[d.indexB]!.name ?? ''),
    itemCode(form, d.item),
    itemLabel(form, d.item),
    shownValue(form, d.item, d.a, full),
    shownValue(form, d.item, d.b, full),
    d.keyerA,
    d.keyerB,
    a.rows[d.indexA],
    b.rows[d.indexB],
    '',
  ]);
  const unmatched: SheetCell[][] = rep.unmatched.map((u) => {
    const src = u.entry === 'a' ? a : b;
    return [u.entry === 'a' ? '只在录入 A 中' : '只在录入 B 中', formShown(u.form), String(src.records[u.index]!.name ?? ''), src.rows[u.index]];
  });
  const caption = [
    `双录入比对：录入 A ${basename(fileA)}，录入 B ${basename(fileB)}；${byForm ? '按表号匹配' : '按公民身份号码匹配'}，匹配 ${rep.matched} 份，${rep.unmatched.length} 份只在一份录入中`,
    `差错率 = 两次录入不一致的单元格 / 比对的单元格（读入时已按 canji 的规范化处理）；标准：不超过 ${pct(threshold)}（canji 默认值，非官方标准）。区间为 Wilson 95% 区间。`,
    '录入员的差错率计入其录入的每一份表中的全部不一致（不一致说明至少一人录错）：核对原始表之前，是其本人差错率的上限。',
  ];
  await writeWorkbook(target, [
    { name: '录入差错率', caption, columns: [{ header: '类别', width: 10 }, { header: '录入员', width: 24 }, { header: '表数', kind: 'integer' }, ...rateCols, { header: '结论', width: 10 }], rows: summary, spareRows: 0 },
    { name: '项目差错率', columns: [{ header: '题号', width: 10 }, { header: '项目', width: 30 }, ...rateCols], rows: itemRows, spareRows: 0 },
    {
      name: '不一致明细',
      caption: ['请对照原始纸质表核对每一处不一致，在“核对结果”中选择。'],
      columns: [{ header: byForm ? '表号' : '公民身份号码', width: 20 }, { header: '姓名', width: 10 }, { header: '题号', width: 8 }, { header: '项目', width: 24 }, { header: '录入 A', width: 20 }, { header: '录入 B', width: 20 }, { header: '录入员 A', width: 10 }, { header: '录入员 B', width: 10 }, { header: '录入 A 行号', kind: 'integer' }, { header: '录入 B 行号', kind: 'integer' }, { header: '核对结果', width: 14, choices: ['以录入 A 为准', '以录入 B 为准', '两次均有误'] }],
      rows: details,
    },
    { name: '未匹配的表', columns: [{ header: '情况', width: 16 }, { header: byForm ? '表号' : '公民身份号码', width: 20 }, { header: '姓名', width: 10 }, { header: '行号', kind: 'integer' }], rows: unmatched, spareRows: 0 },
  ], { personal: true });
  for (const i of rep.issues.filter((x) => x.code !== 'AUDIT_FORM_UNMATCHED').slice(0, 5)) io.stderr(`提示 [${i.code}]：${full ? i.message : maskMessage(i.message)}\n`);
  const over = rep.keyers.filter((k) => k.over);
  io.stderr(
    `双录入比对：匹配 ${rep.matched} 份表，比对 ${rep.overall.compared} 个单元格，不一致 ${rep.overall.discrepant} 个，差错率 ${pct(rep.overall.rate)}（标准 ${pct(threshold)}，${rep.over ? '超过标准' : '未超过'}）` +
      `${over.length ? `；超过标准的录入员：${over.map((k) => k.keyer).join('、')}` : ''}${rep.unmatched.length ? `；${rep.unmatched.length} 份表只在一份录入中` : ''} → ${o.out}\n`,
  );
  return rep.over ? EXIT.PROBLEMS : EXIT.OK;
}

/** `canji audit training-cases --count 20 --seed 7 -o 培训`: the case sheet (培训案例.xlsx), the answer key (答案.csv) and a blank answer sheet (答题表.csv). */
export async function runAuditTrainingCases(io: CliIo, o: AuditTrainingCasesOptions): Promise<ExitCode> {
  const seedText = o.seed;
  const seed = Number(seedText);
  if (seedText === undefined || !Number.isInteger(seed) || seed < 0) throw new CliError('USAGE_SEED_REQUIRED', '请用 --seed 给出随机种子（非负整数；同一种子得到同一组案例）');
  const count = o.count === undefined ? 20 : Number(o.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw new CliError('USAGE_NUMBER', `--count 应为 1 至 1000 的整数（收到“${o.count}”）`);
  const given = parseFormOption(o.form) ?? '2017';
  if (given !== '2017' && given !== '2021') throw new CliError('USAGE_FORM', `培训案例的登记表版本应为 2017 或 2021（收到“${o.form}”）`);
  const version: '2017' | '2021' = given;
  const region = o.region ?? '430121';
  if (!/^\d{6}$/.test(normalizeRegionCode(region) ?? '')) throw new CliError('USAGE_REGION', `--region 应为 6 位县级区划代码（收到“${region}”）`);
  await assertKnownRegion(region);
  const dir = pathIn(io, o.out);
  checkOutputDir(dir);
  await mkdir(dir, { recursive: true });
  const persons = [...synthesizePersons({ seed, count, region, version })];
  const t = trainingCases(persons, { version });
  if (!t.ok) throw new CliError(t.error.code, t.error.message);
  const { cases, key } = t.value;
  const facts: SheetCell[][] = cases.flatMap((c) => [
    [c.case, '', '姓名', c.name],
    [c.case, '', '公民身份号码', c.residentId],
    ...c.facts.map((f, i): SheetCell[] => [c.case, i + 1, f.label, f.fact]),
  ]);
  await writeWorkbook(join(dir, '培训案例.xlsx'), [
    {
      name: '培训案例',
      caption: [
        `培训案例 ${cases.length} 个（${version} 版登记表；合成人员，随机种子 ${seed}，非真实个人信息）`,
        '请按每个案例的情况填写登记表（答题表.csv，每人每案例一行，填写“学员”和“案例编号”）；未列出的项目按填表说明判断是否应填。',
      ],
      columns: [{ header: '案例编号', width: 10 }, { header: '序号', kind: 'integer', width: 6 }, { header: '项目', width: 30 }, { header: '情况', width: 50 }],
      rows: facts,
      spareRows: 0,
    },
  ]);
  const machine = flatColumns({ version, headers: 'machine' });
  const labels = flatColumns({ version, headers: 'label' });
  await writeOutput(join(dir, '答案.csv'), (tmp) =>
    writeCsv(key, tmp, { columns: [{ key: CASE_FIELD, header: '案例编号' }, ...machine.map((k) => ({ key: k, header: k }))], toRow: (r) => ({ [CASE_FIELD]: r[CASE_FIELD], ...toFlatRow(r, { version }) }) }),
  );
  await writeOutput(join(dir, '答题表.csv'), (tmp) => writeFile(tmp, '\uFEFF' + ['学员', '案例编号', ...labels].map((h) => (/[",\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',') + '\n'));
  await writeFile(
    join(dir, '案例说明.json'),
    JSON.stringify({ tool: 'canji audit training-cases', seed, count, region, formVersion: version, cases: cases.map((c) => c.case), items: t.value.items }, null, 2) + '\n',
  );
  io.stderr(`培训案例 ${cases.length} 个 → ${join(o.out, '培训案例.xlsx')}；答案 → ${join(o.out, '答案.csv')}（请勿发给学员）；空白答题表 → ${join(o.out, '答题表.csv')}\n`);
  return EXIT.OK;
}

/** `canji audit score ANSWERS --key 答案.csv --pass 0.9 -o 培训考核.xlsx`. Exit 1 when a trainee fails. */
export async function runAuditScore(io: CliIo, answersFile: string, o: AuditScoreOptions): Promise<ExitCode> {
  assertXlsx(o.out);
  const pass = numberOpt('--pass', o.pass) ?? 0.9;
  const hard = numberOpt('--hard', o.hard) ?? 0.3;
  if (hard === 0) throw new CliError('USAGE_NUMBER', '--hard 应大于 0');
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  const caseExtra = (given?: string): Extra => ({ field: CASE_FIELD, candidates: CASE_COLUMNS, what: '案例编号', ...(given ? { given } : {}) });
  const key = await readEntry(io, o.key, o, '读取答案', [caseExtra()]);
  if (!key.found.has(CASE_FIELD)) throw new CliError('USAGE_COLUMN', `答案文件“${o.key}”没有“案例编号”列（由 canji audit training-cases 生成的 答案.csv 有此列）`);
  const answers = await readEntry(io, answersFile, o, '读取学员答卷', [caseExtra(o.caseColumn), { field: TRAINEE_FIELD, candidates: TRAINEE_COLUMNS, what: '学员', ...(o.traineeColumn ? { given: o.traineeColumn } : {}) }]);
  if (!answers.found.has(TRAINEE_FIELD)) throw new CliError('USAGE_COLUMN', `学员答卷“${answersFile}”没有“学员”列（可用 --trainee-column 指定）`);
  const version = key.version;
  // Scored: the items the answer sheet has a column for (a sheet trimmed to some items scores those).
  const all = itemClasses(version).map((i) => i.key);
  const items = all.filter((k) => answers.keys.has(k));
  if (items.length === 0) throw new CliError('INPUT_HEADER_UNKNOWN', `学员答卷“${answersFile}”没有可评分的登记表项目列`);
  if (items.length < all.length) io.stderr(`提示：答卷没有 ${all.length - items.length} 个项目的列，这些项目不评分\n`);
  const r = scoreTrainees(answers.records, key.records, { version, pass, hardShare: hard, items });
  if (!r.ok) throw new CliError(r.error.code, r.error.message);
  const rep = r.value;
  const full = o.fullIds ?? false;
  const form = personForm(version);
  const traineeRows: SheetCell[][] = rep.trainees.map((t) => [t.trainee, t.cases, t.missingCases.join('、'), t.correct, t.scored, t.score, t.passed ? '培训质量过关' : '未过关']);
  const itemRows: SheetCell[][] = [...rep.items].sort((x, y) => (x.score ?? 1) - (y.score ?? 1)).map((i) => [itemCode(form, i.item), itemLabel(form, i.item), i.correct, i.scored, i.score, i.traineesWrong, i.trainees, i.hard ? '易错' : '']);
  const mistakes: SheetCell[][] = rep.trainees.flatMap((t) => t.mistakes.map((m): SheetCell[] => [t.trainee, m.case, itemCode(form, m.item), itemLabel(form, m.item), shownValue(form, m.item, m.expected, full), shownValue(form, m.item, m.given, full)]));
  const perItem: SheetCell[][] = rep.trainees.flatMap((t) => Object.entries(t.items).map(([k, x]): SheetCell[] => [t.trainee, itemCode(form, k), itemLabel(form, k), x.correct, x.scored, x.score]));
  const hardItems = rep.items.filter((i) => i.hard);
  await writeWorkbook(target, [
    {
      name: '学员成绩',
      caption: [
        `培训考核：学员答卷 ${basename(answersFile)}，答案 ${basename(o.key)}；得分率 = 答对的项目 / 评分的项目`,
        `评分的项目：答案或学员填写了的项目（两边都空的不评分；答案为空而学员填写了的算错；未交的案例按答案应填的项目算错）。得分率不低于 ${pct(pass)} 为培训质量过关（canji 默认 90%，非官方标准）。`,
      ],
      columns: [{ header: '学员', width: 12 }, { header: '交回案例数', kind: 'integer' }, { header: '未交的案例', width: 20 }, { header: '答对', kind: 'integer' }, { header: '评分项目', kind: 'integer' }, { header: '得分率', kind: 'percent' }, { header: '结论', width: 14 }],
      rows: traineeRows,
      spareRows: 0,
    },
    {
      name: '项目正确率',
      caption: [`易错：答错过的学员占 ${pct(hard)} 及以上的项目（共 ${hardItems.length} 项），培训时应重点讲解。`],
      columns: [{ header: '题号', width: 10 }, { header: '项目', width: 30 }, { header: '答对', kind: 'integer' }, { header: '评分', kind: 'integer' }, { header: '正确率', kind: 'percent' }, { header: '答错的学员', kind: 'integer' }, { header: '学员数', kind: 'integer' }, { header: '易错', width: 6 }],
      rows: itemRows,
      spareRows: 0,
    },
    { name: '学员分项得分', columns: [{ header: '学员', width: 12 }, { header: '题号', width: 10 }, { header: '项目', width: 30 }, { header: '答对', kind: 'integer' }, { header: '评分', kind: 'integer' }, { header: '正确率', kind: 'percent' }], rows: perItem, spareRows: 0 },
    { name: '答错明细', columns: [{ header: '学员', width: 12 }, { header: '案例编号', width: 10 }, { header: '题号', width: 8 }, { header: '项目', width: 24 }, { header: '正确答案', width: 24 }, { header: '学员填写', width: 24 }], rows: mistakes, spareRows: 0 },
  ]);
  for (const i of rep.issues.slice(0, 5)) io.stderr(`提示 [${i.code}]：${full ? i.message : maskMessage(i.message)}\n`);
  if (rep.issues.length > 5) io.stderr(`……另有 ${rep.issues.length - 5} 条提示\n`);
  const failed = rep.trainees.filter((t) => !t.passed);
  io.stderr(
    `培训考核：${rep.trainees.length} 名学员，过关 ${rep.trainees.length - failed.length} 名${failed.length ? `，未过关：${failed.map((t) => `${t.trainee}（${pct(t.score)}）`).join('、')}` : ''}；易错项目 ${hardItems.length} 项${hardItems.length ? `（${hardItems.slice(0, 5).map((i) => itemLabel(form, i.item)).join('、')}${hardItems.length > 5 ? '…' : ''}）` : ''} → ${o.out}\n`,
  );
  return failed.length ? EXIT.PROBLEMS : EXIT.OK;
}

const REGISTER_COLUMNS: Record<'unit' | 'date' | 'supervisor' | 'kind' | 'findings', readonly string[]> = {
  unit: ['单位代码', '区划代码', '督查单位代码', '代码', 'unit', 'unit_code'],
  date: ['督查日期', '日期', 'date'],
  supervisor: ['督查人员', '督查人', 'supervisor'],
  kind: ['督查方式', '督查类型', '方式', 'kind'],
  findings: ['发现问题', '督查发现', '问题', 'findings'],
};

function parsePeriod(v: string | undefined): { from: string; to: string } | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(v.trim());
  if (!m) throw new CliError('USAGE_PERIOD', `--period 应为 起始日期..截止日期，如 2019-07-01..2019-08-31（收到“${v}”）`);
  assertDateOption('--period', m[1]!);
  assertDateOption('--period', m[2]!);
  return { from: m[1]!, to: m[2]! };
}

const cellText = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v).trim());

/** `canji audit supervision 督查登记.xlsx --region 430121 -o 督查覆盖.xlsx`. Exit 1 when a unit was never reached or a row is invalid. */
export async function runAuditSupervision(io: CliIo, registerFile: string, o: AuditSupervisionOptions): Promise<ExitCode> {
  assertXlsx(o.out);
  const period = parsePeriod(o.period);
  const reach = o.reach ?? 'within';
  if (reach !== 'within' && reach !== 'direct') throw new CliError('USAGE_REACH', `--reach 应为 within 或 direct（收到“${reach}”）`);
  const code = normalizeRegionCode(o.region);
  if (code === undefined || ![2, 4, 6].includes(code.length)) throw new CliError('USAGE_REGION', `--region 应为县（区）、市或省的区划代码（收到“${o.region}”）`);
  await assertKnownRegion(o.region);
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  await loadVillages(code.slice(0, 2));
  const src = await openInput(io, pathIn(io, registerFile), reading(o));
  const cols = new Map<keyof typeof REGISTER_COLUMNS, string>();
  const rows: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  for await (const item of src.items()) {
    if (item.kind === 'header') {
      const trimmed = item.columns.map((c) => c.trim());
      for (const [field, names] of Object.entries(REGISTER_COLUMNS) as [keyof typeof REGISTER_COLUMNS, readonly string[]][]) {
        const hit = names.find((n) => trimmed.includes(n));
        if (hit) cols.set(field, item.columns[trimmed.indexOf(hit)]!);
      }
      const missing = (['unit', 'date', 'supervisor'] as const).filter((f) => !cols.has(f));
      if (missing.length) throw new CliError('INPUT_HEADER_MISSING', `督查登记“${registerFile}”缺少列：${missing.map((f) => REGISTER_COLUMNS[f][0]).join('、')}（应有 单位代码、督查日期、督查人员，可有 督查方式、发现问题）`);
    } else if (item.kind === 'row') {
      const r: Record<string, unknown> = {};
      for (const [field, header] of cols) r[field] = cellText(item.row[header]);
      rows.push(r);
      rowNumbers.push(item.rowNumber);
    } else if (item.kind === 'reject') io.stderr(`第 ${item.rowNumber} 行无法读取：${item.error.message}\n`);
  }
  if (cols.size === 0) throw new CliError('INPUT_EMPTY', `督查登记“${registerFile}”没有表头`);
  const r = supervisionCoverage(rows, { region: code, reach, ...(period ? { period } : {}) });
  if (!r.ok) throw new CliError(r.error.code, r.error.message);
  const rep = r.value;
  const share = (x: { share: number | null }) => x.share;
  const coverage: SheetCell[][] = rep.counties.map((c) => [c.code, c.name, c.reached ? '是' : '否', c.visits, c.townships.reached, c.townships.total, share(c.townships), c.villages.reached, c.villages.total, share(c.villages), c.complete ? '全部督查到' : '未全部督查到']);
  if (rep.counties.length > 1) {
    const t = rep.total;
    coverage.push(['', '合计', `${t.counties.reached}/${t.counties.total}`, rep.visits.length, t.townships.reached, t.townships.total, t.townships.share, t.villages.reached, t.villages.total, t.villages.share, rep.counties.every((c) => c.complete) ? '全部督查到' : '未全部督查到']);
  }
  const notTownships: SheetCell[][] = rep.counties.flatMap((c) => c.townshipsNotReached.map((t): SheetCell[] => [c.name, t.code, t.name]));
  const notVillages: SheetCell[][] = rep.counties.flatMap((c) => c.villagesNotReached.map((v): SheetCell[] => [c.name, v.code.slice(0, 9), v.code, v.name]));
  const visits: SheetCell[][] = rep.visits.map((v) => [rowNumbers[v.index], v.code, v.name, v.date, v.supervisor, v.kind, v.findings]);
  const supervisors: SheetCell[][] = rep.supervisors.map((s) => [s.supervisor || '（未填）', s.visits, s.units, s.first, s.last]);
  const problems: SheetCell[][] = rep.issues.map((i) => [i.index === undefined ? undefined : rowNumbers[i.index], i.code, i.message.replace(/督查登记第 (\d+) 行/, (_, n: string) => `督查登记第 ${rowNumbers[Number(n) - 1] ?? n} 行`)]);
  await writeWorkbook(target, [
    {
      name: '督查覆盖',
      caption: [
        `督查覆盖：${rep.region.fullName}（${rep.region.code}），督查登记 ${basename(registerFile)} 共 ${rows.length} 行，计入 ${rep.visits.length} 次督查${period ? `（督查期 ${period.from} 至 ${period.to}）` : ''}`,
        reach === 'within' ? '“督查到”：本单位或其下属单位有督查记录（督查一个村，即督查到其所在乡镇和县）。' : '“督查到”：本单位本身有督查记录。',
        '要求：分级督查到每个县、乡镇、村。',
      ],
      columns: [{ header: '县（区）代码', width: 10 }, { header: '县（区）', width: 24 }, { header: '县本级督查到', width: 8 }, { header: '督查次数', kind: 'integer' }, { header: '督查到的乡镇', kind: 'integer' }, { header: '乡镇总数', kind: 'integer' }, { header: '乡镇覆盖率', kind: 'percent' }, { header: '督查到的村', kind: 'integer' }, { header: '村总数', kind: 'integer' }, { header: '村覆盖率', kind: 'percent' }, { header: '结论', width: 14 }],
      rows: coverage,
      spareRows: 0,
    },
    { name: '未督查到的乡镇', columns: [{ header: '县（区）', width: 24 }, { header: '乡镇代码', width: 12 }, { header: '乡镇（街道）', width: 20 }], rows: notTownships, spareRows: 0 },
    { name: '未督查到的村', columns: [{ header: '县（区）', width: 24 }, { header: '乡镇代码', width: 12 }, { header: '村代码', width: 14 }, { header: '村（社区）', width: 28 }], rows: notVillages, spareRows: 0 },
    { name: '督查记录', columns: [{ header: '行号', kind: 'integer' }, { header: '单位代码', width: 14 }, { header: '单位', width: 36 }, { header: '督查日期', kind: 'date' }, { header: '督查人员', width: 14 }, { header: '督查方式', width: 12 }, { header: '发现问题', width: 40 }], rows: visits, spareRows: 0 },
    { name: '督查人员', columns: [{ header: '督查人员', width: 14 }, { header: '督查次数', kind: 'integer' }, { header: '督查单位数', kind: 'integer' }, { header: '首次', kind: 'date' }, { header: '末次', kind: 'date' }], rows: supervisors, spareRows: 0 },
    { name: '登记问题', columns: [{ header: '行号', kind: 'integer' }, { header: '代码', width: 22 }, { header: '说明', width: 70 }], rows: problems, spareRows: 0 },
  ]);
  for (const p of problems.slice(0, 5)) io.stderr(`提示 [${String(p[1])}]：${String(p[2])}\n`);
  if (problems.length > 5) io.stderr(`……另有 ${problems.length - 5} 条提示\n`);
  const t = rep.total;
  const incomplete = rep.counties.filter((c) => !c.complete);
  io.stderr(
    `督查覆盖：${rep.region.fullName} 县（区）${t.counties.reached}/${t.counties.total}，乡镇 ${t.townships.reached}/${t.townships.total}（${pct(t.townships.share)}），村 ${t.villages.reached}/${t.villages.total}（${pct(t.villages.share)}）；` +
      `${incomplete.length ? `${incomplete.length} 个县（区）未全部督查到` : '全部督查到'}；登记问题 ${rep.issues.length} 条 → ${o.out}\n`,
  );
  return incomplete.length || rep.issues.length ? EXIT.PROBLEMS : EXIT.OK;
}
