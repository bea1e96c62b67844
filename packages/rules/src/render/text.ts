import { jsonChunks } from './json-chunks.js';
import { DEPARTMENT_NAMES } from '@canji/form';
import { extraSectionsOf, type ReportWithSections } from './sections.js';
import { basisText, citedSources } from './basis.js';
import { REGION_LEVEL_NAMES, type ValidationReport } from '../report.js';
import { roundsMarkdown } from './rounds.js';

const SEVERITY_ZH = { error: '错误', warning: '警告' } as const;
const CERTAINTY_ZH = { official: '正式文件', '2+': '多源印证', '1': '单一来源', inf: '推断' } as const;
const SCOPE_ZH = { record: '单条记录', 'cross-check': '部门比对', batch: '批次', 'year-on-year': '年度比对' } as const;

/** @internal */
export const ZH = { SEVERITY_ZH, CERTAINTY_ZH, SCOPE_ZH };


import { pct } from './pct.js';

/**
 * The report as JSON (stable key order as built; pretty-printed by default).
 *
 * @example
 * ```ts
 * JSON.parse(renderReportJson(report)).counts.read === report.counts.read; //=> true
 * ```
 */
export function renderReportJson(report: ValidationReport, opts: { indent?: number } = {}): string {
  return JSON.stringify(report, null, opts.indent ?? 2);
}

/**
 * {@link renderReportJson} in pieces (joined, they are its text): for a report too large to hold
 * as one string — a province's department discrepancies (see {@link jsonChunks}).
 *
 * @example
 * ```ts
 * for (const piece of renderReportJsonChunks(report)) writeSync(fd, piece);
 * ```
 */
export function renderReportJsonChunks(report: ValidationReport, opts: { indent?: number } = {}): Generator<string, void, undefined> {
  return jsonChunks(report, opts.indent ?? 2);
}

function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  if (/^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Which table {@link renderReportCsv} writes. */
export type ReportCsvTable = 'rules' | 'regions' | 'discrepancies';

/**
 * One table of the report as CSV (RFC 4180, CRLF, cells that a spreadsheet would take for a
 * formula are quoted with a leading `'`):
 * - `rules` (default): one row per rule and region, `rule_id,title,severity,scope,department,region_code,records`;
 * - `regions`: `region_code,region_name,read,with_errors,with_warnings,error_rate,warning_rate`;
 * - `discrepancies`: the departments' lists, `department,rule_id,message,key,index,region_code,recorded,department_value`.
 *
 * @example
 * ```ts
 * renderReportCsv(report, { table: 'regions' }).split('\r\n')[0];
 * //=> 'region_code,region_name,read,with_errors,with_warnings,error_rate,warning_rate'
 * ```
 */
export function renderReportCsv(report: ValidationReport, opts: { table?: ReportCsvTable } = {}): string {
  const table = opts.table ?? 'rules';
  switch (table) {
    case 'rules': {
      const rows: unknown[][] = [['rule_id', 'title', 'severity', 'scope', 'department', 'region_code', 'records']];
      for (const r of report.rules) {
        rows.push([r.id, r.title, r.severity, r.scope, r.department ?? '', '*', r.records]);
        for (const [code, n] of Object.entries(r.byRegion)) rows.push([r.id, r.title, r.severity, r.scope, r.department ?? '', code, n]);
      }
      return csv(rows);
    }
    case 'regions': {
      const rows: unknown[][] = [['region_code', 'region_name', 'read', 'with_errors', 'with_warnings', 'error_rate', 'warning_rate']];
      for (const g of report.regions) rows.push([g.code, g.name ?? '', g.read, g.withErrors, g.withWarnings, g.errorRate.toFixed(6), g.warningRate.toFixed(6)]);
      return csv(rows);
    }
    case 'discrepancies': {
      const rows: unknown[][] = [['department', 'rule_id', 'message', 'key', 'index', 'region_code', 'recorded', 'department_value']];
      for (const d of report.departments)
        for (const x of d.discrepancies) rows.push([x.department, x.ruleId, x.message, x.key, x.index, x.regionCode ?? '', x.recorded, x.departmentValue]);
      return csv(rows);
    }
    default:
      return table satisfies never;
  }
}

/**
 * Text for Markdown, inert: HTML's `& < >` as entities (a cell or a `--title` holding `<script>`
 * renders as text, never as HTML), the characters that open links, code spans and table cells
 * backslash-escaped, line breaks as spaces.
 */
function mdCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`[\]|])/g, '\\$1')
    .replace(/\r\n?|\n/g, ' ');
}

/** A rule id as a code span when it is a plain identifier (built-in ids are), else as escaped text. */
const mdId = (id: string): string => (/^[\w.:-]+$/.test(id) ? `\`${id}\`` : mdCell(id));

/**
 * The report as Markdown (zh-CN headings): run metadata, counts, rules with counts, regions with
 * error rates, masked examples, and per-department discrepancy counts.
 *
 * @example
 * ```ts
 * renderReportMarkdown(report).startsWith('# 残疾人基本服务状况和需求信息数据动态更新 数据校验报告'); //=> true
 * ```
 */
export function renderReportMarkdown(report: ReportWithSections): string {
  const { meta, counts } = report;
  const out: string[] = [`# ${mdCell(meta.title)}`, ''];
  const unit = meta.reportingUnit;
  if (unit) out.push(`- 填报单位：${mdCell(unit.name ?? '')}（${mdCell(unit.code)}）${unit.derived ? '（按记录最多的地区）' : ''}`);
  if (meta.input) out.push(`- 数据文件：${mdCell(meta.input.name)}（SHA-256 ${mdCell(meta.input.sha256)}）`);
  out.push(`- 规则集版本：${mdCell(meta.ruleSetVersion)}`, `- 登记表版本：${mdCell(meta.formVersion)}`);
  if (meta.regionTableVersion) out.push(`- 区划代码表版本：${mdCell(meta.regionTableVersion)}`);
  if (meta.referenceDate) out.push(`- 标准时点（年龄计算日）：${mdCell(meta.referenceDate)}`);
  if (meta.batchRegion) out.push(`- 批次地区代码：${mdCell(meta.batchRegion)}`);
  if (meta.generatedAt) out.push(`- 生成时间：${mdCell(meta.generatedAt)}`);
  out.push(`- 分地区统计层级：${REGION_LEVEL_NAMES[meta.regionLevel]}`, '');
  out.push('## 总体情况', '', '| 项目 | 记录数 |', '| --- | ---: |');
  out.push(
    `| 读取记录 | ${counts.read} |`,
    `| 无问题 | ${counts.clean} |`,
    `| 仅有警告 | ${counts.warningsOnly} |`,
    `| 有错误 | ${counts.withErrors} |`,
    `| 无法读取 | ${counts.unreadable} |`,
    `| 通过（无错误） | ${counts.valid} |`,
    '',
    `读取记录 = 无问题 + 仅有警告 + 有错误 + 无法读取。共发现错误 ${counts.errors} 处、警告 ${counts.warnings} 处。`,
    '',
  );
  const col = report.collection;
  if (col) {
    out.push(
      '## 入户调查',
      '',
      `入户调查率 ${pct(col.homeVisitRate)}（入户调查 ${col.homeVisits} 人 / 应调查 ${col.records} 人），要求不低于 ${pct(col.target.rate)}（依据：${mdCell(col.target.document)}${col.target.unverified ? '（未核实）' : ''}；来源 ${mdCell(col.target.sources.join('、'))}）：${col.homeVisitRate >= col.target.rate ? '达到要求' : '未达到要求'}。`,
      '',
    );
  }
  out.push('## 按规则统计', '', '| 规则 | 说明 | 级别 | 依据 | 依据可靠性 | 类型 | 记录数 |', '| --- | --- | --- | --- | --- | --- | ---: |');
  for (const r of report.rules) {
    out.push(`| ${mdId(r.id)} | ${mdCell(r.title)} | ${SEVERITY_ZH[r.severity]} | ${mdCell(basisText(r.basis))}${r.basis.sources?.length ? `（来源：${mdCell(r.basis.sources.join('、'))}）` : ''} | ${CERTAINTY_ZH[r.certainty]} | ${SCOPE_ZH[r.scope]}${r.department ? `（${DEPARTMENT_NAMES[r.department]}）` : ''} | ${r.records} |`);
  }
  out.push('', `## 分地区（${REGION_LEVEL_NAMES[meta.regionLevel]}）`, '', '| 地区代码 | 地区 | 记录数 | 有错误 | 错误率 | 有警告 | 警告率 |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const g of report.regions) {
    out.push(`| ${mdCell(g.code || '—')} | ${mdCell(g.name ?? '')} | ${g.read} | ${g.withErrors} | ${pct(g.errorRate)} | ${g.withWarnings} | ${pct(g.warningRate)} |`);
  }
  const exIds = Object.keys(report.examples);
  if (exIds.length) {
    out.push('', '## 问题示例（已脱敏）', '');
    // The file row as the clerk sees it when the reader gave it (as in the HTML report), else the record's position.
    const byRow = Object.values(report.examples).every((l) => l.every((e) => e.rowNumber !== undefined));
    for (const id of exIds) {
      out.push(`### ${mdId(id)}`, '', `| ${byRow ? '行号' : '记录序号'} | 地区代码 | 身份证号 | 姓名 | 说明 |`, '| ---: | --- | --- | --- | --- |');
      for (const e of report.examples[id]!) out.push(`| ${e.rowNumber ?? e.index + 1} | ${mdCell(e.regionCode ?? '')} | ${mdCell(e.residentId ?? '')} | ${mdCell(e.name ?? '')} | ${mdCell(e.message)} |`);
      out.push('');
    }
  }
  if (report.unreadable.length) {
    out.push('## 无法读取的记录', '', '| 序号 | 原因 |', '| ---: | --- |');
    for (const u of report.unreadable) out.push(`| ${u.index + 1} | ${mdCell(u.reason)} |`);
    out.push('');
  }
  if (report.departments.length) {
    out.push('## 部门比对', '', '| 部门 | 部门数据人数 | 匹配记录 | 待核实差异 |', '| --- | ---: | ---: | ---: |');
    for (const d of report.departments) out.push(`| ${mdCell(d.name)} | ${d.indexSize} | ${d.matched} | ${d.discrepancyCount}${d.truncated ? '（清单已截断）' : ''} |`);
    out.push('', '差异清单见 CSV（`discrepancies` 表）或 JSON 报告。', '');
  }
  const p = report.previousRound;
  const rounds = roundsMarkdown(report.rounds);
  if (p || rounds.length) {
    const [head, blank, ...rest] = rounds.length ? rounds : ['## 与上一轮和底册比对', ''];
    out.push(head!, blank!);
    if (p) out.push(`年度比对：上一轮（${mdCell(p.formVersion)} 版）${p.persons} 人；本轮有可用身份证号的记录 ${p.keyed} 条，其中 ${p.matched} 条在上一轮找到并按年度比对规则检查。`, '');
    out.push(...rest);
  }
  for (const s of extraSectionsOf(report)) {
    out.push(`## ${mdCell(s.title)}`, '');
    for (const p of s.paragraphs ?? []) out.push(mdCell(p), '');
    if (s.rows.length) {
      out.push(`| ${s.columns.map((c) => mdCell(c.header)).join(' | ')} |`, `| ${s.columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`);
      for (const r of s.rows) out.push(`| ${r.map((v) => mdCell(v === null ? '' : String(v))).join(' | ')} |`);
      out.push('');
    }
    if (s.note) out.push(mdCell(s.note), '');
  }
  const cited = citedSources(report.rules.map((r) => r.basis));
  if (cited.length) {
    out.push('## 附：规则依据的来源', '', '| 编号 | 标题 | 发布者 | 文号 | 日期 |', '| --- | --- | --- | --- | --- |');
    for (const s of cited) out.push(`| ${mdCell(s.id)} | ${mdCell(s.title)}${s.verified ? '' : '（未核实）'} | ${mdCell(s.issuer)} | ${mdCell(s.number)} | ${mdCell(s.date)} |`);
    out.push('', '编号为 canji 来源清单的编号，清单列出每项来源的可读处。“未核实”：文号、标题或日期未见于可靠来源。', '');
  }
  return out.join('\n');
}
