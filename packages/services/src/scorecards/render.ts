/** The printable scorecard (HTML for A4; the CLI prints it to PDF with Chromium). */
import { esc, fixed, htmlDocument, pct } from './html.js';
import type { Scorecard } from './score.js';

/** Options of {@link renderScorecardHtml}. */
export interface RenderScorecardOptions {
  /** Shown under the title (e.g. `2019 年度；报告：长沙县.json …`). */
  subtitle?: string;
  /** When it was made (nothing here reads the clock). */
  generatedAt?: string;
}

const LEVEL = { county: '县（市、区）', township: '乡镇（街道）' } as const;

/**
 * The scorecard as one printable HTML document: the settings (target, floor, weight, source of
 * each indicator), the ranking with every indicator's score, and one card per unit (value, target,
 * score, rank, weight applied; 无数据 lines and renormalised weights said on the card).
 *
 * @example
 * ```ts
 * writeFileSync('考核.html', renderScorecardHtml(scoreUnits(figures, DEFAULT_SCORECARD_CONFIG)));
 * ```
 */
export function renderScorecardHtml(card: Scorecard, opts: RenderScorecardOptions = {}): string {
  const name = (u: { code: string; name?: string }) => `${esc(u.name ?? u.code)}<br><span class="note">${esc(u.code)}</span>`;
  const out: string[] = [];
  out.push(`<h1>${esc(card.title)}：${LEVEL[card.level]}记分卡</h1>`);
  if (opts.subtitle) out.push(`<p class="meta">${esc(opts.subtitle)}</p>`);
  out.push(`<p class="meta">单位 ${card.units.length} 个${opts.generatedAt ? `；生成日期 ${esc(opts.generatedAt)}` : ''}。每项得分：达到目标值得 100 分，达到或劣于零分值得 0 分，其间按直线计分；总分为有数据各项得分的加权平均。</p>`);
  out.push('<h2>计分设置</h2><table class="settings"><thead><tr><th>指标</th><th>方向</th><th class="n">目标值</th><th class="n">零分值</th><th class="n">权重</th><th>数据来源</th></tr></thead><tbody>');
  const wsum = card.indicators.reduce((s, i) => s + i.weight, 0);
  for (const i of card.indicators) out.push(`<tr><td>${esc(i.label)}</td><td>${i.direction === 'higher' ? '越高越好' : '越低越好'}</td><td class="n">${pct(i.target)}</td><td class="n">${pct(i.floor)}</td><td class="n">${wsum ? pct(i.weight / wsum, 0) : '—'}</td><td class="note">${esc(i.source)}</td></tr>`);
  out.push('</tbody></table>');
  out.push('<p class="note">入户调查率目标 90% 依据湘残联字〔2019〕7号（docs/sources.md D6）；其余目标值、零分值和权重为 canji 的暂定默认值（未见官方考核细则），应由业务部门按本地考核办法设定（--weights）。</p>');

  out.push('<h2>总分排名</h2><table class="ranking"><thead><tr><th class="n">名次</th><th>单位</th><th class="n">总分</th>');
  for (const i of card.indicators) out.push(`<th class="n">${esc(i.label)}</th>`);
  out.push('</tr></thead><tbody>');
  const ordered = [...card.units].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1));
  for (const u of ordered) {
    out.push(`<tr><td class="n">${u.rank ?? '—'}</td><td>${name(u)}${u.renormalised ? '<br><span class="note">权重已调整</span>' : ''}</td><td class="n"><b>${fixed(u.total)}</b></td>`);
    for (const l of u.lines) out.push(l.score === null ? '<td class="n nodata">无数据</td>' : `<td class="n">${fixed(l.score)}</td>`);
    out.push('</tr>');
  }
  out.push('</tbody></table>');
  for (const n of card.notes) out.push(`<p class="note">注：${esc(n)}</p>`);

  out.push('<h2>各单位记分卡</h2>');
  for (const u of card.units) {
    out.push(`<div class="card"><h3>${esc(u.name ?? u.code)}（${esc(u.code)}）：总分 ${fixed(u.total)}，第 ${u.rank ?? '—'} 名</h3>`);
    out.push('<table class="unit"><thead><tr><th>指标</th><th class="n">本单位</th><th class="n">分子/分母</th><th class="n">目标值</th><th class="n">得分</th><th class="n">名次</th><th class="n">计分权重</th><th>说明</th></tr></thead><tbody>');
    u.lines.forEach((l, k) => {
      const ind = card.indicators[k]!;
      if (l.value === null) out.push(`<tr><td>${esc(ind.label)}</td><td class="n nodata">无数据</td><td class="n">—</td><td class="n">${pct(ind.target)}</td><td class="n nodata">不计分</td><td class="n">—</td><td class="n">—</td><td class="note">缺少该项数据，权重分给其余指标</td></tr>`);
      else out.push(`<tr><td>${esc(ind.label)}</td><td class="n ${l.met ? 'good' : 'bad'}">${pct(l.value)}</td><td class="n">${l.numerator}/${l.denominator}</td><td class="n">${ind.direction === 'higher' ? '≥' : '≤'}${pct(ind.target)}</td><td class="n">${fixed(l.score)}</td><td class="n">${l.rank}</td><td class="n">${pct(l.effectiveWeight)}</td><td class="note">${esc(l.detail ?? '')}</td></tr>`);
    });
    out.push('</tbody></table>');
    if (u.renormalised) out.push(`<p class="note">本单位有指标无数据：有数据的指标占设定权重的 ${pct(u.weightCovered, 0)}，已按比例调整为 100%。</p>`);
    out.push('</div>');
  }
  return htmlDocument(`${card.title}：记分卡`, out.join('\n'));
}
