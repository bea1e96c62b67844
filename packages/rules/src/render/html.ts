import { DEPARTMENT_NAMES } from '@canji/form';
import { basisText, citedSources } from './basis.js';
import { REGION_LEVEL_NAMES, type ReportRegion, type ValidationReport } from '../report.js';
import { pct, ZH } from './text.js';

function esc(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

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
  const barH = withWarnings ? 8 : 14;
  const rowH = withWarnings ? 26 : 22;
  const top = 24;
  const height = top + rows.length * rowH + 8;
  const maxRate = Math.max(0.0001, ...rows.map((r) => Math.max(r.errorRate, withWarnings ? r.warningRate : 0)));
  const scale = maxRate > 0.5 ? 1 : Math.min(1, Math.ceil(maxRate * 10) / 10 || 0.1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="各地区错误率">`,
    `<text x="${labelW}" y="14" font-size="11" fill="#555">0</text>`,
    `<text x="${labelW + barMax}" y="14" font-size="11" fill="#555" text-anchor="end">${pct(scale)}</text>`,
    `<line x1="${labelW}" y1="${top - 4}" x2="${labelW}" y2="${height - 4}" stroke="#999"/>`,
  ];
  const bar = (y: number, rate: number, color: string, tip: string) => {
    const w = Math.max(0, Math.min(barMax, (rate / scale) * barMax));
    parts.push(
      `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${color}"><title>${esc(tip)}</title></rect>`,
      `<text x="${labelW + w + 4}" y="${y + barH - 1}" font-size="10">${pct(rate)}</text>`,
    );
  };
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const label = `${r.code || '地区不详'}${r.name ? ` ${r.name}` : ''}`;
    parts.push(`<text x="${labelW - 6}" y="${y + (withWarnings ? 13 : 14)}" font-size="12" text-anchor="end">${esc(label.length > 18 ? `${label.slice(0, 17)}…` : label)}</text>`);
    bar(y + 2, r.errorRate, '#c0392b', `${label} 错误率 ${pct(r.errorRate)}（${r.withErrors}/${r.read}）`);
    if (withWarnings) bar(y + 2 + barH + 2, r.warningRate, '#e6b34d', `${label} 警告率 ${pct(r.warningRate)}（${r.withWarnings}/${r.read}）`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A printable zh-CN HTML 数据校验报告: one self-contained page (inline CSS and SVG chart, no
 * scripts, no external assets) with run metadata, counts, a bar chart of error rates by region,
 * the rules with counts and their basis, masked examples and the department comparison summary.
 *
 * @example
 * ```ts
 * writeFileSync('数据校验报告.html', renderReportHtml(report));
 * ```
 */
export function renderReportHtml(report: ValidationReport, opts: { maxChartRegions?: number } = {}): string {
  const { meta, counts } = report;
  const { SEVERITY_ZH, CERTAINTY_ZH, SCOPE_ZH } = ZH;
  const h: string[] = [];
  h.push(
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${esc(meta.title)}</title>`,
    '<style>',
    '@page{size:A4;margin:16mm 14mm}',
    'body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",SimSun,sans-serif;font-size:13px;color:#222;margin:24px;line-height:1.5}',
    'h1{font-size:20px;text-align:center;margin:0 0 12px}h2{font-size:16px;border-bottom:1px solid #999;margin-top:22px}h3{font-size:14px}',
    'table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f0f0f0}',
    'td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.error{color:#b03a2e;font-weight:bold}.warning{color:#9a6700}',
    'table.rules{table-layout:fixed}table.rules th:nth-child(1){width:13em}table.rules th:nth-child(3){width:3.5em}table.rules th:nth-child(4){width:9em}table.rules th:nth-child(5){width:34%}table.rules th:nth-child(6){width:4.5em}',
    'table.rules td:first-child{word-break:break-all;font-size:11px}th{white-space:nowrap}',
    '.legend{font-size:12px;color:#555}.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}',
    '.meta td:first-child{width:11em;background:#fafafa}.note{color:#555;font-size:12px}',
    'tr,svg{page-break-inside:avoid}@media print{body{margin:0}h2{page-break-after:avoid}}',
    '</style></head><body>',
    `<h1>${esc(meta.title)}</h1>`,
    '<table class="meta">',
  );
  const metaRows: [string, string | undefined][] = [
    ['规则集版本', meta.ruleSetVersion],
    ['登记表版本', meta.formVersion],
    ['区划代码表版本', meta.regionTableVersion],
    ['标准时点', meta.referenceDate],
    ['批次地区代码', meta.batchRegion],
    ['分地区统计层级', REGION_LEVEL_NAMES[meta.regionLevel]],
    ['生成时间', meta.generatedAt],
  ];
  for (const [k, v] of metaRows) if (v) h.push(`<tr><td>${k}</td><td>${esc(v)}</td></tr>`);
  h.push('</table>');

  h.push('<h2>一、总体情况</h2><table><tr><th>项目</th><th>记录数</th><th>占比</th></tr>');
  const share = (n: number) => (counts.read ? pct(n / counts.read) : '—');
  for (const [k, n] of [
    ['读取记录', counts.read],
    ['无问题', counts.clean],
    ['仅有警告', counts.warningsOnly],
    ['有错误', counts.withErrors],
    ['无法读取', counts.unreadable],
  ] as const) {
    h.push(`<tr><td>${k}</td><td class="n">${n}</td><td class="n">${share(n)}</td></tr>`);
  }
  h.push(
    '</table>',
    `<p class="note">读取记录 = 无问题 + 仅有警告 + 有错误 + 无法读取。共发现错误 ${counts.errors} 处、警告 ${counts.warnings} 处。错误须更正后方可上报；警告请核实。</p>`,
  );

  h.push(`<h2>二、各地区错误率（${REGION_LEVEL_NAMES[meta.regionLevel]}）</h2>`);
  const chartMax = opts.maxChartRegions ?? 40;
  h.push(
    `<figure><div class="legend"><i style="background:#c0392b"></i>有错误的记录占比<i style="background:#e6b34d"></i>有警告的记录占比</div>${errorRateChartSvg(report.regions, { max: chartMax })}`,
  );
  if (report.regions.length > chartMax) h.push(`<figcaption class="note">图中只列出前 ${chartMax} 个地区，完整数据见下表。</figcaption>`);
  h.push('</figure>', '<table><tr><th>地区代码</th><th>地区</th><th>记录数</th><th>有错误</th><th>错误率</th><th>有警告</th><th>警告率</th></tr>');
  for (const g of report.regions) {
    h.push(
      `<tr><td>${esc(g.code || '—')}</td><td>${esc(g.name ?? '')}</td><td class="n">${g.read}</td><td class="n">${g.withErrors}</td><td class="n">${pct(g.errorRate)}</td><td class="n">${g.withWarnings}</td><td class="n">${pct(g.warningRate)}</td></tr>`,
    );
  }
  h.push('</table>');

  h.push('<h2>三、按规则统计</h2><table class="rules"><tr><th>规则编号</th><th>说明</th><th>级别</th><th>类型</th><th>依据</th><th>记录数</th></tr>');
  for (const r of report.rules) {
    const dept = r.department ? `（${DEPARTMENT_NAMES[r.department]}）` : '';
    h.push(
      `<tr><td><code>${esc(r.id)}</code></td><td>${esc(r.title)}</td><td class="${r.severity}">${SEVERITY_ZH[r.severity]}</td><td>${SCOPE_ZH[r.scope]}${esc(dept)}</td><td>${esc(basisText(r.basis))}<br><span class="note">${r.basis.sources?.length ? `来源：${esc(r.basis.sources.join('、'))}；` : ''}可靠性：${CERTAINTY_ZH[r.certainty]}${r.basis.note ? `；${esc(r.basis.note)}` : ''}</span></td><td class="n">${r.records}</td></tr>`,
    );
  }
  h.push('</table>');

  const exIds = Object.keys(report.examples);
  if (exIds.length) {
    h.push(`<h2>四、问题示例（每条规则至多 ${meta.examplesPerRule} 例，身份证号和姓名已脱敏）</h2>`);
    for (const id of exIds) {
      const rule = report.rules.find((r) => r.id === id);
      h.push(`<h3><code>${esc(id)}</code> ${esc(rule?.title ?? '')}</h3><table><tr><th>序号</th><th>地区代码</th><th>身份证号</th><th>姓名</th><th>说明</th></tr>`);
      for (const e of report.examples[id]!) {
        h.push(`<tr><td class="n">${e.index + 1}</td><td>${esc(e.regionCode ?? '')}</td><td>${esc(e.residentId ?? '')}</td><td>${esc(e.name ?? '')}</td><td>${esc(e.message)}</td></tr>`);
      }
      h.push('</table>');
    }
  }
  if (report.unreadable.length) {
    h.push('<h2>无法读取的记录</h2><table><tr><th>序号</th><th>原因</th></tr>');
    for (const u of report.unreadable) h.push(`<tr><td class="n">${u.index + 1}</td><td>${esc(u.reason)}</td></tr>`);
    h.push('</table>');
  }
  if (report.departments.length) {
    h.push('<h2>五、部门比对</h2><table><tr><th>部门</th><th>部门数据人数</th><th>匹配记录</th><th>待核实差异</th></tr>');
    for (const d of report.departments) {
      h.push(`<tr><td>${esc(d.name)}</td><td class="n">${d.indexSize}</td><td class="n">${d.matched}</td><td class="n">${d.discrepancyCount}${d.truncated ? '（清单已截断）' : ''}</td></tr>`);
    }
    h.push('</table><p class="note">差异清单（含比对键）另以 CSV 或 JSON 发送各部门核实，不在本页打印。</p>');
  }
  const cited = citedSources(report.rules.map((r) => r.basis));
  if (cited.length) {
    h.push('<h2>附：规则依据的来源</h2><table><tr><th>编号</th><th>标题</th><th>发布者</th><th>文号</th><th>日期</th></tr>');
    for (const s of cited) {
      h.push(`<tr><td>${esc(s.id)}</td><td>${esc(s.title)}${s.verified ? '' : '（未核实）'}</td><td>${esc(s.issuer)}</td><td>${esc(s.number)}</td><td>${esc(s.date)}</td></tr>`);
    }
    h.push('</table><p class="note">编号为 canji 来源清单的编号，清单列出每项来源的可读处。“未核实”：文号、标题或日期未见于可靠来源。</p>');
  }
  h.push('</body></html>');
  return h.join('\n');
}
