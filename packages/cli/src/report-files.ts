/** Writes a validation report as HTML, Markdown, JSON, CSV or XLSX, chosen by the file extension. */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { writeOutput } from './output-file.js';
import ExcelJS from 'exceljs';
import { maskIdentifier } from '@canji/id';
import { basisText, maskMessage, renderReportCsv, renderReportHtml, renderReportJson, renderReportMarkdown, type ValidationReport } from '@canji/rules';
import { CliError } from './io.js';

export const REPORT_FORMATS = ['.html', '.htm', '.md', '.json', '.csv', '.xlsx'] as const;

export function assertReportPath(path: string): void {
  const ext = extname(path).toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(ext)) {
    throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext || '无'}”输出报告：支持 .html、.md、.json、.csv、.xlsx`);
  }
}

const SEVERITY: Record<string, string> = { error: '错误', warning: '警告' };

async function reportXlsx(report: ValidationReport, path: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const summary = wb.addWorksheet('概况');
  const c = report.counts;
  summary.columns = [{ header: '项目', key: 'k', width: 24 }, { header: '数值', key: 'v', width: 40 }];
  for (const [k, v] of [
    ['标题', report.meta.title],
    ['规则集版本', report.meta.ruleSetVersion],
    ['登记表版本', report.meta.formVersion],
    ['参照日期', report.meta.referenceDate ?? ''],
    ['读取记录', c.read],
    ['无问题', c.clean],
    ['仅有警告', c.warningsOnly],
    ['有错误', c.withErrors],
    ['无法读取', c.unreadable],
  ] as const) summary.addRow({ k, v }).commit();
  summary.commit();
  const rules = wb.addWorksheet('按规则');
  rules.columns = [
    { header: '规则编号', key: 'id', width: 34 },
    { header: '说明', key: 'title', width: 50 },
    { header: '级别', key: 'sev', width: 8 },
    { header: '依据', key: 'basis', width: 50 },
    { header: '记录数', key: 'n', width: 10 },
  ];
  for (const r of report.rules) rules.addRow({ id: r.id, title: r.title, sev: SEVERITY[r.severity] ?? r.severity, basis: basisText(r.basis), n: r.records }).commit();
  rules.commit();
  const regions = wb.addWorksheet('按地区');
  regions.columns = [
    { header: '地区代码', key: 'code', width: 14 },
    { header: '地区', key: 'name', width: 30 },
    { header: '记录数', key: 'read', width: 10 },
    { header: '有错误', key: 'e', width: 10 },
    { header: '错误率', key: 'er', width: 10 },
    { header: '有警告', key: 'w', width: 10 },
  ];
  for (const r of report.regions) regions.addRow({ code: r.code, name: r.name ?? '', read: r.read, e: r.withErrors, er: r.errorRate, w: r.withWarnings }).commit();
  regions.commit();
  if (report.departments.length) {
    const d = wb.addWorksheet('部门比对差异');
    d.columns = [
      { header: '部门', key: 'dept', width: 28 },
      { header: '规则编号', key: 'rule', width: 30 },
      { header: '说明', key: 'msg', width: 50 },
      { header: '身份证号', key: 'key', width: 22 },
      { header: '序号', key: 'index', width: 8 },
      { header: '登记表', key: 'rec', width: 14 },
      { header: '部门数据', key: 'dv', width: 14 },
    ];
    for (const dep of report.departments) {
      for (const x of dep.discrepancies) {
        d.addRow({ dept: dep.name, rule: x.ruleId, msg: x.message, key: x.key, index: x.index + 1, rec: text(x.recorded), dv: text(x.departmentValue) }).commit();
      }
    }
    d.commit();
  }
  await wb.commit();
}

const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Masks ID numbers quoted inside example messages (a rule's message may quote the number it
 * compares, e.g. 公民身份号码 … 与残疾人证号前18位 … 不一致) and the discrepancies' match keys: no
 * report holds a raw ID number. The per-department lists (`--discrepancies`) are written apart.
 */
export function maskReportText(report: ValidationReport): ValidationReport {
  // ID numbers, the ID part of certificate numbers (20 characters) and other long digit runs (phones).
  const mask = (s: string) => maskMessage(s);
  const examples: ValidationReport['examples'] = {};
  for (const [id, list] of Object.entries(report.examples)) examples[id] = list.map((e) => ({ ...e, message: mask(e.message) }));
  // Discrepancy keys (the canonical ID the record was matched on) masked too: the report is not
  // the list a department verifies (`--discrepancies` writes those).
  const departments = report.departments.map((d) => ({ ...d, discrepancies: d.discrepancies.map((x) => ({ ...x, key: /^[\dXx]{15,20}$/.test(x.key) ? (maskIdentifier(x.key) ?? '') : x.key, message: mask(x.message) })) }));
  return { ...report, examples, departments, unreadable: report.unreadable.map((u) => ({ ...u, reason: mask(u.reason) })) };
}

/**
 * Writes a validation report to a file for people, the format chosen by the extension: `.html`
 * (print layout), `.md`, `.json`, `.csv` (the rules table) or `.xlsx` (typed cells). ID numbers
 * quoted in example messages are masked (see {@link maskReportText}); parent directories are
 * created. Another extension is a `USAGE_OUT_FORMAT` {@link CliError}.
 *
 * @example
 * ```ts
 * const { report } = await checkFile('county.csv');
 * await writeReport(report, 'out/校验报告.html');
 * ```
 */
export async function writeReport(full: ValidationReport, path: string): Promise<void> {
  const report = maskReportText(full);
  const ext = extname(path).toLowerCase();
  // Written under a temporary name and renamed when complete: never a half-written report.
  const write = (tmp: string): Promise<void> => {
    switch (ext) {
      case '.html':
      case '.htm':
        return writeFile(tmp, renderReportHtml(report));
      case '.md':
        return writeFile(tmp, renderReportMarkdown(report));
      case '.json':
        return writeFile(tmp, renderReportJson(report, { indent: 2 }));
      case '.csv':
        return writeFile(tmp, '\uFEFF' + renderReportCsv(report, { table: 'rules' }));
      case '.xlsx':
        return reportXlsx(report, tmp);
      default:
        throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext}”输出报告`);
    }
  };
  if (!(REPORT_FORMATS as readonly string[]).includes(ext)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext}”输出报告`);
  await writeOutput(path, write);
}
