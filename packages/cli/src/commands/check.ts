/**
 * `canji check <file>`: the validation report (数据校验报告) of a batch — {@link checkFile} with
 * the options of the command line, then the summary, the report files, the department
 * discrepancy lists and the exit code.
 */
import { basename, join, relative } from 'node:path';
import { DEPARTMENT_NAMES } from '@canji/form';
import { maskReport, parseVerificationStatus, renderReportCsv, renderReportHtml, renderReportJsonChunks, renderReportMarkdown, type DepartmentId, type RegionLevel, type ReportInput, type ReportVerification, type VerificationStatusFile } from '@canji/rules';
import { readFile } from 'node:fs/promises';
import { checkFile, FORM_VERSIONS, regionName, validateCheckFileOptions, type CheckFileOptions, type CheckFileResult, type RecordFindings } from '../check-file.js';
import { createDepartmentLists } from '../dept-lists.js';
import { writeRoundLists, type RoundListsWritten } from '../round-check.js';
import { FixList } from '../fix-list.js';
import { checkOutputDir, checkOutputPath } from '../output-file.js';
import { parseDeptOption } from '../departments.js';
import type { TextEncoding } from '../encoding.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { createProgress, type Progress } from '../progress.js';
import { printReadSummary, rejectsFile } from '../read.js';
import { assertPdfOutput, writeReportPdf } from '../pdf.js';
import { assertReportPath, writeReport } from '../report-files.js';
import { generatedDate, withRunMeta } from '../report-meta.js';
import { loadRuleFiles, ruleFileNotices } from '../rule-files.js';
import { builtInRules } from '../rule-set.js';
import { parseEngineOption, validateEngineDbOptions } from '../check-engine.js';
import type { FileFormat } from '../sources.js';
import { zodMessagesInChinese } from '../zod-zh.js';

export type FailOn = 'error' | 'warning' | 'never';

/** The options of `canji check` as the command line gives them (see `canji check --help`). */
export interface CheckOptions {
  /** `--form 2016|2017|2021`; absent: recognised from the header. */
  form?: string;
  /** Local rule files (`--rules`), added to the built-in rules. */
  rules?: string[];
  asOf?: string;
  region?: string;
  dept: string[];
  /** `--previous FILE`: the previous round, for the year-on-year rules. */
  previous?: string;
  /** `--roster FILE`: the certificate roster (底册), for the round-to-round reconciliation. */
  roster?: string;
  /** `--round-lists DIR`: the persons to act on, per township (needs `previous` or `roster`). */
  roundLists?: string;
  out: string[];
  discrepancies?: string;
  /** The list of records to fix (`--to-fix FILE.xlsx`, with FILE.csv beside it). */
  toFix?: string;
  /** Full ID numbers in the lists for people (`--full-ids`: records to fix, department lists); masked by default. */
  fullIds?: boolean;
  rejects?: string;
  failOn: FailOn;
  encoding?: TextEncoding;
  format?: FileFormat;
  quiet: boolean;
  workers: number;
  title?: string;
  /** Region level the report counts by (default county). */
  level?: RegionLevel;
  /** `--pdf FILE`: the report printed to PDF by headless Chromium. */
  pdf?: string;
  /** `--verification FILE`: the `核实状态.json` of `canji verify`, printed in the report's department section. */
  verification?: string;
  /** `--sheet NAME|N`: the worksheet of an XLSX batch (default the first). */
  sheet?: string;
  /** `--json`: a machine-readable summary on stdout (the lines for people go to stderr). */
  json?: boolean;
  /** `--out-format`: the format of a report written to stdout with `--out -` (default json). */
  outFormat?: 'json' | 'md' | 'csv' | 'html';
  /** `--engine js|duckdb|postgres`: which engine runs the rules (default js; see `check-engine.ts`). */
  engine?: string;
  /** `--db URL`: the PostgreSQL database of `--engine postgres`. */
  db?: string;
  /** `--table T`: the batch is this table of the `--db` database (the file argument is then its name). */
  table?: string;
  /** `--columns MAP.json`: with `--table`, canji key → the table's column. */
  columns?: string;
}

/** Reads `--verification FILE` before any work: a missing or malformed file is a usage error (exit 2). */
async function loadVerification(io: CliIo, path: string): Promise<VerificationStatusFile> {
  let text: string;
  try {
    text = await readFile(pathIn(io, path), 'utf8');
  } catch {
    throw new CliError('CHECK_VERIFICATION_MISSING', `找不到核实状态文件“${path}”：它由 canji verify 写在输出目录中（核实结果/核实状态.json）`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError('VERIFY_STATUS_INVALID', `核实状态文件“${path}”不是 JSON`);
  }
  const r = parseVerificationStatus(data);
  if (!r.ok) throw new CliError(r.error.code, `${path}：${r.error.message}`);
  return r.value;
}

/** The verification status as the report carries it; a notice when it comes from another data file. */
function reportVerificationOf(io: CliIo, s: VerificationStatusFile, input: ReportInput | undefined): ReportVerification {
  if (s.round.sha256 && input?.sha256 && s.round.sha256 !== input.sha256) {
    io.stderr(`提示 [CHECK_VERIFICATION_OTHER_FILE]：核实状态来自数据文件“${s.round.sourceFile}”（清单生成于 ${s.round.createdAt.slice(0, 10)}），与本次校验的文件内容不同；报告照录其核实结果\n`);
  }
  return { ...(s.readOn ? { readOn: s.readOn } : {}), ...(s.files ? { files: s.files } : {}), departments: s.departments };
}

export { FORM_VERSIONS, regionName };

/** The command line's options as {@link checkFile}'s (the department specs parsed, `USAGE_DEPT`). */
function checkFileOptions(io: CliIo, o: CheckOptions): CheckFileOptions {
  const departments: Partial<Record<DepartmentId, string>> = {};
  for (const { department, path } of o.dept.map(parseDeptOption)) departments[department] = path;
  return {
    ...(o.form !== undefined ? { formVersion: o.form } : {}),
    ...(o.asOf ? { asOf: o.asOf } : {}),
    ...(o.region ? { region: o.region } : {}),
    ...(o.level ? { regionLevel: o.level } : {}),
    ...(o.dept.length ? { departments } : {}),
    ...(o.previous ? { previous: o.previous } : {}),
    ...(o.roster ? { roster: o.roster } : {}),
    workers: o.workers,
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.format ? { format: o.format } : {}),
    ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
    ...(o.title ? { title: o.title } : {}),
    ...(o.engine !== undefined ? { engine: parseEngineOption(o.engine) } : {}),
    ...(o.db !== undefined ? { db: o.db } : {}),
    ...(o.table !== undefined ? { table: o.table } : {}),
    ...(o.columns !== undefined ? { columns: o.columns } : {}),
    cwd: io.cwd,
  };
}

export function validateCheckOptions(o: CheckOptions): void {
  validateCheckFileOptions({ ...(o.form !== undefined ? { formVersion: o.form } : {}), workers: o.workers, ...(o.asOf ? { asOf: o.asOf } : {}), ...(o.region ? { region: o.region } : {}) });
  validateEngineDbOptions(parseEngineOption(o.engine), { db: o.db, table: o.table, columns: o.columns });
  for (const p of o.out) if (p !== '-') assertReportPath(p);
  if (o.out.filter((p) => p === '-').length > 1 || (o.json && o.out.includes('-'))) throw new CliError('USAGE_STDOUT_TWICE', '标准输出只能写一样东西：--out - 只能给一次，且不能与 --json 同用');
  if (o.roundLists !== undefined && !o.previous && !o.roster) throw new CliError('USAGE_ROUND_LISTS', '--round-lists 需要 --previous（上一轮数据）或 --roster（残疾人证底册）');
  if (o.toFix !== undefined && !/\.xlsx$/i.test(o.toFix)) throw new CliError('USAGE_OUT_FORMAT', `--to-fix 应为 .xlsx 文件（同名 .csv 写在旁边）：收到“${o.toFix}”`);
}

/** Every output path of the command, checked before any work (exit code 3 when one cannot be written). */
function checkOutputs(io: CliIo, o: CheckOptions): void {
  for (const p of o.out) if (p !== '-') checkOutputPath(pathIn(io, p));
  if (o.toFix) {
    checkOutputPath(pathIn(io, o.toFix));
    checkOutputPath(pathIn(io, o.toFix.replace(/\.xlsx$/i, '.csv')));
  }
  if (o.rejects) checkOutputPath(pathIn(io, o.rejects));
  if (o.pdf) checkOutputPath(pathIn(io, o.pdf));
  if (o.discrepancies) checkOutputDir(pathIn(io, o.discrepancies));
  if (o.roundLists) checkOutputDir(pathIn(io, o.roundLists));
}

export async function runCheck(io: CliIo, file: string, o: CheckOptions): Promise<ExitCode> {
  zodMessagesInChinese();
  validateCheckOptions(o);
  checkOutputs(io, o);
  const chromium = o.pdf ? assertPdfOutput(pathIn(io, o.pdf)) : undefined;
  const verification = o.verification ? await loadVerification(io, o.verification) : undefined;
  const options = checkFileOptions(io, o);
  // Rule files first: a mistake in one is found before the department extracts are read. Each
  // rule is checked against the form versions it names (`formVersions`).
  const form = o.form ?? '2017';
  const ruleFiles = await loadRuleFiles(io, o.rules ?? [], form, builtInRules(form, true, true).map((r) => r.id));
  ruleFileNotices(io, ruleFiles, new Set(Object.keys(options.departments ?? {}) as DepartmentId[]), o.previous !== undefined);
  if (ruleFiles.length) options.ruleFiles = ruleFiles.map((f) => ({ name: f.file.name, file: f.file }));
  const discDir = o.discrepancies ? pathIn(io, o.discrepancies) : undefined;
  if (discDir) checkOutputDir(discDir);
  if (discDir && o.fullIds) io.stderr('警告：使用了 --full-ids，部门待核实清单和清单.json 中写入了完整的公民身份号码；请按个人信息保管，只发给需要核实的部门\n');
  const disc = discDir ? createDepartmentLists(discDir, { sourceFile: basename(file), fullIds: o.fullIds === true, ...(o.form ? { formVersion: o.form } : {}) }) : undefined;
  const rejectsPath = o.rejects ? pathIn(io, o.rejects) : undefined;
  const rejects = rejectsPath ? rejectsFile(rejectsPath, o.fullIds ? { fullIds: true } : {}) : undefined;
  let fixList: FixList | undefined;
  if (o.toFix) {
    fixList = new FixList({
      ...(o.fullIds ? { fullIds: true } : {}),
      ruleTitles: new Map(builtInRules(form, true).map((r) => [r.id, r.title])),
      caption: [`待修改记录${o.title ? `：${o.title}` : ''}`, `数据文件：${basename(file)}${o.asOf ? `；标准时点：${o.asOf}` : ''}`],
    });
  }
  let bar: Progress | undefined;
  let result: CheckFileResult;
  try {
    result = await checkFile(file, {
      ...options,
      ...(fixList ? { onFindings: (f: RecordFindings) => fixList.add(f) } : {}),
      onNotice: io.stderr,
      ...(disc ? { onDiscrepancy: disc.onDiscrepancy } : {}),
      ...(rejects ? { onReject: rejects.onReject } : {}),
      onProgress: (p) => {
        bar ??= createProgress({ io, quiet: o.quiet, label: '校验', totalBytes: p.totalBytes });
        if (p.done) {
          bar.stop();
          bar = undefined;
        } else bar.update(p.rows, p.bytesRead);
      },
    });
  } catch (e) {
    bar?.stop();
    await rejects?.close(false);
    throw e;
  }
  await rejects?.close(true);
  const { rows: stats } = result;
  // The lists first, so that the report can name them.
  let lists: RoundListsWritten | undefined;
  if (o.roundLists && result.rounds) {
    const dir = pathIn(io, o.roundLists);
    lists = await writeRoundLists(dir, result.rounds, { ...(o.fullIds ? { fullIds: true } : {}), sourceFile: basename(file), asOf: result.rounds.reconciliation.asOf });
    if (result.report.rounds) result.report = { ...result.report, rounds: { ...result.report.rounds, lists: { files: lists.files.map((f) => relative(dir, f)), persons: lists.persons } } };
  }
  const withMeta = withRunMeta(result.report, { generatedAt: generatedDate() });
  const report = verification ? { ...withMeta, verification: reportVerificationOf(io, verification, withMeta.meta.input) } : withMeta;
  const shown = report;
  printReadSummary(io, stats, rejectsPath ? { rejectsPath } : {});
  // The summary is the result of a check written nowhere else; once the result goes to files, or
  // stdout carries data (`--json`, `--out -`), the lines for people go to stderr.
  const dataOnStdout = o.json === true || o.out.includes('-');
  const toFiles = o.out.some((p) => p !== '-') || Boolean(o.toFix || o.pdf || o.discrepancies || o.roundLists || o.rejects);
  const say = dataOnStdout || toFiles ? io.stderr : io.stdout;
  const written: { kind: string; path: string }[] = [];
  const c = report.counts;
  say(`校验完成：${c.read} 条记录，无问题 ${c.clean} 条，仅有警告 ${c.warningsOnly} 条，有错误 ${c.withErrors} 条，无法读取 ${c.unreadable} 条\n`);
  for (const d of report.departments) {
    const agreed = d.compared !== undefined ? `，两边一致 ${d.agreed} 人` : '';
    say(`  ${d.name}：匹配 ${d.matched} 人${agreed}，待核实差异 ${d.discrepancyCount} 条${d.agreementFindings ? `（另有两边一致但需关注 ${d.agreementFindings} 条，未列入清单）` : ''}\n`);
  }
  const rr = report.rounds;
  if (rr) {
    const by = rr.total.byClass;
    say(`与上一轮和底册比对：${rr.total.persons} 人，${rr.classes.map((c) => `${c.label} ${by[c.id] ?? 0}`).join('，')}\n`);
    if (!rr.checks.ok) io.stderr(`警告：比对计数未能相互核对：${rr.checks.problems.join('；')}\n`);
  }
  if (lists && o.roundLists) say(`轮次比对清单已写入 ${o.roundLists}（${lists.files.length - 1} 个乡镇工作簿及 轮次比对清单.csv，${lists.persons} 人）\n`);
  const top = report.rules.filter((r) => r.records > 0).sort((a, b) => b.records - a.records).slice(0, 10);
  if (top.length) {
    say('问题最多的规则：\n');
    for (const r of top) say(`  ${r.severity === 'error' ? '错误' : '警告'} ${r.id} ${r.title}：${r.records} 条\n`);
  }
  for (const p of o.out) {
    if (p === '-') {
      for (const piece of renderReportTo(shown, o.outFormat ?? 'json')) io.stdout(piece);
      continue;
    }
    await writeReport(shown, pathIn(io, p));
    written.push({ kind: 'report', path: p });
    say(`报告已写入 ${p}\n`);
  }
  if (fixList && o.toFix) {
    const { csv } = await fixList.write(pathIn(io, o.toFix));
    written.push({ kind: 'to-fix', path: o.toFix });
    say(`待修改记录已写入 ${o.toFix}（${fixList.size} 处；机器可读的 CSV：${basename(csv)}）\n`);
    if (o.fullIds) io.stderr('注意：--full-ids 使清单含完整身份证号，请按个人信息保密要求保管和传递\n');
  }
  if (o.pdf && chromium) {
    await writeReportPdf(shown, pathIn(io, o.pdf), chromium);
    written.push({ kind: 'pdf', path: o.pdf });
    say(`PDF 报告已写入 ${o.pdf}\n`);
  }
  if (discDir && disc) {
    const written = await disc.write(report.departments, report.meta.input?.sha256);
    for (const f of written.files) if (f.endsWith('.xlsx')) say(`部门待核实清单已写入 ${join(o.discrepancies!, relative(discDir, f))}（及同名 .csv）\n`);
    say(`清单说明已写入 ${join(o.discrepancies!, relative(discDir, written.manifest))}（canji verify 用它读回核实结果）\n`);
  }
  const problems = o.failOn === 'never' ? false : c.withErrors > 0 || c.unreadable > 0 || (o.failOn === 'warning' && c.withWarnings > 0);
  if (problems) io.stderr(`发现问题（--fail-on ${o.failOn}），退出码 1\n`);
  const code = problems ? EXIT.PROBLEMS : EXIT.OK;
  if (o.json) io.stdout(`${JSON.stringify(checkSummary(report, written, code))}\n`);
  return code;
}

/**
 * The machine-readable summary of `canji check --json` (one line of JSON on stdout): the counts,
 * the departments, the reconciliation totals, the files written and the exit code with what it means.
 */
export function checkSummary(report: CheckFileResult['report'], written: readonly { kind: string; path: string }[], exitCode: ExitCode) {
  return {
    tool: 'canji check',
    input: report.meta.input ?? null,
    formVersion: report.meta.formVersion,
    counts: report.counts,
    rules: report.rules.filter((r) => r.records > 0).map((r) => ({ id: r.id, severity: r.severity, records: r.records })),
    departments: report.departments.map((d) => ({ department: d.department, matched: d.matched, compared: d.compared ?? null, discrepancies: d.discrepancyCount })),
    rounds: report.rounds ? { persons: report.rounds.total.persons, byClass: report.rounds.total.byClass } : null,
    written,
    exitCode,
    exitMeaning: exitCode === EXIT.OK ? 'ok' : 'problems-found',
  };
}

/** The report as text in `format`, for `--out -` (identifiers masked, as in a file); JSON in pieces (a province's is too long for one string). */
function* renderReportTo(report: CheckFileResult['report'], format: 'json' | 'md' | 'csv' | 'html'): Generator<string, void, undefined> {
  const masked = maskReport(report);
  switch (format) {
    case 'md':
      return yield renderReportMarkdown(masked);
    case 'csv':
      return yield renderReportCsv(masked, { table: 'rules' });
    case 'html':
      return yield renderReportHtml(masked);
    default:
      yield* renderReportJsonChunks(masked, { indent: 2 });
      yield '\n';
  }
}

export { DEPARTMENT_NAMES };
