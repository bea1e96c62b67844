/**
 * A trend as a standalone SVG line chart: no script, no style sheet, no external font (presentation
 * attributes only, so it shows under a strict Content-Security-Policy, as a file, inline in HTML
 * or in print). Accessible: `role="img"` labelled by its `<title>` and a `<desc>` that states every
 * value; each point carries its value, interval and counts in a `<title>` (the tooltip); series
 * differ by colour (Okabe–Ito, safe for colour-blind readers) and by dash pattern.
 */
import type { GroupValue } from './dimensions.js';
import type { LabelOptions } from './output.js';
import type { IndicatorTrend, TrendPoint } from './trend.js';
import { comparisonGroupLabel } from './year-on-year.js';

/** `Array.isArray` without narrowing a readonly array to `any[]`. */
const isList = (v: unknown): boolean => Array.isArray(v);

/**
 * Options of {@link trendSvg}.
 *
 * @example
 * ```ts
 * import type { TrendSvgOptions } from '@canji/indicators';
 * const opts: TrendSvgOptions = { by: ['county'], maxSeries: 5, width: 720, height: 400 };
 * ```
 */
export interface TrendSvgOptions extends LabelOptions {
  /** The grouping whose groups are the lines (default `[]`: one line, 合计). */
  readonly by?: readonly string[];
  /** Only groups with these values, by dimension id (`{ sex: 'female' }`, `{ region: '430121' }`). */
  readonly filter?: Readonly<Record<string, GroupValue>>;
  /** At most this many lines, in the trend's row order (default 8); the rest are named in the description. */
  readonly maxSeries?: number;
  /** Size in px (default 640 × 360). */
  readonly width?: number;
  readonly height?: number;
  /** Default: the indicator's name and 历年趋势. */
  readonly title?: string;
  /** Decimals of values in labels (default 1). */
  readonly digits?: number;
  /** Draw each point's 95 % interval as a whisker (default true). */
  readonly intervals?: boolean;
  /** Prefix of the element ids (unique when several charts are inlined in one page); default `canji-trend-<indicator>`. */
  readonly idPrefix?: string;
  /** Points hidden by small-cell suppression, `hidden[row][round]` aligned with `trend.rows` (not drawn, said so). */
  readonly hidden?: readonly (readonly boolean[] | undefined)[];
}

const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 2', '10 4', '3 6'];
const FONT = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Tick step near `span / 5`: 1, 2, 2.5 or 5 × 10^k. */
function niceStep(span: number): number {
  const raw = span / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * p) return m * p;
  return 10 * p;
}

function matches(group: Readonly<Record<string, GroupValue>>, filter: Readonly<Record<string, GroupValue>> | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([k, v]) => group[k] === v);
}

/**
 * The trend of one indicator as an SVG line chart (a string): one line per group of `by` (default
 * the total), the rounds along the x axis, the value (with its 95 % interval) up the y axis, the
 * target as a dashed line when the indicator has one. Gaps where a round has no value.
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorTrend, trendSvg, PERSON_INDICATORS } from '@canji/indicators';
 * const round = (yes: number, no: number, asOf: string) => computeIndicators(
 *   [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })],
 *   { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf });
 * const trend = indicatorTrend([{ round: '2018年', result: round(30, 70, '2018-06-30') }, { round: '2019年', result: round(48, 52, '2019-06-30') }]);
 * const svg = trendSvg(trend, 'family-doctor-contract-rate');
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'); //=> true
 * svg.includes('<title>合计 2019年：48.0%（95%区间 38.5%–57.7%；分子 48，分母 100）</title>'); //=> true
 * ```
 */
export function trendSvg(trend: IndicatorTrend, indicatorId: string, options: TrendSvgOptions = {}): string {
  if (trend === null || typeof trend !== 'object' || !isList(trend.rows) || !isList(trend.rounds)) throw new TypeError('INDICATOR_TREND_INPUT: trendSvg 须给出 indicatorTrend 的结果');
  const meta = trend.indicators.find((i) => i.id === indicatorId);
  if (!meta) throw new TypeError(`INDICATOR_TREND_INDICATOR: 趋势中没有指标“${indicatorId}”（有 ${trend.indicators.map((i) => i.id).join('、')}）`);
  const opts: TrendSvgOptions = { regionNames: trend.regionNames, ...options };
  const by = opts.by ?? [];
  const digits = opts.digits ?? 1;
  const W = opts.width ?? 640;
  const H = opts.height ?? 360;
  const id = (opts.idPrefix ?? `canji-trend-${indicatorId}`).replace(/[^A-Za-z0-9_-]/g, '-');
  const unit = meta.unit;
  const fmt = (v: number) => `${v.toFixed(digits)}${unit === '%' || unit === '‰' ? unit : unit ? ` ${unit}` : ''}`;
  const picked = trend.rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.indicator === indicatorId && row.by.length === by.length && row.by.every((l) => by.includes(l)) && matches(row.group, opts.filter));
  const maxSeries = Math.max(1, opts.maxSeries ?? 8);
  const shown = picked.slice(0, maxSeries);
  const series = shown.map(({ row, index }, s) => {
    const hidden = opts.hidden?.[index];
    const points = row.points.map((p, k) => (p && p.value !== null && !hidden?.[k] ? p : null));
    return { name: comparisonGroupLabel(row.by, row.group, trend.dimensions, opts), points, hidden, colour: COLOURS[s % COLOURS.length]!, dash: DASHES[s % DASHES.length]! };
  });
  const n = trend.rounds.length;
  const title = opts.title ?? `${meta.name}：历年趋势（${trend.rounds[0]}${n > 1 ? `—${trend.rounds[n - 1]}` : ''}）`;

  // Scales.
  const legend = series.length > 1;
  const left = 64;
  const right = legend ? 150 : 24;
  const top = 48;
  const bottom = 52;
  const plotW = Math.max(40, W - left - right);
  const plotH = Math.max(40, H - top - bottom);
  const drawIntervals = opts.intervals ?? true;
  const ys: number[] = [];
  for (const s of series) for (const p of s.points) if (p) ys.push(p.value!, ...(drawIntervals && p.ciLower !== null && p.ciUpper !== null ? [p.ciLower, p.ciUpper] : []));
  const target = meta.target?.value;
  if (target !== undefined && ys.length) ys.push(target);
  let lo = ys.length ? Math.min(...ys) : 0;
  let hi = ys.length ? Math.max(...ys) : meta.factor;
  const span0 = hi - lo || Math.max(1, Math.abs(hi) * 0.1);
  lo -= span0 * 0.08;
  hi += span0 * 0.08;
  // A share cannot leave [0, factor]: the axis does not either.
  if (lo < 0 && ys.every((v) => v >= 0)) lo = 0;
  if (hi > meta.factor && ys.every((v) => v <= meta.factor)) hi = meta.factor;
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  if (hi <= lo) hi = lo + step;
  const y = (v: number) => r2(top + plotH - ((v - lo) / (hi - lo)) * plotH);
  // Inner padding so that the first and last round's labels stay inside the chart.
  const pad = Math.max(28, plotW * 0.06);
  const x = (k: number) => r2(n === 1 ? left + plotW / 2 : left + pad + (k * (plotW - 2 * pad)) / (n - 1));
  const tickDigits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (step / 10 ** Math.floor(Math.log10(step)) === 2.5 ? 1 : 0));

  // Text alternative: every value, in words.
  const pointText = (name: string, k: number, p: TrendPoint) =>
    `${name} ${trend.rounds[k]}：${fmt(p.value!)}` +
    (p.ciLower !== null && p.ciUpper !== null ? `（95%区间 ${fmt(p.ciLower)}–${fmt(p.ciUpper)}；分子 ${p.numerator}，分母 ${p.denominator}）` : '') +
    (p.smallCell ? '（小格）' : '');
  const descParts = series.map(
    (s) =>
      `${s.name}：` +
      trend.rounds.map((round, k) => `${round} ${s.hidden?.[k] ? '已抑制' : s.points[k] ? fmt(s.points[k]!.value!) : '无数据'}`).join('，'),
  );
  if (!series.length) descParts.push('没有可画的数据');
  if (picked.length > shown.length) descParts.push(`另有 ${picked.length - shown.length} 个单位未画出（${picked.slice(maxSeries).map(({ row }) => comparisonGroupLabel(row.by, row.group, trend.dimensions, opts)).join('、')}）`);
  const desc = `${meta.name}（${unit === '%' ? '百分比' : unit || '值'}）。${descParts.join('；')}。`;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${esc(FONT)}" font-size="12">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${left}" y="24" font-size="15" font-weight="bold" fill="#222222">${esc(title)}</text>`,
  );
  // Y axis: gridlines and ticks.
  out.push(`<g aria-hidden="true" fill="#444444" stroke="none">`);
  for (let v = lo, i = 0; v <= hi + step * 1e-6 && i < 50; v += step, i++) {
    const yy = y(v);
    out.push(`<line x1="${left}" y1="${yy}" x2="${left + plotW}" y2="${yy}" stroke="#e0e0e0" stroke-width="1"/>`);
    out.push(`<text x="${left - 8}" y="${r2(yy + 4)}" text-anchor="end">${esc(`${v.toFixed(tickDigits)}${unit === '%' || unit === '‰' ? unit : ''}`)}</text>`);
  }
  out.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#888888" stroke-width="1"/>`);
  out.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#888888" stroke-width="1"/>`);
  // X axis: one label per round.
  trend.rounds.forEach((round, k) => {
    out.push(`<line x1="${x(k)}" y1="${top + plotH}" x2="${x(k)}" y2="${top + plotH + 5}" stroke="#888888" stroke-width="1"/>`);
    out.push(`<text x="${x(k)}" y="${top + plotH + 20}" text-anchor="middle">${esc(round)}</text>`);
  });
  out.push(`<text x="${r2(left + plotW / 2)}" y="${H - 10}" text-anchor="middle" fill="#666666">轮次</text>`);
  out.push(`</g>`);
  if (target !== undefined && series.length) {
    const ty = y(target);
    out.push(
      `<g aria-hidden="true"><line x1="${left}" y1="${ty}" x2="${left + plotW}" y2="${ty}" stroke="#b00020" stroke-width="1" stroke-dasharray="5 4"/>`,
      `<text x="${left + 4}" y="${r2(ty - 4)}" text-anchor="start" fill="#b00020">${esc(`目标 ${meta.target!.comparison} ${fmt(target)}`)}</text></g>`,
    );
  }
  if (!series.length) out.push(`<text x="${r2(left + plotW / 2)}" y="${r2(top + plotH / 2)}" text-anchor="middle" fill="#666666">无数据</text>`);
  // The lines, with gaps where a round has no value; then the points with their tooltips.
  series.forEach((s, si) => {
    out.push(`<g class="series" data-series="${esc(s.name)}">`);
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${run.join(' ')}"/>`);
      run = [];
    };
    s.points.forEach((p, k) => {
      if (!p) return flush();
      run.push(`${x(k)},${y(p.value!)}`);
    });
    flush();
    s.points.forEach((p, k) => {
      if (!p) return;
      if (drawIntervals && p.ciLower !== null && p.ciUpper !== null) {
        const xx = x(k) + (si - (series.length - 1) / 2) * 3;
        out.push(`<line x1="${r2(xx)}" y1="${y(p.ciLower)}" x2="${r2(xx)}" y2="${y(p.ciUpper)}" stroke="${s.colour}" stroke-width="1" stroke-opacity="0.6" aria-hidden="true"/>`);
      }
      out.push(
        `<circle class="point" cx="${x(k)}" cy="${y(p.value!)}" r="4" fill="${p.smallCell ? '#ffffff' : s.colour}" stroke="${s.colour}" stroke-width="1.5"><title>${esc(pointText(s.name, k, p))}</title></circle>`,
      );
    });
    out.push(`</g>`);
  });
  if (legend) {
    out.push(`<g aria-hidden="true">`);
    series.forEach((s, si) => {
      const ly = top + 8 + si * 20;
      const lx = left + plotW + 16;
      out.push(
        `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
        `<circle cx="${lx + 12}" cy="${ly}" r="3.5" fill="${s.colour}"/>`,
        `<text x="${lx + 30}" y="${ly + 4}" fill="#222222">${esc(s.name.length > 12 ? `${s.name.slice(0, 11)}…` : s.name)}</text>`,
      );
    });
    out.push(`</g>`);
  }
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}
