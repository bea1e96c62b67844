/**
 * `canji check <file>`: the validation report (数据校验报告) of a batch — {@link checkFile} with
 * the options of the command line, then the summary, the report files, the department
 * discrepancy lists and the exit code.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DEPARTMENT_NAMES } from '@canji/form';
import type { DepartmentId, Discrepancy, RegionLevel } from '@canji/rules';
import { checkFile, FORM_VERSIONS, regionName, validateCheckFileOptions, type CheckFileOptions, type CheckFileResult, type RecordFindings } from '../check-file.js';
import { FixList } from '../fix-list.js';
import { checkOutputDir, checkOutputPath } from '../output-file.js';
import { csvLine } from '../csv.js';
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
import type { FileFormat } from '../sources.js';

export type FailOn = 'error' | 'warning' | 'never';

export interface CheckOptions {
  /** `--form 2016|2017|2021`; absent: recognised from the header. */
  form?: string;
  /** Local rule files (`--rules`), added to the built-in rules. */
  rules?: string[];
  asOf?: string;
  region?: string;
  dept: string[];
  out: string[];
  discrepancies?: string;
  /** The list of records to fix (`--to-fix FILE.xlsx`, with FILE.csv beside it). */
  toFix?: string;
  /** Full ID numbers in the lists for people (`--full-ids`); masked by default. */
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
}

export { FORM_VERSIONS, regionName };

const DISC_HEADER = ['row_index', 'rule_id', 'message', 'resident_id', 'region_code', 'recorded', 'department_value'];

/** Writes each department's discrepancies to `DIR/<department>.csv` as they are found. */
function discrepancyWriter(dir: string | undefined) {
  const files = new Map<DepartmentId, WriteStream>();
  return {
    onDiscrepancy: dir
      ? (d: Discrepancy) => {
          let f = files.get(d.department);
          if (!f) {
            f = createWriteStream(join(dir, `${d.department}.csv`));
            f.write('\uFEFF' + csvLine(DISC_HEADER));
            files.set(d.department, f);
          }
          f.write(csvLine([d.index + 1, d.ruleId, d.message, d.key, d.regionCode ?? '', d.recorded, d.departmentValue]));
        }
      : undefined,
    close: () => Promise.all([...files.values()].map((f) => new Promise<void>((res) => f.end(() => res())))),
    files: () => [...files.keys()].map((d) => join(dir!, `${d}.csv`)),
  };
}

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
    workers: o.workers,
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.format ? { format: o.format } : {}),
    ...(o.title ? { title: o.title } : {}),
    cwd: io.cwd,
  };
}

export function validateCheckOptions(o: CheckOptions): void {
  validateCheckFileOptions({ ...(o.form !== undefined ? { formVersion: o.form } : {}), workers: o.workers, ...(o.asOf ? { asOf: o.asOf } : {}), ...(o.region ? { region: o.region } : {}) });
  for (const p of o.out) assertReportPath(p);
  if (o.toFix !== undefined && !/\.xlsx$/i.test(o.toFix)) throw new CliError('USAGE_OUT_FORMAT', `--to-fix 应为 .xlsx 文件（同名 .csv 写在旁边）：收到“${o.toFix}”`);
}

/** Every output path of the command, checked before any work (exit code 3 when one cannot be written). */
function checkOutputs(io: CliIo, o: CheckOptions): void {
  for (const p of o.out) checkOutputPath(pathIn(io, p));
  if (o.toFix) {
    checkOutputPath(pathIn(io, o.toFix));
    checkOutputPath(pathIn(io, o.toFix.replace(/\.xlsx$/i, '.csv')));
  }
  if (o.rejects) checkOutputPath(pathIn(io, o.rejects));
  if (o.pdf) checkOutputPath(pathIn(io, o.pdf));
  if (o.discrepancies) checkOutputDir(pathIn(io, o.discrepancies));
}

export async function runCheck(io: CliIo, file: string, o: CheckOptions): Promise<ExitCode> {
  validateCheckOptions(o);
  checkOutputs(io, o);
  const chromium = o.pdf ? assertPdfOutput(pathIn(io, o.pdf)) : undefined;
  const options = checkFileOptions(io, o);
  // Rule files first: a mistake in one is found before the department extracts are read. Each
  // rule is checked against the form versions it names (`formVersions`).
  const form = o.form ?? '2017';
  const ruleFiles = await loadRuleFiles(io, o.rules ?? [], form, builtInRules(form, true).map((r) => r.id));
  ruleFileNotices(io, ruleFiles, new Set(Object.keys(options.departments ?? {}) as DepartmentId[]));
  if (ruleFiles.length) options.ruleFiles = ruleFiles.map((f) => ({ name: f.file.name, file: f.file }));
  const discDir = o.discrepancies ? pathIn(io, o.discrepancies) : undefined;
  if (discDir) await mkdir(discDir, { recursive: true });
  const disc = discrepancyWriter(discDir);
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
      ...(disc.onDiscrepancy ? { onDiscrepancy: disc.onDiscrepancy } : {}),
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
    await disc.close();
    throw e;
  }
  await rejects?.close(true);
  await disc.close();
  const { rows: stats } = result;
  const report = withRunMeta(result.report, { generatedAt: generatedDate() });
  printReadSummary(io, stats, rejectsPath ? { rejectsPath } : {});
  const c = report.counts;
  io.stdout(`校验完成：${c.read} 条记录，无问题 ${c.clean} 条，仅有警告 ${c.warningsOnly} 条，有错误 ${c.withErrors} 条，无法读取 ${c.unreadable} 条\n`);
  for (const d of report.departments) io.stdout(`  ${d.name}：匹配 ${d.matched} 人，待核实差异 ${d.discrepancyCount} 条\n`);
  const top = report.rules.filter((r) => r.records > 0).sort((a, b) => b.records - a.records).slice(0, 10);
  if (top.length) {
    io.stdout('问题最多的规则：\n');
    for (const r of top) io.stdout(`  ${r.severity === 'error' ? '错误' : '警告'} ${r.id} ${r.title}：${r.records} 条\n`);
  }
  for (const p of o.out) {
    await writeReport(report, pathIn(io, p));
    io.stdout(`报告已写入 ${p}\n`);
  }
  if (fixList && o.toFix) {
    const { csv } = await fixList.write(pathIn(io, o.toFix));
    io.stdout(`待修改记录已写入 ${o.toFix}（${fixList.size} 处；机器可读的 CSV：${basename(csv)}）\n`);
    if (o.fullIds) io.stderr('注意：--full-ids 使清单含完整身份证号，请按个人信息保密要求保管和传递\n');
  }
  if (o.pdf && chromium) {
    await writeReportPdf(report, pathIn(io, o.pdf), chromium);
    io.stdout(`PDF 报告已写入 ${o.pdf}\n`);
  }
  if (discDir) for (const f of disc.files()) io.stdout(`部门差异清单已写入 ${join(o.discrepancies!, basename(f))}\n`);
  const problems = o.failOn === 'never' ? false : c.withErrors > 0 || c.unreadable > 0 || (o.failOn === 'warning' && c.withWarnings > 0);
  if (problems) io.stderr(`发现问题（--fail-on ${o.failOn}），退出码 1\n`);
  return problems ? EXIT.PROBLEMS : EXIT.OK;
}

export { DEPARTMENT_NAMES };
