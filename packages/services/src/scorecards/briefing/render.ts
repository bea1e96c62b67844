/** The briefing as one printable A4 document (HTML, charts as inline SVG, no script). */
import { trendSvg } from '@canji/indicators';
import { esc, fixed, htmlDocument } from '../html.js';
import type { Briefing } from './build.js';

const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const BLUE = '#0072B2';
const GREY = '#B0B0B0';
const ORANGE = '#D55E00';

/** A value in the indicator's unit (`85.2%`). */
const val = (v: number | null, unit: string) => (v === null ? '无数据' : `${v.toFixed(1)}${unit === '%' ? '%' : ''}`);
const diff = (v: number | null, unit: string) => {
  if (v === null) return '—';
  const r = Math.round(v * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r).toFixed(1)}${unit === '%' ? ' 个百分点' : ''}`;
};

/**
 * Horizontal bars, one group per label: `series` values on a 0–`max` axis. Accessible: role img,
 * a title and a description that states every value.
 */
export function barChartSvg(opts: { title: string; labels: readonly string[]; series: readonly { name: string; colour: string; values: readonly (number | null)[] }[]; max: number; unit?: string; width?: number; id: string }): string {
  const width = opts.width ?? 680;
  const left = 190;
  const right = 50;
  const barH = 9;
  const gap = 7;
  const groupH = opts.series.length * barH + gap;
  const top = 34;
  const height = top + opts.labels.length * groupH + 26;
  const plotW = width - left - right;
  const x = (v: number) => left + (Math.max(0, Math.min(opts.max, v)) / opts.max) * plotW;
  const unit = opts.unit ?? '';
  const desc = opts.labels.map((l, i) => `${l}：${opts.series.map((s) => `${s.name} ${s.values[i] === null ? '无数据' : `${s.values[i]!.toFixed(1)}${unit}`}`).join('，')}`).join('；');
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${opts.id}-t ${opts.id}-d" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="11">`, `<title id="${opts.id}-t">${esc(opts.title)}</title><desc id="${opts.id}-d">${esc(desc)}</desc>`];
  parts.push(`<text x="0" y="13" font-size="13" font-weight="600">${esc(opts.title)}</text>`);
  opts.series.forEach((s, k) => parts.push(`<rect x="${left + k * 90}" y="20" width="10" height="10" fill="${s.colour}"/><text x="${left + k * 90 + 14}" y="29">${esc(s.name)}</text>`));
  for (let t = 0; t <= 4; t++) {
    const v = (opts.max * t) / 4;
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${top}" y2="${height - 22}" stroke="#ddd"/><text x="${x(v)}" y="${height - 8}" text-anchor="middle" fill="#555">${fixed(v, 0)}${esc(unit)}</text>`);
  }
  opts.labels.forEach((l, i) => {
    const y0 = top + i * groupH;
    parts.push(`<text x="${left - 6}" y="${y0 + (opts.series.length * barH) / 2 + 4}" text-anchor="end">${esc(l.length > 15 ? `${l.slice(0, 14)}…` : l)}</text>`);
    opts.series.forEach((s, k) => {
      const v = s.values[i];
      const y = y0 + k * barH;
      if (v === null || v === undefined) parts.push(`<text x="${left + 2}" y="${y + barH - 1}" fill="#777" font-size="9">无数据</text>`);
      else parts.push(`<rect x="${left}" y="${y}" width="${Math.max(0.5, x(v) - left)}" height="${barH - 1}" fill="${s.colour}"><title>${esc(`${l} ${s.name}：${v.toFixed(1)}${unit}`)}</title></rect><text x="${x(v) + 3}" y="${y + barH - 1}" font-size="9" fill="#333">${v.toFixed(1)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Options of {@link renderBriefingHtml}. */
export interface RenderBriefingOptions {
  /** Units shown in the by-unit tables (default all; a province's counties fit). */
  maxUnits?: number;
}

/**
 * The briefing as one printable HTML document for A4: 一 基本情况, 二 主要指标与上年比较 (table and
 * chart), 三 各单位情况 (table and the two-round trend of the first indicator by unit, `trendSvg`),
 * 四 工作考核 (the scorecard's ranking and chart, when given), 五 服务缺口 (largest gaps by unit), 说明.
 *
 * @example
 * ```ts
 * writeFileSync('年度通报.html', renderBriefingHtml(buildBriefing(input)));
 * ```
 */
export function renderBriefingHtml(b: Briefing, opts: RenderBriefingOptions = {}): string {
  const L = b.labels;
  const unitWord = b.by === 'county' ? '县（市、区）' : '乡镇（街道）';
  const out: string[] = [];
  out.push(`<h1>${esc(b.title)}</h1>`);
  out.push(`<p class="meta">${b.unit ? `${esc(b.unit)}　` : ''}${esc(L.current)}（标准时点 ${esc(b.asOf.current)}）与${esc(L.previous)}（${esc(b.asOf.previous)}）比较${b.generatedAt ? `　生成日期 ${esc(b.generatedAt)}` : ''}　供残疾人工作委员会会议使用</p>`);

  out.push('<h2>一、基本情况</h2>');
  const p = b.persons;
  out.push(`<p>${esc(L.current)}共更新 <b>${p.current}</b> 人的数据（${esc(L.previous)} ${p.previous} 人），两年均在册 ${p.continuing} 人，本年新增 ${p.currentOnly} 人，上年有而本年没有 ${p.previousOnly} 人。共 ${b.units.length} 个${unitWord}。</p>`);

  out.push('<h2>二、主要指标与上年比较</h2>');
  out.push(`<table class="key"><thead><tr><th>指标</th><th class="n">${esc(L.previous)}</th><th class="n">${esc(L.current)}</th><th class="n">变化</th><th class="n">95% 区间</th><th class="n">目标</th></tr></thead><tbody>`);
  for (const r of b.indicators) {
    const sig = r.significant ? (r.difference! > 0 ? ' class="n good"' : ' class="n bad"') : ' class="n"';
    out.push(`<tr><td>${esc(r.name)}</td><td class="n">${val(r.previous, r.unit)}</td><td class="n"><b>${val(r.current, r.unit)}</b>${r.currentCounts ? `<br><span class="note">${r.currentCounts.numerator}/${r.currentCounts.denominator}</span>` : ''}</td><td${sig}>${diff(r.difference, r.unit)}${r.significant ? '（显著）' : ''}</td><td class="n">${r.ciLower === null ? '—' : `${r.ciLower.toFixed(1)} 至 ${r.ciUpper!.toFixed(1)}`}</td><td class="n">${r.target ? `${r.target.comparison === '>=' ? '≥' : r.target.comparison === '<=' ? '≤' : r.target.comparison}${r.target.value}` : '—'}</td></tr>`);
  }
  out.push('</tbody></table>');
  const pctRows = b.indicators.filter((r) => r.unit === '%');
  out.push(`<div class="charts">${barChartSvg({ id: 'key', title: `主要指标：${L.previous}与${L.current}（%）`, labels: pctRows.map((r) => r.name), series: [{ name: L.previous, colour: GREY, values: pctRows.map((r) => r.previous) }, { name: L.current, colour: BLUE, values: pctRows.map((r) => r.current) }], max: 100, unit: '%' })}</div>`);
  out.push('<p class="note">变化为本年减上年（百分点）；区间为两年独立样本差值的 Newcombe 95% 区间，“显著”指区间不含 0。</p>');

  const units = b.units.slice(0, opts.maxUnits ?? b.units.length);
  out.push(`<h2 class="page-break">三、各${unitWord}情况</h2>`);
  const uMeta = b.unitIndicators.map((id) => b.indicators.find((r) => r.id === id)!);
  out.push(`<table class="units"><thead><tr><th>${unitWord}</th><th class="n">${esc(L.current)}人数</th>${uMeta.map((m) => `<th class="n">${esc(m.name)}<br><span class="note">本年（变化）</span></th>`).join('')}</tr></thead><tbody>`);
  for (const u of units) {
    out.push(`<tr><td>${esc(u.name ?? u.code)}</td><td class="n">${u.records.current}</td>${uMeta
      .map((m) => {
        const x = u.indicators[m.id];
        return `<td class="n">${x ? `${val(x.current, m.unit)}<br><span class="note${x.significant ? (x.difference! > 0 ? ' good' : ' bad') : ''}">${diff(x.difference, m.unit)}</span>` : '无数据'}</td>`;
      })
      .join('')}</tr>`);
  }
  out.push('</tbody></table>');
  if (uMeta[0]) {
    try {
      out.push(`<div class="charts">${trendSvg(b.trend, uMeta[0].id, { by: [b.by], maxSeries: 8, width: 680, height: 300, idPrefix: 'trend-units', title: `${uMeta[0].name}：各${unitWord}${L.previous}—${L.current}` })}</div>`);
    } catch {
      // A trend without that grouping (no unit rows) is simply not drawn.
    }
  }

  if (b.scorecard) {
    const card = b.scorecard;
    out.push(`<h2>四、工作考核（${esc(card.title)}）</h2>`);
    const ranked = [...card.units].filter((u) => u.rank !== null).sort((a, b2) => a.rank! - b2.rank!);
    out.push(`<table class="scorecard"><thead><tr><th class="n">名次</th><th>单位</th><th class="n">总分</th><th>未达目标的指标</th></tr></thead><tbody>`);
    for (const u of ranked) {
      const missed = u.lines.map((l, k) => (l.met === false ? card.indicators[k]!.label : null)).filter(Boolean);
      out.push(`<tr><td class="n">${u.rank}</td><td>${esc(u.name ?? u.code)}${u.renormalised ? '<span class="note">（权重已调整）</span>' : ''}</td><td class="n"><b>${fixed(u.total)}</b></td><td>${esc(missed.join('、') || '—')}</td></tr>`);
    }
    out.push('</tbody></table>');
    out.push(`<div class="charts">${barChartSvg({ id: 'score', title: '考核总分（满分 100）', labels: ranked.map((u) => u.name ?? u.code), series: [{ name: '总分', colour: BLUE, values: ranked.map((u) => u.total) }], max: 100 })}</div>`);
    for (const n of card.notes) out.push(`<p class="note">注：${esc(n)}</p>`);
  }

  out.push(`<h2>${b.scorecard ? '五' : '四'}、服务缺口</h2>`);
  out.push(`<table class="gaps-total"><thead><tr><th>有需求而未得到服务</th><th class="n">${esc(L.previous)}</th><th class="n">${esc(L.current)}</th><th class="n">变化</th></tr></thead><tbody>`);
  for (const s of b.gaps.services) out.push(`<tr><td>${esc(s.title)}${s.provisional ? '<span class="note">（暂定）</span>' : ''}</td><td class="n">${s.previous ?? '—'}</td><td class="n"><b>${s.current}</b></td><td class="n">${s.previous === null ? '—' : `${s.current - s.previous > 0 ? '+' : ''}${s.current - s.previous}`}</td></tr>`);
  out.push('</tbody></table>');
  out.push(`<table class="gaps"><thead><tr><th>${unitWord}</th><th class="n">缺口人次合计</th><th>最大的服务缺口（本年人数，上年人数）</th></tr></thead><tbody>`);
  for (const u of b.gaps.units.slice(0, opts.maxUnits ?? b.gaps.units.length)) out.push(`<tr><td>${esc(u.name ?? u.code)}</td><td class="n">${u.total}</td><td>${u.gaps.map((g) => `${esc(g.title)} ${g.persons}${g.previous === null ? '' : `（${g.previous}）`}`).join('；') || '—'}</td></tr>`);
  out.push('</tbody></table>');
  const topUnits = b.gaps.units.slice(0, 12);
  if (topUnits.length) {
    const maxGap = Math.max(1, ...topUnits.map((u) => u.total));
    const step = 10 ** Math.floor(Math.log10(maxGap));
    out.push(`<div class="charts">${barChartSvg({ id: 'gaps', title: `服务缺口人次：各${unitWord}`, labels: topUnits.map((u) => u.name ?? u.code), series: [{ name: L.current, colour: ORANGE, values: topUnits.map((u) => u.total) }], max: Math.ceil(maxGap / step) * step })}</div>`);
  }
  out.push(`<p class="note">缺口口径：${esc(b.gaps.source)}。${b.gaps.skipped.length ? `未计算的配对：${esc(b.gaps.skipped.join('；'))}。` : ''}</p>`);

  out.push('<h2>说明</h2>');
  out.push('<p class="note">指标口径见 @canji/indicators 的指标说明（分母、分子、依据）；本通报只含汇总数，不含个人信息。记分卡的目标值和权重除入户调查率 90%（湘残联字〔2019〕7号）外为暂定默认值，由业务部门设定。</p>');
  for (const n of b.notes) out.push(`<p class="note">注：${esc(n)}</p>`);
  return htmlDocument(b.title, out.join('\n'));
}

