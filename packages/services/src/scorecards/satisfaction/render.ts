/** The printable satisfaction report (HTML for A4). */
import { esc, htmlDocument, pct } from '../html.js';
import type { SatisfactionReport, SatisfiedShare } from './analyse.js';

/** Options of {@link renderSatisfactionHtml}. */
export interface RenderSatisfactionOptions {
  title?: string;
  subtitle?: string;
  /** Unit names by code. */
  regionName?: (code: string) => string | undefined;
}

const cell = (s: SatisfiedShare) => (s.answered ? `${pct(s.share)}<br><span class="note">${s.satisfied}/${s.answered}；${pct(s.interval![0])}–${pct(s.interval![1])}</span>` : '<span class="nodata">无数据</span>');

/**
 * The satisfaction report: shares satisfied by unit and area (with Wilson intervals), and by the
 * service received. Says that the module's wording is provisional.
 *
 * @example
 * ```ts
 * writeFileSync('满意度.html', renderSatisfactionHtml(analyseSatisfaction(answers, { persons })));
 * ```
 */
export function renderSatisfactionHtml(r: SatisfactionReport, opts: RenderSatisfactionOptions = {}): string {
  const title = opts.title ?? '残疾人服务满意度回访结果';
  const name = (code: string) => (code === 'all' ? '合计' : `${esc(opts.regionName?.(code) ?? code)}<br><span class="note">${esc(code)}</span>`);
  const out = [`<h1>${esc(title)}</h1>`];
  if (opts.subtitle) out.push(`<p class="meta">${esc(opts.subtitle)}</p>`);
  out.push(`<p class="meta">回访 ${r.respondents} 人${r.matched ? `，其中 ${r.matched} 人在登记数据中找到` : ''}。满意比例 = 回答“非常满意”或“比较满意”的人数 / 回答 1–5 的人数（“未接受该项服务”和未答不计入）；区间为 Wilson 95% 区间。</p>`);
  out.push('<p class="note">满意度题目和代码为 canji 的暂定措辞（未见官方满意度调查题目），应由批准机关按本地问卷替换。</p>');
  out.push(`<h2>按单位和服务领域的满意比例</h2><table class="satisfaction"><thead><tr><th>单位</th><th class="n">回访人数</th>${r.areas.map((a) => `<th class="n">${esc(a.label)}</th>`).join('')}</tr></thead><tbody>`);
  for (const u of r.units) out.push(`<tr><td>${name(u.unit)}</td><td class="n">${u.respondents}</td>${r.areas.map((a) => `<td class="n">${cell(u.byArea[a.id]!)}</td>`).join('')}</tr>`);
  out.push('</tbody></table>');
  if (r.comparisons.length) {
    out.push('<h2>与得到的服务比较</h2><p class="note">在各项服务的应享受（有需求）人员中，比较登记数据显示得到该服务者与未得到者对服务总体的满意比例；差值区间为 Newcombe 95% 区间，“显著”指区间不含 0。</p>');
    out.push('<table class="comparison"><thead><tr><th>服务</th><th class="n">得到该服务</th><th class="n">未得到</th><th class="n">差值（百分点）</th><th>显著</th></tr></thead><tbody>');
    for (const c of r.comparisons) out.push(`<tr><td>${esc(c.label)}</td><td class="n">${cell(c.received)}</td><td class="n">${cell(c.notReceived)}</td><td class="n">${c.difference === null ? '—' : `${(c.difference * 100).toFixed(1)}<br><span class="note">${c.interval ? `${(c.interval[0] * 100).toFixed(1)} 至 ${(c.interval[1] * 100).toFixed(1)}` : ''}</span>`}</td><td>${c.significant ? '是' : ''}</td></tr>`);
    out.push('</tbody></table>');
  }
  if (r.issues.length) out.push(`<p class="note">提示：${r.issues.length} 条回访答案有问题（${[...new Set(r.issues.map((i) => i.code))].join('、')}），见命令输出。</p>`);
  return htmlDocument(title, out.join('\n'));
}
