/**
 * `canji check <file>`: the validation report (数据校验报告) of a batch — form, consistency, batch
 * and (with `--dept`) partner-department cross-check rules of `@canji/rules`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { getRegion, loadAllVillages, loadVillages, VillagesNotLoadedError } from '@canji/regions';
import {
  createBatchChecker,
  DEPARTMENT_NAMES,
  type DepartmentId,
  type DepartmentIndex,
  type Discrepancy,
  type RegionLevel,
  type ValidationReport,
} from '@canji/rules';
import { csvLine } from '../csv.js';
import { loadDepartment, parseDeptOption, printDepartmentSummary } from '../departments.js';
import { detectFileEncoding, type TextEncoding } from '../encoding.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { assertAsOf } from '../as-of.js';
import { printReadSummary, readPersonRecords, type ReadStats } from '../read.js';
import { assertReportPath, writeReport } from '../report-files.js';
import { formatOfPath, type FileFormat } from '../sources.js';
import { checkWithWorkers } from '../pool.js';
import { checkRuleSet, unreadableRow } from '../rule-set.js';

export type FailOn = 'error' | 'warning' | 'never';

export interface CheckOptions {
  form: string;
  asOf?: string;
  region?: string;
  dept: string[];
  out: string[];
  discrepancies?: string;
  rejects?: string;
  failOn: FailOn;
  encoding?: TextEncoding;
  format?: FileFormat;
  quiet: boolean;
  workers: number;
  title?: string;
  /** Region level the report counts by (default county). */
  level?: RegionLevel;
}

export const FORM_VERSIONS = ['2017'] as const;

/** Region names for the report, from the bundled region table: full names down to counties, own names below (the county is in the title). */
export const regionName = (code: string): string | undefined => {
  try {
    const r = getRegion(code);
    return r && (code.length > 6 ? r.name : r.fullName);
  } catch (e) {
    // A village whose province's table is not loaded: the report shows the code without a name.
    if (e instanceof VillagesNotLoadedError) return undefined;
    throw e;
  }
};

/** Loads the village tables a report by village needs: the batch region's province, or every province. */
async function loadVillagesFor(region: string | undefined): Promise<void> {
  if (region && /^\d{2}/.test(region)) await loadVillages(region.slice(0, 2));
  else await loadAllVillages();
}

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

/** Whether a text file is (or is said to be) UTF-16; false when it cannot be read (the reader reports why). */
async function isUtf16(path: string, encoding: TextEncoding | undefined): Promise<boolean> {
  if (encoding) return encoding === 'utf16le' || encoding === 'utf16be';
  try {
    const e = (await detectFileEncoding(path)).encoding;
    return e === 'utf16le' || e === 'utf16be';
  } catch {
    return false;
  }
}

export function validateCheckOptions(o: CheckOptions): void {
  if (!(FORM_VERSIONS as readonly string[]).includes(o.form)) throw new CliError('USAGE_FORM', `不支持的登记表版本“${o.form}”：可用 ${FORM_VERSIONS.join('、')}`);
  if (o.asOf !== undefined) assertAsOf(o.asOf);
  if (o.region !== undefined && !/^\d{2,12}$/.test(o.region)) throw new CliError('USAGE_REGION', `--region 应为 2–12 位区划代码（收到“${o.region}”）`);
  for (const p of o.out) assertReportPath(p);
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 64) throw new CliError('USAGE_WORKERS', `--workers 应为 1–64 的整数（收到“${o.workers}”）`);
}

export async function runCheck(io: CliIo, file: string, o: CheckOptions): Promise<ExitCode> {
  validateCheckOptions(o);
  const deptSpecs = o.dept.map(parseDeptOption);
  const departments: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  for (const { department, path } of deptSpecs) {
    const d = await loadDepartment(io, department, pathIn(io, path), { ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.asOf ? { asOf: o.asOf } : {}) });
    printDepartmentSummary(io, { ...d, path });
    departments[department] = d.index;
  }
  const discDir = o.discrepancies ? pathIn(io, o.discrepancies) : undefined;
  if (discDir) await mkdir(discDir, { recursive: true });
  const disc = discrepancyWriter(discDir);
  const context = {
    formVersion: o.form,
    ...(o.asOf ? { referenceDate: o.asOf } : {}),
    ...(o.region ? { batchRegion: o.region } : {}),
    ...(deptSpecs.length ? { departments } : {}),
  };
  const meta = { ...(o.title ? { title: o.title } : {}) };
  if (o.level === 'village') await loadVillagesFor(o.region);
  const input = pathIn(io, file);
  const rejectsPath = o.rejects ? pathIn(io, o.rejects) : undefined;
  let report: ValidationReport;
  let stats: ReadStats;
  let workers = o.workers;
  if (workers > 1 && (o.format ?? formatOfPath(input)) === 'xlsx') {
    io.stderr('提示：XLSX 文件按行流式读取，不分给多个线程；按单线程校验\n');
    workers = 1;
  }
  if (workers > 1 && (await isUtf16(input, o.encoding))) {
    io.stderr('提示：UTF-16 文件先转成 UTF-8 再读，不分给多个线程；按单线程校验\n');
    workers = 1;
  }
  if (workers > 1) {
    ({ report, stats } = await checkWithWorkers(io, input, {
      workers,
      context,
      meta,
      ...(o.level ? { regionLevel: o.level } : {}),
      form: o.form,
      withDepartments: deptSpecs.length > 0,
      ...(disc.onDiscrepancy ? { onDiscrepancy: disc.onDiscrepancy } : {}),
      quiet: o.quiet,
      ...(o.encoding ? { encoding: o.encoding } : {}),
      ...(o.format ? { format: o.format } : {}),
      ...(rejectsPath ? { rejectsPath } : {}),
    }));
  } else {
    const reader = await readPersonRecords(io, input, {
      quiet: o.quiet,
      label: '校验',
      requiredKeys: ['resident_id'],
      ...(o.encoding ? { encoding: o.encoding } : {}),
      ...(o.format ? { format: o.format } : {}),
      ...(rejectsPath ? { rejectsPath } : {}),
    });
    const checker = createBatchChecker({
      rules: checkRuleSet(o.form, deptSpecs.length > 0),
      context,
      regionName,
      meta,
      ...(o.level ? { regionLevel: o.level } : {}),
      ...(disc.onDiscrepancy ? { onDiscrepancy: disc.onDiscrepancy } : {}),
    });
    await reader.forEach((item) => void checker.add('record' in item ? item.record : unreadableRow(item.rowNumber, item.reject)));
    report = checker.report();
    stats = reader.stats;
  }
  await disc.close();
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
  if (discDir) for (const f of disc.files()) io.stdout(`部门差异清单已写入 ${join(o.discrepancies!, basename(f))}\n`);
  const problems = o.failOn === 'never' ? false : c.withErrors > 0 || c.unreadable > 0 || (o.failOn === 'warning' && c.withWarnings > 0);
  if (problems) io.stderr(`发现问题（--fail-on ${o.failOn}），退出码 1\n`);
  return problems ? EXIT.PROBLEMS : EXIT.OK;
}

export { DEPARTMENT_NAMES };
