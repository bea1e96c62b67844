/**
 * The HTML 数据校验报告: one self-contained page laid out for A4 print (see `print.ts` for the
 * stylesheet), in the order an official reads and signs it: title block, 总体情况, 入户调查与采集
 * 方式, 各地区校验结果, the rules that found something, examples, unreadable rows, department
 * comparison and verification, sources, and the signature and stamp block.
 */
import { codes, DEPARTMENT_NAMES, isSourceId } from '@canji/form';
import type { RuleBasis } from '../model.js';
import { basisText, citedSources } from './basis.js';
import { PRINT_CSS } from './print.js';
import { REGION_LEVEL_NAMES, type ReportRegion, type ValidationReport } from '../report.js';
import { pct } from './pct.js';
import { ZH } from './text.js';
import { roundsHtml } from './rounds.js';
import { extraSectionsOf, type ReportWithSections } from './sections.js';

function esc(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A table with fixed column widths (`widths` in mm; `''` = the rest) and a repeated header row. */
function table(cls: string, head: readonly [label: string, width: string][], rows: readonly string[]): string {
  const cols = head.map(([, w]) => (w ? `<col style="width:${w}mm">` : '<col>')).join('');
  const ths = head.map(([l]) => `<th>${l}</th>`).join('');
  return `<table class="${cls}"><colgroup>${cols}</colgroup><thead><tr>${ths}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const td = (v: unknown, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${esc(v)}</td>`;
const num = (n: number) => `<td class="n">${n}</td>`;
const regionLabel = (r: Pick<ReportRegion, 'code' | 'name'>) => (r.code ? `${r.name ? `${r.name} ` : ''}${r.code}` : '地区不详');

/**
 * Horizontal bar chart of error rates (and, unless `warnings: false`, warning rates) by region as
 * inline SVG (no script, no external assets), regions in code order, at most `max` regions.
 *
 * @example
 * ```ts
 * errorRateChartSvg(report.regions).startsWith('<svg'); //=> true
 * ```
 */
export function errorRateChartSvg(regions: readonly ReportRegion[], opts: { max?: number; width?: number; warnings?: boolean } = {}): string {
  const rows = regions.slice(0, opts.max ?? 40);
  const withWarnings = opts.warnings !== false;
  const width = opts.width ?? 640;
  const labelW = 190;
  const valueW = 60;
  const barMax = width - labelW - valueW;
  const barH = withWarnings ? 7 : 12;
  const rowH = withWarnings ? 19 : 17;
  const top = 20;
  const height = top + rows.length * rowH + 6;
  const maxRate = Math.max(0.0001, ...rows.map((r) => Math.max(r.errorRate, withWarnings ? r.warningRate : 0)));
  const scale = maxRate > 0.5 ? 1 : Math.min(1, Math.ceil(maxRate * 10) / 10 || 0.1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="各地区错误率">`,
    `<text x="${labelW}" y="12" font-size="11" fill="#555">0</text>`,
    `<text x="${labelW + barMax}" y="12" font-size="11" fill="#555" text-anchor="end">${pct(scale)}</text>`,
    `<line x1="${labelW}" y1="${top - 4}" x2="${labelW}" y2="${height - 4}" stroke="#999"/>`,
  ];
  const bar = (y: number, rate: number, color: string, tip: string) => {
    const w = Math.max(0, Math.min(barMax, (rate / scale) * barMax));
    parts.push(
      `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${color}"><title>${esc(tip)}</title></rect>`,
      `<text x="${labelW + w + 4}" y="${y + barH - 1}" font-size="9">${pct(rate)}</text>`,
    );
  };
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const label = `${r.code || '地区不详'}${r.name ? ` ${r.name}` : ''}`;
    parts.push(`<text x="${labelW - 6}" y="${y + (withWarnings ? 11 : 12)}" font-size="11" text-anchor="end">${esc(label.length > 18 ? `${label.slice(0, 17)}…` : label)}</text>`);
    bar(y + 1, r.errorRate, '#c0392b', `${label} 错误率 ${pct(r.errorRate)}（${r.withErrors}/${r.read}）`);
    if (withWarnings) bar(y + 1 + barH + 1, r.warningRate, '#e6b34d', `${label} 警告率 ${pct(r.warningRate)}（${r.withWarnings}/${r.read}）`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Options of {@link renderReportHtml}.
 *
 * @example
 * ```ts
 * renderReportHtml(report, { examplesPerRule: 5, maxChartRegions: 60 });
 * ```
 */
export interface ReportHtmlOptions {
  /** Regions drawn in the chart (default 40; the table lists them all). */
  maxChartRegions?: number;
  /** Examples printed per rule (default 2, at most the report's `examplesPerRule`). */
  examplesPerRule?: number;
}

function titleBlock(report: ValidationReport): string {
  const m = report.meta;
  const unit = m.reportingUnit ? `${m.reportingUnit.name ?? ''}（${m.reportingUnit.code}）${m.reportingUnit.derived ? '<span class="note">（按记录最多的地区）</span>' : ''}` : '';
  const cell = (k: string, v: string | undefined, raw = false) => `<th>${k}</th><td>${v === undefined ? '' : raw ? v : esc(v)}</td>`;
  const rows = [
    `<tr>${cell('填报单位', unit, true)}${cell('标准时点', m.referenceDate ?? '按各记录的标准时点')}</tr>`,
    `<tr>${cell('数据文件', m.input?.name ?? '')}${cell('生成日期', m.generatedAt ?? '')}</tr>`,
    `<tr><th>SHA-256</th><td colspan="3" class="hash">${esc(m.input?.sha256 ?? '（未提供）')}</td></tr>`,
    `<tr>${cell('规则集版本', m.ruleSetVersion)}${cell('登记表版本', `${m.formVersion} 版`)}</tr>`,
    `<tr>${cell('区划代码表', m.regionTableVersion ?? '@canji/regions')}${cell('统计层级', REGION_LEVEL_NAMES[m.regionLevel])}</tr>`,
  ];
  if (m.batchRegion) rows.push(`<tr>${cell('批次地区代码', m.batchRegion)}<th></th><td></td></tr>`);
  return `<h1>${esc(m.title)}</h1><table class="meta"><colgroup><col style="width:24mm"><col><col style="width:22mm"><col style="width:44mm"></colgroup>${rows.join('')}</table>`;
}

function overview(report: ValidationReport): string {
  const c = report.counts;
  const share = (n: number) => (c.read ? pct(n / c.read) : '—');
  const rows = (
    [
      ['读取记录', c.read],
      ['无问题', c.clean],
      ['仅有警告', c.warningsOnly],
      ['有错误', c.withErrors],
      ['无法读取', c.unreadable],
    ] as const
  ).map(([k, n]) => `<tr>${td(k)}${num(n)}<td class="n">${share(n)}</td></tr>`);
  return (
    '<h2>一、总体情况</h2>' +
    table('overview', [['项目', '40'], ['记录数', '30'], ['占比', '30']], rows) +
    `<p class="note">读取记录 = 无问题 + 仅有警告 + 有错误 + 无法读取。共发现错误 ${c.errors} 处、警告 ${c.warnings} 处。错误须更正后方可上报；警告请核实。</p>`
  );
}

/** Code columns of a code list, in list order, plus `''` (未填) and any other code met. */
function codeColumns(list: { entries: readonly { code: string | number; label: string | null }[] }, seen: Readonly<Record<string, number>>): [code: string, label: string][] {
  const known = list.entries.map((e) => [String(e.code), e.label ?? String(e.code)] as [string, string]);
  const other = Object.keys(seen).filter((k) => k !== '' && !known.some(([c]) => c === k));
  return [...known, ...other.map((k) => [k, `代码 ${k}`] as [string, string]), ['', '未填']];
}

function collection(report: ValidationReport): string {
  const col = report.collection;
  if (!col) return '';
  const t = col.target;
  const basis = `${t.document}${t.unverified ? '（未核实）' : ''}`;
  const modes = codeColumns(codes.collectionMode, col.modes).filter(([k]) => k !== '' || col.modes[''] !== undefined);
  const channels = codeColumns(codes.collectionChannel, col.channels).filter(([k]) => k !== '' || col.channels[''] !== undefined);
  const modeW = Math.max(12, Math.floor(70 / modes.length));
  const chanW = Math.max(12, Math.floor(36 / channels.length));
  const line = (label: string, read: number, m: Readonly<Record<string, number>>, ch: Readonly<Record<string, number>>, home: number) => {
    const rate = read ? home / read : 0;
    const ok = rate >= t.rate;
    return (
      `<tr>${td(label)}${num(read)}${modes.map(([k]) => num(m[k] ?? 0)).join('')}` +
      `<td class="n${ok ? '' : ' warning'}">${read ? pct(rate) : '—'}${read ? (ok ? '' : ' 未达到') : ''}</td>${channels.map(([k]) => num(ch[k] ?? 0)).join('')}</tr>`
    );
  };
  const rows = report.regions.map((r) => line(regionLabel(r), r.read, r.collectionModes ?? {}, r.collectionChannels ?? {}, (r.collectionModes ?? {})['1'] ?? 0));
  rows.push(line('合计', col.records, col.modes, col.channels, col.homeVisits).replace('<tr>', '<tr class="total">'));
  const below = report.regions.filter((r) => r.code && r.read && ((r.collectionModes ?? {})['1'] ?? 0) / r.read < t.rate);
  return (
    `<h2>二、入户调查与采集方式（${REGION_LEVEL_NAMES[report.meta.regionLevel]}）</h2>` +
    `<p>入户调查率 <b>${pct(col.homeVisitRate)}</b>（入户调查 ${col.homeVisits} 人 / 应调查 ${col.records} 人），要求不低于 ${pct(t.rate)}（依据：${esc(basis)}；来源 ${esc(t.sources.join('、'))}）：${col.homeVisitRate >= t.rate ? '达到要求' : '<span class="warning">未达到要求</span>'}。` +
    `${below.length ? `未达到要求的${REGION_LEVEL_NAMES[report.meta.regionLevel]} ${below.length} 个。` : ''}</p>` +
    table('collection', [['地区', ''], ['应调查', '15'], ...modes.map(([, l]) => [esc(l), String(modeW)] as [string, string]), ['入户调查率', '22'], ...channels.map(([, l]) => [esc(l), String(chanW)] as [string, string])], rows) +
    '<p class="note">应调查：本批次可读取的全部记录（含核查状态不为“正常”者）；入户调查率 = 调查方式为“入户调查”的记录 / 应调查。采集渠道的代码值为本项目约定。</p>'
  );
}

function regionsSection(report: ValidationReport, chartMax: number): string {
  const level = REGION_LEVEL_NAMES[report.meta.regionLevel];
  const rows = report.regions.map(
    (g) => `<tr>${td(regionLabel(g))}${num(g.read)}${num(g.withErrors)}<td class="n">${pct(g.errorRate)}</td>${num(g.withWarnings)}<td class="n">${pct(g.warningRate)}</td></tr>`,
  );
  return (
    `<h2>三、各地区校验结果（${level}）</h2>` +
    `<figure><div class="legend"><i style="background:#c0392b"></i>有错误的记录占比<i style="background:#e6b34d"></i>有警告的记录占比</div>${errorRateChartSvg(report.regions, { max: chartMax })}` +
    (report.regions.length > chartMax ? `<figcaption class="note">图中只列出前 ${chartMax} 个地区，完整数据见下表。</figcaption>` : '') +
    '</figure>' +
    table('regions', [['地区', ''], ['记录数', '18'], ['有错误', '18'], ['错误率', '18'], ['有警告', '18'], ['警告率', '18']], rows)
  );
}

/** Rules that found something (errors first, most records first); the others summarised on one line. */
function rulesSection(report: ValidationReport): string {
  const { SEVERITY_ZH, SCOPE_ZH, CERTAINTY_ZH } = ZH;
  const hit = report.rules.filter((r) => r.records > 0).sort((a, b) => (a.severity === b.severity ? b.records - a.records : a.severity === 'error' ? -1 : 1));
  const quiet = report.rules.filter((r) => r.records === 0);
  const rows = hit.map((r) => {
    const dept = r.department ? `（${DEPARTMENT_NAMES[r.department]}）` : '';
    const src = r.basis.sources?.length ? `来源：${esc(r.basis.sources.join('、'))}；` : '';
    return `<tr><td>${esc(r.title)}<br><span class="id">${esc(r.id)}</span></td><td class="${r.severity}">${SEVERITY_ZH[r.severity]}</td>${td(`${SCOPE_ZH[r.scope]}${dept}`)}<td>${esc(basisText(r.basis))}<span class="note">（${src}可靠性：${CERTAINTY_ZH[r.certainty]}）</span></td>${num(r.records)}</tr>`;
  });
  const byScope = (['record', 'batch', 'cross-check', 'year-on-year'] as const).map((s) => [SCOPE_ZH[s], quiet.filter((r) => r.scope === s).length] as const).filter(([, n]) => n > 0);
  return (
    `<h2>四、发现问题的规则（${hit.length} 条）</h2>` +
    (hit.length ? table('rules', [['规则（说明、编号）', ''], ['级别', '11'], ['类型', '19'], ['依据', '78'], ['记录数', '14']], rows) : '<p>各条规则均未发现问题。</p>') +
    (quiet.length
      ? `<p class="quiet">其余 ${quiet.length} 条规则未发现问题（${byScope.map(([s, n]) => `${s} ${n} 条`).join('、')}；共执行 ${report.rules.length} 条规则）。完整的规则清单及依据见 JSON 或 XLSX 报告。</p>`
      : '')
  );
}

function examplesSection(report: ValidationReport, perRule: number): string {
  const ids = Object.keys(report.examples);
  if (!ids.length || perRule <= 0) return '';
  const rows: string[] = [];
  // The file row as the clerk sees it when the reader gave it, else the record's position.
  const byRow = Object.values(report.examples).every((l) => l.every((e) => e.rowNumber !== undefined));
  const rowHead = byRow ? '行号' : '记录序号';
  for (const id of ids) {
    const list = report.examples[id]!.slice(0, perRule);
    list.forEach((e, i) => {
      const rule = i === 0 ? `<td class="id" rowspan="${list.length}">${esc(id)}</td>` : '';
      rows.push(`<tr>${rule}${num(e.rowNumber ?? e.index + 1)}${td(e.regionCode ?? '')}${td(e.residentId ?? '')}${td(e.name ?? '')}${td(e.message)}</tr>`);
    });
  }
  return (
    `<h2>五、问题示例（每条规则至多 ${perRule} 例，身份证号和姓名已脱敏）</h2>` +
    table('examples', [['规则编号', '34'], [rowHead, '15'], ['地区代码', '27'], ['身份证号', '33'], ['姓名', '14'], ['说明', '']], rows) +
    `<p class="note">${byRow ? '行号为文件中的行号（与电子表格中看到的一致）' : '记录序号为记录在文件中的顺序（第 1 条记录为 1），不含表头和标题行'}。全部待修改记录见另行输出的清单。</p>`
  );
}

/** Unreadable rows grouped by error code: count, first rows, one reason. */
function unreadableSection(report: ValidationReport): string {
  if (!report.unreadable.length) return '';
  const groups = new Map<string, { rows: number[]; reason: string }>();
  for (const u of report.unreadable) {
    const code = /^[A-Z][A-Z0-9_]+/.exec(u.reason)?.[0] ?? '其他';
    const g = groups.get(code) ?? { rows: [], reason: u.reason.replace(/^[A-Z][A-Z0-9_]+\s*/, '') };
    g.rows.push(u.index + 1);
    groups.set(code, g);
  }
  const rows = [...groups].map(([code, g]) => `<tr><td class="id">${esc(code)}</td>${num(g.rows.length)}${td(g.rows.slice(0, 12).join('、') + (g.rows.length > 12 ? ' …' : ''))}${td(g.reason)}</tr>`);
  const more = report.counts.unreadable > report.unreadable.length ? `（共 ${report.counts.unreadable} 条，此处列出前 ${report.unreadable.length} 条）` : '';
  return `<h3>无法读取的记录${more}</h3>` + table('unreadable', [['代码', '40'], ['条数', '12'], ['记录序号', '40'], ['原因（示例）', '']], rows);
}

/** What the reader changed in the input, by kind and column, with one example each. */
function normalisationsSection(report: ValidationReport): string {
  const list = report.normalisations ?? [];
  if (!list.length) return '';
  const rows = list.map((n) => {
    const ex = n.examples[0];
    return `<tr><td class="id">${esc(n.code)}</td>${td(n.column)}${num(n.count)}${td(n.message)}${td(ex ? `第 ${ex.rowNumber} 行：“${ex.from}” → “${ex.to}”` : '')}</tr>`;
  });
  return '<h3>读取时规范化的数据</h3>' + table('normalisations', [['代码', '34'], ['列', '24'], ['处数', '14'], ['说明', ''], ['示例', '44']], rows);
}

function departmentsSection(report: ValidationReport): string {
  if (!report.departments.length) return '';
  const v = report.verification;
  const rows = report.departments.map((d) => {
    const ver = v?.departments.find((x) => x.department === d.department);
    const status = ver ? `已核实 ${ver.answered} / ${ver.sent}，未结 ${ver.open}` : d.discrepancyCount ? '未核实（核实结果尚未返回）' : '无差异';
    return `<tr>${td(d.name)}${num(d.indexSize)}${num(d.matched)}${num(d.discrepancyCount)}${td(`${status}${d.truncated ? '（清单已截断）' : ''}`)}</tr>`;
  });
  let out =
    '<h2>六、部门比对与核实情况</h2>' +
    table('departments', [['部门', ''], ['部门数据人数', '22'], ['匹配记录', '20'], ['待核实差异', '20'], ['核实情况', '48']], rows);
  if (v) {
    const results = [...new Set(v.departments.flatMap((d) => Object.keys(d.byResult)))];
    const w = results.length ? Math.max(14, Math.floor(100 / results.length)) : 14;
    const vrows = v.departments.map((d) => `<tr>${td(DEPARTMENT_NAMES[d.department])}${num(d.sent)}${results.map((k) => num(d.byResult[k] ?? 0)).join('')}${num(d.open)}<td class="n">${d.sent ? pct((d.sent - d.open) / d.sent) : '—'}</td></tr>`);
    out +=
      `<h3>核实结果${v.readOn ? `（${esc(v.readOn)} 读取）` : ''}</h3>` +
      table('verification', [['部门', ''], ['发出', '14'], ...results.map((k) => [esc(k), String(w)] as [string, string]), ['未结', '14'], ['办结率', '16']], vrows);
  } else {
    out += '<p class="note">差异清单（含身份证号）另行发送各部门核实，不在本报告打印；核实结果返回后，本节列出各部门的办结情况。</p>';
  }
  return out;
}

function roundsSection(report: ValidationReport): string {
  const p = report.previousRound;
  if (!p && !report.rounds) return '';
  const yoy = p
    ? `<p>年度比对：上一轮（${esc(p.formVersion)} 版）${p.persons} 人；本轮有可用身份证号的记录 ${p.keyed} 条，其中 ${p.matched} 条在上一轮找到并按年度比对规则检查（结果见“发现问题的规则”中类型为“年度比对”的规则）。</p>`
    : '';
  return report.rounds ? roundsHtml(report.rounds, '七、与上一轮和底册比对', yoy) : `<h2>七、与上一轮和底册比对</h2>${yoy}`;
}

/** Sections the caller added (see `sections.ts`): a heading, paragraphs, one table, a note. */
function extraSections(report: ValidationReport): string {
  return extraSectionsOf(report)
    .map((s) => {
      const flagged = new Set(s.flagged ?? []);
      const rows = s.rows.map((r, i) => `<tr${flagged.has(i) ? ' class="warning"' : ''}>${r.map((v, j) => (s.columns[j]?.numeric ? `<td class="n">${esc(v)}</td>` : td(v))).join('')}</tr>`);
      return (
        `<h2>${esc(s.title)}</h2>` +
        (s.paragraphs ?? []).map((p) => `<p>${esc(p)}</p>`).join('') +
        (rows.length ? table(`extra ${esc(s.id)}`, s.columns.map((c) => [esc(c.header), c.width === undefined ? '' : String(c.width)] as [string, string]), rows) : '') +
        (s.note ? `<p class="note">${esc(s.note)}</p>` : '')
      );
    })
    .join('');
}

function sourcesSection(report: ValidationReport): string {
  const shown: Pick<RuleBasis, 'sources'>[] = report.rules.filter((r) => r.records > 0).map((r) => r.basis);
  if (report.collection) shown.push({ sources: report.collection.target.sources.filter(isSourceId) });
  const cited = citedSources(shown);
  if (!cited.length) return '';
  const rows = cited.map((s) => `<tr>${td(s.id)}<td>${esc(s.title)}${s.verified ? '' : '（未核实）'}</td>${td(s.issuer)}${td(s.number)}${td(s.date)}</tr>`);
  return (
    '<h2>附：规则依据的来源</h2>' +
    table('sources', [['编号', '12'], ['标题', ''], ['发布者', '36'], ['文号', '30'], ['日期', '24']], rows) +
    '<p class="note">编号为 canji 来源清单的编号，清单列出每项来源的可读处。“未核实”：文号、标题或日期未见于可靠来源。</p>'
  );
}

const SIGNATURE =
  '<section class="sign"><h2>审核签字</h2><table class="sign"><colgroup><col style="width:40mm"><col><col style="width:40mm"><col></colgroup>' +
  '<tr><th>填报人</th><td></td><th>审核人</th><td></td></tr>' +
  '<tr><th>残联理事长签字</th><td></td><th>填报单位（盖章）</th><td class="stamp"></td></tr>' +
  '<tr><th>日期</th><td>　　　　年　　月　　日</td><th>联系电话</th><td></td></tr></table></section>';

/**
 * A printable zh-CN HTML 数据校验报告: one self-contained page (inline CSS and SVG chart, no
 * scripts, no external assets) laid out for A4 (page numbers, fixed column widths, header rows
 * repeated on each page): title block (填报单位, 标准时点, input file and SHA-256, versions,
 * generated date), 总体情况, 入户调查率 and 采集方式 by region against the required rate, error rates
 * by region, the rules that found something with their basis (the rest on one line), masked
 * examples, unreadable rows by code, the department comparison and its verification status, the
 * sections the caller added (`withSections`: the collector section of `canji check`), the cited
 * sources and a signature and stamp block. Give it a {@link maskReport}ed report.
 *
 * @example
 * ```ts
 * writeFileSync('数据校验报告.html', renderReportHtml(maskReport(report)));
 * ```
 */
export function renderReportHtml(report: ReportWithSections, opts: ReportHtmlOptions = {}): string {
  const perRule = Math.min(opts.examplesPerRule ?? 2, report.meta.examplesPerRule);
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${esc(report.meta.title)}</title>`,
    `<style>${PRINT_CSS}</style></head><body>`,
    titleBlock(report),
    overview(report),
    collection(report),
    regionsSection(report, opts.maxChartRegions ?? 40),
    rulesSection(report),
    examplesSection(report, perRule),
    unreadableSection(report),
    normalisationsSection(report),
    departmentsSection(report),
    roundsSection(report),
    extraSections(report),
    sourcesSection(report),
    SIGNATURE,
    '</body></html>',
  ].join('\n');
}
