/**
 * Trends over N rounds (历年趋势): every indicator in every group, one point per round, and the change
 * from each round to the next with its interval (Newcombe's independent method, as the
 * all-persons comparison of {@link compareIndicatorResults}).
 */
import type { IndicatorRow } from './compute.js';
import type { DimensionInfo, GroupValue } from './dimensions.js';
import type { IndicatorMetadata } from './model.js';
import type { LabelOptions } from './output.js';
import { comparisonGroupLabel, compareIndicatorResults, groupKeyOf, type ComparableResult, type DifferenceMethod } from './year-on-year.js';

/** `Array.isArray` without narrowing a readonly array to `any[]`. */
const isList = (v: unknown): boolean => Array.isArray(v);

/**
 * One round of a trend: its label and its result.
 *
 * @example
 * ```ts
 * import { computeIndicators, type TrendRound } from '@canji/indicators';
 * const round: TrendRound = { round: '2019年', result: computeIndicators([], { asOf: '2019-06-30' }) };
 * ```
 */
export interface TrendRound {
  /** Shown as the column and the axis label, e.g. '2019年'; unique within a trend. */
  readonly round: string;
  readonly result: ComparableResult;
}

/**
 * An indicator's value in one group in one round.
 *
 * @example
 * ```ts
 * import type { TrendPoint } from '@canji/indicators';
 * const p: TrendPoint = { numerator: 56, denominator: 70, missing: 0, value: 80, ciLower: 69.2, ciUpper: 87.7, smallCell: false };
 * ```
 */
export interface TrendPoint {
  readonly numerator: number;
  readonly denominator: number;
  readonly missing: number;
  readonly value: number | null;
  readonly ciLower: number | null;
  readonly ciUpper: number | null;
  readonly smallCell: boolean;
}

/**
 * The change of a group's value from one round to the next.
 *
 * @example
 * ```ts
 * import type { TrendChange } from '@canji/indicators';
 * const c: TrendChange = { difference: 20, ciLower: 5.2, ciUpper: 33.4, significant: true, method: 'newcombe-independent' };
 * ```
 */
export interface TrendChange {
  readonly difference: number | null;
  readonly ciLower: number | null;
  readonly ciUpper: number | null;
  readonly significant: boolean | null;
  readonly method: DifferenceMethod;
}

/**
 * One indicator in one group over the rounds.
 *
 * @example
 * ```ts
 * import type { TrendRow } from '@canji/indicators';
 * const row: TrendRow = { indicator: 'employment-rate', by: [], group: {}, points: [null], changes: [] };
 * ```
 */
export interface TrendRow {
  readonly indicator: string;
  readonly by: readonly string[];
  readonly group: Readonly<Record<string, GroupValue>>;
  /** One per round (in `IndicatorTrend.rounds` order); `null` where the round has no such group. */
  readonly points: readonly (TrendPoint | null)[];
  /** `changes[k]` is round k + 1 against round k (length: rounds − 1). */
  readonly changes: readonly TrendChange[];
}

/**
 * A trend table: per indicator and group, one point per round.
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorTrend, type IndicatorTrend } from '@canji/indicators';
 * const t: IndicatorTrend = indicatorTrend([
 *   { round: '2018年', result: computeIndicators([], { asOf: '2018-06-30' }) },
 *   { round: '2019年', result: computeIndicators([], { asOf: '2019-06-30' }) },
 * ]);
 * t.rounds; //=> ['2018年', '2019年']
 * ```
 */
export interface IndicatorTrend {
  readonly rounds: readonly string[];
  readonly asOf: readonly string[];
  /** The indicators of any round, the latest round's metadata first. */
  readonly indicators: readonly IndicatorMetadata[];
  /** The latest round's dimensions. */
  readonly dimensions: readonly DimensionInfo[];
  readonly rows: readonly TrendRow[];
  readonly regionNames?: Readonly<Record<string, string>>;
  /** zh-CN notes: rounds not in date order, indicators missing from some rounds. */
  readonly warnings: readonly string[];
}

function pointOf(r: IndicatorRow): TrendPoint {
  return { numerator: r.numerator, denominator: r.denominator, missing: r.missing, value: r.value, ciLower: r.ciLower, ciUpper: r.ciUpper, smallCell: r.smallCell };
}

function dimIdFor(dimensions: readonly DimensionInfo[], level: string): string {
  return dimensions.find((d) => d.levels.includes(level))?.id ?? level;
}

/**
 * The trend of every indicator in every group over the given rounds, oldest first. Groups are
 * matched by indicator, `by` and group values, as in {@link compareIndicatorResults}; rows follow
 * the latest round's order, then groups found only in earlier rounds. Each change is the
 * all-persons comparison of two consecutive rounds (independent samples).
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorTrend, PERSON_INDICATORS } from '@canji/indicators';
 * const round = (yes: number, no: number, asOf: string) => computeIndicators(
 *   [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })],
 *   { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf });
 * const t = indicatorTrend([
 *   { round: '2017年', result: round(30, 70, '2017-06-30') },
 *   { round: '2018年', result: round(48, 52, '2018-06-30') },
 *   { round: '2019年', result: round(50, 50, '2019-06-30') },
 * ]);
 * t.rows[0]!.points.map((p) => p?.value); //=> [30, 48, 50]
 * t.rows[0]!.changes.map((c) => c.significant); //=> [true, false]
 * ```
 */
export function indicatorTrend(rounds: readonly TrendRound[]): IndicatorTrend {
  if (!isList(rounds) || rounds.length === 0) throw new TypeError('INDICATOR_TREND_INPUT: 须给出至少一轮 { round, result }');
  const labels = rounds.map((r, i) => {
    if (r === null || typeof r !== 'object' || typeof r.round !== 'string' || r.round === '' || r.result === null || typeof r.result !== 'object' || !isList(r.result.rows)) {
      throw new TypeError(`INDICATOR_TREND_INPUT: 第 ${i + 1} 轮须为 { round: 名称, result: 指标计算结果 }`);
    }
    return r.round;
  });
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup !== undefined) throw new TypeError(`INDICATOR_TREND_ROUND: 轮次名称“${dup}”重复`);
  const warnings: string[] = [];
  const asOf = rounds.map((r) => r.result.asOf);
  for (let k = 1; k < asOf.length; k++) if (!(asOf[k - 1]! < asOf[k]!)) warnings.push(`轮次未按参照日期排列：${labels[k - 1]}（${asOf[k - 1]}）不早于 ${labels[k]}（${asOf[k]}）`);
  const last = rounds[rounds.length - 1]!.result;
  const indicators: IndicatorMetadata[] = [];
  for (const r of [...rounds].reverse()) for (const i of r.result.indicators) if (!indicators.some((x) => x.id === i.id)) indicators.push(i);
  for (const ind of indicators) {
    const missing = rounds.filter((r) => !r.result.indicators.some((i) => i.id === ind.id)).map((r) => r.round);
    if (missing.length) warnings.push(`指标“${ind.name}”（${ind.id}）在 ${missing.join('、')} 未计算（表式版本或部门数据不同）`);
  }
  // Rows: the latest round's order, then earlier rounds' groups not yet seen.
  const index = new Map<string, { indicator: string; by: readonly string[]; group: Readonly<Record<string, GroupValue>>; points: (TrendPoint | null)[] }>();
  for (let k = rounds.length - 1; k >= 0; k--) {
    const res = rounds[k]!.result;
    for (const r of res.rows) {
      const key = r.indicator + '\u0003' + groupKeyOf(r.by, r.by.map((l) => r.group[dimIdFor(res.dimensions, l)]));
      let entry = index.get(key);
      if (!entry) index.set(key, (entry = { indicator: r.indicator, by: r.by, group: r.group, points: rounds.map(() => null) }));
      entry.points[k] = pointOf(r);
    }
  }
  // Each change from the pairwise comparison (one matching of rows per pair of rounds).
  const changes = new Map<string, TrendChange[]>();
  for (let k = 1; k < rounds.length; k++) {
    const cmp = compareIndicatorResults(rounds[k]!.result, rounds[k - 1]!.result);
    for (const c of cmp.rows) {
      const key = c.indicator + '\u0003' + groupKeyOf(c.by, c.by.map((l) => c.group[dimIdFor(cmp.dimensions, l)]));
      let list = changes.get(key);
      if (!list) changes.set(key, (list = []));
      list[k - 1] = { difference: c.difference, ciLower: c.ciLower, ciUpper: c.ciUpper, significant: c.significant, method: c.method };
    }
  }
  const noData: TrendChange = { difference: null, ciLower: null, ciUpper: null, significant: null, method: 'no-data' };
  const rows: TrendRow[] = [...index.entries()].map(([key, e]) => {
    const list = changes.get(key) ?? [];
    return { ...e, changes: rounds.slice(1).map((_r, k) => list[k] ?? noData) };
  });
  const names = rounds.reduce<Record<string, string> | undefined>((acc, r) => (r.result.regionNames ? { ...(acc ?? {}), ...r.result.regionNames } : acc), undefined);
  return { rounds: labels, asOf, indicators, dimensions: last.dimensions, rows, warnings, ...(names ? { regionNames: names } : {}) };
}

/**
 * Options of {@link indicatorTrendToMarkdown}.
 *
 * @example
 * ```ts
 * import type { TrendMarkdownOptions } from '@canji/indicators';
 * const opts: TrendMarkdownOptions = { digits: 1, by: ['county'] };
 * ```
 */
export interface TrendMarkdownOptions extends LabelOptions {
  readonly digits?: number;
  readonly title?: string;
  readonly heading?: '#' | '##' | '###';
  /** Only the groups of this grouping (e.g. `[]` the totals, `['township']`); default: every row. */
  readonly by?: readonly string[];
  /** Rows (aligned with `trend.rows`) per round hidden by small-cell suppression: `hidden[row][round]`. */
  readonly hidden?: readonly (readonly boolean[] | undefined)[];
}

const sameBy = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((l) => b.includes(l));

function valueText(v: number | null | undefined, unit: string, digits: number): string {
  if (v === null || v === undefined) return '—';
  return `${v.toFixed(digits)}${unit === '%' || unit === '‰' ? unit : unit ? ` ${unit}` : ''}`;
}

function signed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  if (Number(s) === 0) return (0).toFixed(digits);
  return v > 0 ? `+${s}` : s.replace('-', '−');
}

/**
 * A trend as Markdown: per indicator a table of 单位 and one column per round, then the latest
 * change (差值 and whether it is 显著, i.e. its 95 % interval excludes 0).
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorTrend, indicatorTrendToMarkdown, PERSON_INDICATORS } from '@canji/indicators';
 * const round = (yes: number, no: number, asOf: string) => computeIndicators(
 *   [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })],
 *   { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf });
 * const t = indicatorTrend([{ round: '2018年', result: round(30, 70, '2018-06-30') }, { round: '2019年', result: round(48, 52, '2019-06-30') }]);
 * indicatorTrendToMarkdown(t).includes('| 合计 | 30.0% | 48.0% | +18.0 | 是 |'); //=> true
 * ```
 */
export function indicatorTrendToMarkdown(trend: IndicatorTrend, options: TrendMarkdownOptions = {}): string {
  const opts: TrendMarkdownOptions = { regionNames: trend.regionNames, ...options };
  const digits = opts.digits ?? 1;
  const h = opts.heading ?? '##';
  const n = trend.rounds.length;
  const out = [`${h} ${opts.title ?? `历年趋势：${trend.rounds.join('、')}`}`, ''];
  const lastChange = n > 1 ? `差值（${trend.rounds[n - 1]}比${trend.rounds[n - 2]}）` : '';
  for (const ind of trend.indicators) {
    const rows = trend.rows.map((r, i) => [r, i] as const).filter(([r]) => r.indicator === ind.id && (!opts.by || sameBy(r.by, opts.by)));
    if (!rows.length) continue;
    const unitNote = ind.unit === '%' ? '（差值为百分点）' : '';
    out.push(`${h}# ${ind.name}（${ind.id}）${unitNote}`, '');
    const head = ['单位', ...trend.rounds, ...(n > 1 ? [lastChange, '显著'] : [])];
    out.push(`| ${head.join(' | ')} |`, `|---|${trend.rounds.map(() => '---:').join('|')}${n > 1 ? '|---:|---|' : ''}`);
    for (const [r, i] of rows) {
      const hidden = opts.hidden?.[i];
      const cells = [comparisonGroupLabel(r.by, r.group, trend.dimensions, opts).replace(/\|/g, '\\|')];
      r.points.forEach((p, k) => cells.push(hidden?.[k] ? '（已抑制）' : valueText(p?.value, ind.unit, digits)));
      if (n > 1) {
        const c = r.changes[n - 2]!;
        const hide = hidden?.[n - 1] || hidden?.[n - 2];
        cells.push(hide || c.difference === null ? '—' : signed(c.difference, digits), hide || c.significant === null ? '—' : c.significant ? '是' : '否');
      }
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  for (const w of trend.warnings) out.push(`> ${w}`, '');
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Options of {@link indicatorTrendToCsv}.
 *
 * @example
 * ```ts
 * import type { TrendCsvOptions } from '@canji/indicators';
 * const opts: TrendCsvOptions = { digits: 2, bom: true };
 * ```
 */
export interface TrendCsvOptions extends LabelOptions {
  readonly digits?: number;
  readonly bom?: boolean;
  /** As {@link TrendMarkdownOptions.hidden}. */
  readonly hidden?: readonly (readonly boolean[] | undefined)[];
}

/**
 * A trend as CSV in long form, one line per indicator, group and round: counts, value, interval,
 * and the change from the round before (difference, interval, significance, method).
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorTrend, indicatorTrendToCsv, PERSON_INDICATORS } from '@canji/indicators';
 * const round = (yes: number, no: number, asOf: string) => computeIndicators(
 *   [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })],
 *   { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf });
 * const csv = indicatorTrendToCsv(indicatorTrend([{ round: '2018年', result: round(30, 70, '2018-06-30') }, { round: '2019年', result: round(48, 52, '2019-06-30') }]), { digits: 1 });
 * csv.split('\n')[2]; //=> 'family-doctor-contract-rate,家庭医生签约率,total,合计,2019年,2019-06-30,48,100,0,48.0,%,38.5,57.7,false,18.0,4.5,30.6,true,newcombe-independent,'
 * ```
 */
export function indicatorTrendToCsv(trend: IndicatorTrend, options: TrendCsvOptions = {}): string {
  const opts: TrendCsvOptions = { regionNames: trend.regionNames, ...options };
  const d = opts.digits;
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : d === undefined ? v : v.toFixed(d));
  const header = [
    'indicator_id', 'indicator_name', 'grouping', 'unit_name', 'round', 'as_of', 'numerator', 'denominator', 'missing', 'value', 'value_unit', 'ci_lower', 'ci_upper', 'small_cell',
    'change', 'change_ci_lower', 'change_ci_upper', 'change_significant', 'change_method', 'suppressed',
  ];
  const meta = new Map(trend.indicators.map((i) => [i.id, i]));
  const lines = [header.join(',')];
  trend.rows.forEach((r, i) => {
    const hidden = opts.hidden?.[i];
    r.points.forEach((p, k) => {
      const c = k > 0 ? r.changes[k - 1]! : undefined;
      const hide = Boolean(hidden?.[k]);
      const hideChange = hide || Boolean(k > 0 && hidden?.[k - 1]);
      const cells: (string | number | boolean | null)[] = [
        r.indicator, meta.get(r.indicator)?.name ?? '', r.by.length ? r.by.join('×') : 'total', comparisonGroupLabel(r.by, r.group, trend.dimensions, opts), trend.rounds[k]!, trend.asOf[k]!,
      ];
      if (hide || !p) cells.push(null, null, null, null, meta.get(r.indicator)?.unit ?? '', null, null, null);
      else cells.push(p.numerator, p.denominator, p.missing, num(p.value), meta.get(r.indicator)?.unit ?? '', num(p.ciLower), num(p.ciUpper), p.smallCell);
      if (!c || hideChange) cells.push(null, null, null, null, c && !hideChange ? c.method : null);
      else cells.push(num(c.difference), num(c.ciLower), num(c.ciUpper), c.significant, c.method);
      cells.push(opts.hidden ? hide : null);
      lines.push(cells.map(csvCell).join(','));
    });
  });
  return (opts.bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}
