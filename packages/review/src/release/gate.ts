/**
 * The release gate: an indicator table (`canji indicators` output, internal counts) goes out only
 * with an approval, after small-cell suppression along the region hierarchy (primary and
 * complementary, `@canji/deid`'s `suppressLinkedCells`), and after an exact audit shows that no
 * hidden count can be recomputed or narrowly bounded from what is published.
 */
import { suppressLinkedCells } from '@canji/deid';
import { groupValueLabel, indicatorRelations, type IndicatorResult, type RowRelation } from '@canji/indicators';
import { checkApprovalCovers, RELEASE_AUDIENCE_LABELS, type ReleaseApproval, type ReleaseAudience } from './approval.js';
import { auditSuppression, type SuppressionAudit } from './audit.js';
import { releaseFail, type ReleaseResult } from './errors.js';

type Row = IndicatorResult['rows'][number];

/**
 * Why a released row is hidden: `primary` (a count below the threshold), `secondary` (a complement
 * so that no relation holds a single hidden row), `linked` (hidden because another released
 * indicator publishes the same count, which would otherwise let a reader recompute a hidden one), `protection` (hidden so that every hidden count's
 * feasible range is at least the protection interval wide).
 *
 * @example
 * const r: HiddenReason = 'secondary';
 */
export type HiddenReason = 'primary' | 'secondary' | 'linked' | 'protection';

/**
 * Options of {@link releaseIndicatorTable}.
 *
 * @example
 * const o: ReleaseOptions = { approval, audience: 'public', minCell: 5, releasedOn: '2026-12-01', inputSha256: 'ab…', canjiVersion: '0.9.0' };
 */
export interface ReleaseOptions {
  readonly approval: ReleaseApproval;
  readonly audience: ReleaseAudience;
  /** Counts 1 … minCell − 1 are small (primary suppression). Integer ≥ 2; default 5. */
  readonly minCell?: number;
  /**
   * The protection interval: every hidden non-zero count's feasible range `[lower, upper]` must have
   * `upper − lower ≥ protection`. Integer ≥ 1; default `minCell` (a reader cannot narrow a hidden
   * count to fewer than `minCell + 1` possible values).
   */
  readonly protection?: number;
  /** Only these indicators (default all in the input). */
  readonly indicators?: readonly string[];
  /** Release date, `YYYY-MM-DD` (explicit: nothing reads the clock). */
  readonly releasedOn: string;
  /** SHA-256 (hex) of the input file, recorded in the release record. */
  readonly inputSha256: string;
  readonly canjiVersion: string;
  /** Region names for the people's table (e.g. `getRegion(code)?.fullName`). */
  readonly regionName?: (code: string) => string | undefined;
}

/**
 * The release record written beside the released table: the approval, the suppression parameters,
 * the input's hash, the canji version, and what was hidden and why — by count only.
 *
 * @example
 * record.suppression.hidden //=> { primary: 12, secondary: 9, linked: 0, protection: 2 }
 */
export interface ReleaseRecord {
  readonly kind: 'canji-release-record';
  readonly version: 1;
  readonly approval: ReleaseApproval;
  readonly audience: ReleaseAudience;
  readonly audienceLabel: string;
  readonly releasedOn: string;
  readonly canjiVersion: string;
  readonly input: { readonly sha256: string; readonly asOf: string; readonly records: number; readonly indicators: readonly string[]; readonly rows: number };
  readonly suppression: {
    readonly threshold: number;
    readonly protection: number;
    readonly rule: string;
    readonly rows: number;
    readonly published: number;
    readonly hidden: Readonly<Record<HiddenReason, number>>;
    readonly byIndicator: Readonly<Record<string, Readonly<Record<HiddenReason, number>>>>;
  };
  readonly audit: { readonly method: 'exact-lp'; readonly checkedCounts: number; readonly passed: true; readonly rule: string };
}

/**
 * Result of {@link releaseIndicatorTable}: the selected rows, why each is hidden, the audit (with
 * true values and ranges: internal, never published) and the record.
 *
 * @example
 * released.hidden.filter(Boolean).length //=> rows hidden
 */
export interface ReleasedTable {
  readonly result: IndicatorResult;
  readonly hidden: readonly (HiddenReason | undefined)[];
  readonly relations: readonly RowRelation[];
  readonly audit: SuppressionAudit;
  readonly record: ReleaseRecord;
}

/** Measures per row, as the audit sees them: numerator, complement (denominator − numerator), missing. */
const N = 0;
const C = 1;
const M = 2;
const QUANTITIES = [
  { name: 'numerator', terms: [N] },
  { name: 'complement', terms: [C] },
  { name: 'denominator', terms: [N, C] },
  { name: 'missing', terms: [M] },
] as const;
const EXPRESSIONS: readonly (readonly number[])[] = [[N], [C], [M], [N, C], [N, C, M]];

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Checks that a value is an indicator result with internal counts (parsed JSON of
 * `canji indicators --unsuppressed --out x.json`). Errors: `RELEASE_INPUT_INVALID`,
 * `RELEASE_INPUT_SUPPRESSED`.
 *
 * @example
 * parseIndicatorTable(JSON.parse(text)).ok //=> true
 */
export function parseIndicatorTable(input: unknown): ReleaseResult<IndicatorResult> {
  if (input === null || typeof input !== 'object') return releaseFail('RELEASE_INPUT_INVALID', '输入不是指标结果（应为 canji indicators 输出的 JSON）');
  const o = input as Record<string, unknown>;
  if (!Array.isArray(o.rows) || !Array.isArray(o.dimensions) || !Array.isArray(o.indicators) || typeof o.asOf !== 'string') {
    return releaseFail('RELEASE_INPUT_INVALID', '输入不是指标结果：缺少 rows、dimensions、indicators 或 asOf（应为 canji indicators --out x.json 的输出）');
  }
  if ('suppression' in o) return releaseFail('RELEASE_INPUT_SUPPRESSED', '输入已做过小格抑制（被抑制的计数已删去）：发布审核需要内部结果，请用 canji indicators --unsuppressed --out x.json 生成');
  for (const [i, r] of (o.rows as unknown[]).entries()) {
    const row = r as Record<string, unknown> | null;
    if (!row || typeof row !== 'object' || typeof row.indicator !== 'string' || !Array.isArray(row.by) || typeof row.group !== 'object' || row.group === null) {
      return releaseFail('RELEASE_INPUT_INVALID', `第 ${i + 1} 行不是指标行（缺少 indicator、by 或 group）`);
    }
    if (row.suppressed === true || row.numerator === null) return releaseFail('RELEASE_INPUT_SUPPRESSED', `第 ${i + 1} 行已被抑制：发布审核需要内部结果（canji indicators --unsuppressed）`);
    if (!isCount(row.numerator) || !isCount(row.denominator) || !isCount(row.missing) || row.numerator > row.denominator) {
      return releaseFail('RELEASE_INPUT_INVALID', `第 ${i + 1} 行的分子、分母、未答应为非负整数且分子不大于分母`);
    }
  }
  return { ok: true, value: input as IndicatorResult };
}

const rowKey = (r: Row): string => `${r.by.join(',')}\u0001${JSON.stringify(Object.entries(r.group).sort(([a], [b]) => (a < b ? -1 : 1)))}`;

/** Equal counts published by two indicators (same groups, same vector): a reader can use one for the other. */
function findLinks(rows: readonly Row[], measures: readonly (readonly number[])[]): { a: number; aTerms: readonly number[]; b: number; bTerms: readonly number[] }[] {
  const byIndicator = new Map<string, Map<string, number>>();
  rows.forEach((r, i) => {
    let m = byIndicator.get(r.indicator);
    if (!m) byIndicator.set(r.indicator, (m = new Map()));
    m.set(rowKey(r), i);
  });
  const seen = new Map<string, { indicator: string; terms: readonly number[] }>();
  const links: { a: number; aTerms: readonly number[]; b: number; bTerms: readonly number[] }[] = [];
  for (const [indicator, keys] of byIndicator) {
    const order = [...keys.keys()].sort();
    for (const terms of EXPRESSIONS) {
      const vec = order.map((k) => terms.reduce((s, t) => s + measures[t]![keys.get(k)!]!, 0));
      if (vec.every((v) => v === 0)) continue;
      const sig = `${order.join('\u0002')}\u0003${vec.join(',')}`;
      const first = seen.get(sig);
      if (!first) {
        seen.set(sig, { indicator, terms });
        continue;
      }
      if (first.indicator === indicator) continue;
      const other = byIndicator.get(first.indicator)!;
      for (const k of order) links.push({ a: other.get(k)!, aTerms: first.terms, b: keys.get(k)!, bTerms: terms });
    }
  }
  return links;
}

const zeroCounts = (): Record<HiddenReason, number> => ({ primary: 0, secondary: 0, linked: 0, protection: 0 });

/**
 * Releases an indicator table through the gate. Steps: (1) the approval must cover the audience
 * and precede the release; (2) primary suppression: a row covering anyone whose numerator,
 * complement, denominator or missing count is 1 … minCell − 1; (3) complementary suppression per
 * indicator along the additive relations of the rows (region roll-ups, breakdown totals:
 * `indicatorRelations`); (4) the exact audit ({@link auditSuppression}) over all released indicators at once; each
 * failing count gets one more hidden row in a relation through it (the largest published one), and
 * (3)–(4) repeat. When nothing is left to hide and the audit still fails, nothing is released
 * (`RELEASE_AUDIT_FAILED`).
 *
 * Errors: those of `checkApprovalCovers`, `RELEASE_OPTIONS_INVALID`, `RELEASE_INDICATOR_UNKNOWN`,
 * `RELEASE_NOT_ADDITIVE`, `RELEASE_AUDIT_FAILED`.
 *
 * @example
 * const r = releaseIndicatorTable(result, { approval, audience: 'public', minCell: 5, releasedOn: '2026-12-01', inputSha256, canjiVersion: '0.9.0' });
 * if (r.ok) r.value.record.audit.passed //=> true
 */
export function releaseIndicatorTable(input: IndicatorResult, options: ReleaseOptions): ReleaseResult<ReleasedTable> {
  const covers = checkApprovalCovers(options.approval, options.audience, options.releasedOn);
  if (!covers.ok) return covers;
  const t = options.minCell ?? 5;
  if (!Number.isInteger(t) || t < 2) return releaseFail('RELEASE_OPTIONS_INVALID', `最小格（minCell）应为不小于 2 的整数（收到“${String(options.minCell)}”）`, 'minCell');
  const protection = options.protection ?? t;
  if (!Number.isInteger(protection) || protection < 1) return releaseFail('RELEASE_OPTIONS_INVALID', `保护区间（protection）应为正整数（收到“${String(options.protection)}”）`, 'protection');
  if (!/^[0-9a-f]{64}$/.test(options.inputSha256)) return releaseFail('RELEASE_OPTIONS_INVALID', '输入文件的 SHA-256 应为 64 位十六进制', 'inputSha256');
  const known = new Set(input.indicators.map((i) => i.id));
  for (const id of options.indicators ?? []) if (!known.has(id)) return releaseFail('RELEASE_INDICATOR_UNKNOWN', `输入中没有指标“${id}”：有 ${[...known].join('、')}`, 'indicators');
  const want = new Set(options.indicators?.length ? options.indicators : known);
  const rows = input.rows.filter((r) => want.has(r.indicator));
  const result: IndicatorResult = { ...input, indicators: input.indicators.filter((i) => want.has(i.id)), rows };

  const measures = [rows.map((r) => r.numerator), rows.map((r) => r.denominator - r.numerator), rows.map((r) => r.missing)];
  const relations = indicatorRelations(result);
  for (const rel of relations) {
    for (const m of measures) {
      const sum = rel.parts.reduce((s, p) => s + m[p]!, 0);
      if (sum !== m[rel.total]) return releaseFail('RELEASE_NOT_ADDITIVE', `指标 ${rows[rel.total]!.indicator} 的汇总行与其组成部分之和不符（${m[rel.total]} ≠ ${sum}）：请重新计算指标`);
    }
  }
  const links = findLinks(rows, measures);
  const small = (v: number) => v > 0 && v < t;
  const forced = new Map<number, HiddenReason>();
  rows.forEach((r, i) => {
    if (r.denominator + r.missing > 0 && (small(r.numerator) || small(r.denominator - r.numerator) || small(r.denominator) || small(r.missing))) forced.set(i, 'primary');
  });
  const byIndicator = new Map<string, number[]>();
  rows.forEach((r, i) => {
    let l = byIndicator.get(r.indicator);
    if (!l) byIndicator.set(r.indicator, (l = []));
    l.push(i);
  });
  const localRelations = new Map<string, { total: number; parts: number[] }[]>();
  for (const [id, list] of byIndicator) {
    const local = new Map(list.map((row, j) => [row, j]));
    localRelations.set(id, relations.filter((r) => local.has(r.total)).map((r) => ({ total: local.get(r.total)!, parts: r.parts.map((p) => local.get(p)!) })));
  }

  let hidden: boolean[] = rows.map(() => false);
  let audit: SuppressionAudit | undefined;
  for (let round = 0; round < rows.length + 2; round++) {
    hidden = rows.map(() => false);
    for (const [id, list] of byIndicator) {
      const s = suppressLinkedCells({
        measures: [list.map((i) => rows[i]!.denominator), ...measures.map((m) => list.map((i) => m[i]!))],
        relations: localRelations.get(id)!,
        primary: list.map((i) => forced.has(i)),
      });
      if (!s.ok) return releaseFail('RELEASE_NOT_ADDITIVE', `指标 ${id} 无法做小格抑制 [${s.error.code}]：${s.error.message}`);
      s.value.status.forEach((st, j) => void (st !== 'published' && (hidden[list[j]!] = true)));
    }
    audit = auditSuppression({ measures, relations, hidden, quantities: QUANTITIES, links, protection });
    if (audit.ok) break;
    let repaired = false;
    const linkedTo = (c: number) => links.flatMap((l) => (l.a === c ? [l.b] : l.b === c ? [l.a] : []));
    for (const cell of new Set(audit.failures.map((f) => f.cell))) {
      const through = relations.filter((r) => r.total === cell || r.parts.includes(cell)).sort((a, b) => a.parts.length - b.parts.length);
      // A hidden cell beside it whose count another indicator publishes: hide it there too.
      let pick: number | undefined;
      let reason: HiddenReason = 'linked';
      for (const r of through) for (const c of [...r.parts, r.total]) if (hidden[c]) for (const o of linkedTo(c)) if (!hidden[o] && !forced.has(o)) pick ??= o;
      if (pick === undefined) {
        reason = 'protection';
        for (const r of through) {
          for (const c of [...r.parts, r.total]) if (!hidden[c] && !forced.has(c) && (pick === undefined || rows[c]!.denominator > rows[pick]!.denominator)) pick = c;
          if (pick !== undefined) break;
        }
      }
      if (pick !== undefined) {
        forced.set(pick, reason);
        repaired = true;
      }
    }
    if (!repaired) break;
  }
  if (!audit?.ok) {
    const n = audit?.failures.length ?? 0;
    return releaseFail('RELEASE_AUDIT_FAILED', `审核未通过：有 ${n} 个被抑制的计数仍可推算或可被限定在小于 ${protection} 的范围内，且无可再抑制的格；请合并分组、减少分组维度或提高 --min-cell。未发布任何数据`);
  }

  const reasons: (HiddenReason | undefined)[] = hidden.map((h, i) => (h ? (forced.get(i) ?? 'secondary') : undefined));
  const counts = zeroCounts();
  const perIndicator: Record<string, Record<HiddenReason, number>> = {};
  reasons.forEach((r, i) => {
    const id = rows[i]!.indicator;
    perIndicator[id] ??= zeroCounts();
    if (!r) return;
    counts[r]++;
    perIndicator[id]![r]++;
  });
  const hiddenRows = reasons.filter(Boolean).length;
  const record: ReleaseRecord = {
    kind: 'canji-release-record',
    version: 1,
    approval: options.approval,
    audience: options.audience,
    audienceLabel: RELEASE_AUDIENCE_LABELS[options.audience],
    releasedOn: options.releasedOn,
    canjiVersion: options.canjiVersion,
    input: { sha256: options.inputSha256, asOf: input.asOf, records: input.records, indicators: result.indicators.map((i) => i.id), rows: rows.length },
    suppression: {
      threshold: t,
      protection,
      rule: `覆盖人数大于 0 且分子、分母、分母−分子或未答人数为 1–${t - 1} 的行为首要抑制；每个汇总关系（地区逐级汇总、分组合计）中不只隐去一行（补充抑制）；两个指标公布相同计数时，按关联关系一并审核（必要时在另一指标中也隐去）`,
      rows: rows.length,
      published: rows.length - hiddenRows,
      hidden: counts,
      byIndicator: perIndicator,
    },
    audit: {
      method: 'exact-lp',
      checkedCounts: audit.ranges.length,
      passed: true,
      rule: `对每个被抑制的非零计数（分子、分母、分母−分子、未答），按全部公布的格、汇总关系与非负约束用精确线性规划求其可能取值范围 [下界, 上界]；范围宽度（上界−下界）不小于 ${protection} 方可发布`,
    },
  };
  return { ok: true, value: { result, hidden: reasons, relations, audit, record } };
}

/**
 * One row of the released table for people (zh-CN headers: {@link RELEASED_TABLE_HEADERS}); a hidden
 * row keeps its group and shows no count, value or interval.
 *
 * @example
 * releasedTableRows(released)[0] //=> ['household-visit-rate', '入户率', '合计', 276, 300, 0, 92, 88.37, 94.57, '']
 */
export function releasedTableRows(table: ReleasedTable, options: { readonly regionName?: (code: string) => string | undefined } = {}): (string | number | null)[][] {
  const names = new Map(table.result.indicators.map((i) => [i.id, i.name]));
  const dims = table.result.dimensions;
  const regionLevels = new Set(['province', 'prefecture', 'county', 'township', 'village']);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return table.result.rows.map((r, i) => {
    const group = r.by.length
      ? r.by
          .map((lvl) => {
            const dim = dims.find((d) => d.id === lvl || (d.id === 'region' && regionLevels.has(lvl)));
            const id = dim?.id ?? lvl;
            return groupValueLabel(id, r.group[id] ?? null, options.regionName ? { regionName: options.regionName } : {});
          })
          .join(' × ')
      : '合计';
    const h = table.hidden[i];
    if (h) return [r.indicator, names.get(r.indicator) ?? r.indicator, group, null, null, null, null, null, null, '已抑制'];
    return [r.indicator, names.get(r.indicator) ?? r.indicator, group, r.numerator, r.denominator, r.missing, round(r.value), round(r.ciLower), round(r.ciUpper), ''];
  });
}

/** Headers of {@link releasedTableRows}. */
export const RELEASED_TABLE_HEADERS: readonly string[] = ['指标编号', '指标', '分组', '分子', '分母', '未答', '值', '95%区间下限', '95%区间上限', '说明'];
