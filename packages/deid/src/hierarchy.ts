import { ageAt, dateNumber } from '@canji/id';
import { deidFail, type DeidResult } from './errors.js';

/**
 * Generalisation hierarchies as plain data (JSON-serialisable): level 0 is the original value,
 * levels 1…n are ever coarser, and one more level above the last always exists: `'*'`, the value
 * removed entirely. A hierarchy says how to generalise; a policy or `enforceKAnonymity` says how
 * far.
 *
 * - `prefix` — codes generalised by keeping a prefix: 12-digit village codes → township (9) →
 *   county (6) → prefecture (4) → province (2). Optional `padTo` pads with `0` to a fixed length.
 * - `interval` — numbers into bands of nested widths (`[5, 10, 20]`: 5-year, 10-year, 20-year).
 * - `age` — a birth date (`YYYY-MM-DD`) into age bands at an explicit reference date `asOf`,
 *   optionally top-coded (`topCode: 90` → `'90+'`).
 * - `date` — a date to month, year or decade.
 * - `map` — explicit tables, one per level (`{ '1': '重度', '2': '重度', '3': '轻中度', … }`);
 *   a value missing from a table generalises to `'*'`.
 *
 * @example
 * const levelBands: Hierarchy = { kind: 'map', levels: [{ '1': '重度', '2': '重度', '3': '轻中度', '4': '轻中度' }] };
 * generalize(2, levelBands, 1) //=> '重度'
 */
export type Hierarchy =
  | { readonly kind: 'prefix'; readonly keep: readonly number[]; readonly padTo?: number; readonly labels?: readonly string[] }
  | { readonly kind: 'interval'; readonly widths: readonly number[]; readonly origin?: number; readonly labels?: readonly string[] }
  | { readonly kind: 'age'; readonly asOf: string; readonly widths: readonly number[]; readonly topCode?: number; readonly labels?: readonly string[] }
  | { readonly kind: 'date'; readonly levels: readonly ('month' | 'year' | 'decade')[]; readonly labels?: readonly string[] }
  | { readonly kind: 'map'; readonly levels: readonly Readonly<Record<string, string>>[]; readonly labels?: readonly string[] };

/**
 * The fully generalised (removed) value at a hierarchy's top level.
 *
 * @example
 * generalize('430104', HIERARCHIES.countyCode, 3) === SUPPRESSED //=> true
 */
export const SUPPRESSED = '*';

/**
 * Ready-made hierarchies for the person record.
 *
 * @example
 * generalize('430104001001', HIERARCHIES.regionCode, 2) //=> '430104'
 * generalize(4, HIERARCHIES.disabilityLevel, 1)          //=> '轻中度（三、四级）'
 */
export const HIERARCHIES = {
  /** 12-digit statistical division code → township (9) → county (6) → prefecture (4) → province (2). */
  regionCode: { kind: 'prefix', keep: [9, 6, 4, 2], labels: ['乡级', '县级', '地级', '省级'] },
  /** 6-digit county code (GB/T 2260) → prefecture → province. */
  countyCode: { kind: 'prefix', keep: [4, 2], labels: ['地级', '省级'] },
  /** Date → month → year → decade (`YYYY-MM-DD` → `YYYY-MM` → `YYYY` → `1990-1999`). */
  date: { kind: 'date', levels: ['month', 'year', 'decade'], labels: ['月', '年', '十年'] },
  /** 残疾等级 1–4 → 重度 (1–2) / 轻中度 (3–4), the split used by the care subsidy. */
  disabilityLevel: {
    kind: 'map',
    levels: [{ '1': '重度（一、二级）', '2': '重度（一、二级）', '3': '轻中度（三、四级）', '4': '轻中度（三、四级）' }],
    labels: ['重度/轻中度'],
  },
  /** 残疾类别 1–7 → single (1–6) / multiple (7). */
  disabilityCategory: {
    kind: 'map',
    levels: [{ '1': '单一残疾', '2': '单一残疾', '3': '单一残疾', '4': '单一残疾', '5': '单一残疾', '6': '单一残疾', '7': '多重残疾' }],
    labels: ['单一/多重'],
  },
} as const satisfies Record<string, Hierarchy>;

/**
 * An age-band hierarchy at a reference date (widths 5, 10, 20 years; ages 90 and over top-coded).
 *
 * @example
 * generalize('1949-12-31', ageHierarchy('2024-06-30'), 1) //=> '70-74'
 */
export function ageHierarchy(asOf: string, widths: readonly number[] = [5, 10, 20], topCode = 90): Hierarchy {
  return { kind: 'age', asOf, widths, topCode, labels: widths.map((w) => `${w}岁组`) };
}

/**
 * Number of generalisation levels above the original, including the final `'*'` level.
 *
 * @example
 * hierarchyHeight(HIERARCHIES.regionCode) //=> 5 (township, county, prefecture, province, '*')
 */
export function hierarchyHeight(h: Hierarchy): number {
  switch (h.kind) {
    case 'prefix':
      return h.keep.length + 1;
    case 'interval':
    case 'age':
      return h.widths.length + 1;
    case 'date':
      return h.levels.length + 1;
    case 'map':
      return h.levels.length + 1;
    default:
      return h satisfies never;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a hierarchy: prefixes strictly shrinking, widths positive and each a multiple of the one
 * before (so bands nest), a valid `asOf`, date levels in order, map levels that nest (values equal
 * at one level stay equal at the next).
 *
 * @example
 * validateHierarchy({ kind: 'interval', widths: [5, 7] }).ok //=> false (7 is not a multiple of 5)
 */
export function validateHierarchy(h: Hierarchy): DeidResult<Hierarchy> {
  try {
    return validateHierarchyUnsafe(h);
  } catch {
    return deidFail('DEID_HIERARCHY_INVALID', '泛化层级无效');
  }
}

function validateHierarchyUnsafe(h: Hierarchy): DeidResult<Hierarchy> {
  const bad = (why: string) => deidFail('DEID_HIERARCHY_INVALID', `泛化层级定义无效：${why}`);
  if (h === null || typeof h !== 'object') return bad('应为对象');
  switch (h.kind) {
    case 'prefix':
      for (let i = 0; i < h.keep.length; i++) {
        const k = h.keep[i]!;
        if (!Number.isInteger(k) || k < 0 || (i > 0 && k >= h.keep[i - 1]!)) return bad('prefix 的保留位数应为递减的非负整数');
      }
      return { ok: true, value: h };
    case 'age':
      if (!DATE.test(h.asOf) || dateNumber(h.asOf) === undefined) return bad('age 的参考日期 asOf 应为 YYYY-MM-DD 格式的有效日期');
    // falls through
    case 'interval':
      for (let i = 0; i < h.widths.length; i++) {
        const w = h.widths[i]!;
        if (!(w > 0) || (i > 0 && w % h.widths[i - 1]! !== 0)) return bad('区间宽度应为正数，且每一级是上一级的整数倍');
      }
      return { ok: true, value: h };
    case 'date': {
      const order = { month: 0, year: 1, decade: 2 } as const;
      for (let i = 1; i < h.levels.length; i++) if (order[h.levels[i]!] <= order[h.levels[i - 1]!]) return bad('date 的层级应按 月→年→十年 递增');
      return { ok: true, value: h };
    }
    case 'map':
      for (let i = 1; i < h.levels.length; i++) {
        const lower = h.levels[i - 1]!;
        const upper = h.levels[i]!;
        const seen = new Map<string, string>();
        for (const [v, g] of Object.entries(lower)) {
          const up = upper[v] ?? SUPPRESSED;
          const prev = seen.get(g);
          if (prev !== undefined && prev !== up) return bad(`map 第${i + 1}级把第${i}级的同一组“${g}”分到了不同组`);
          seen.set(g, up);
        }
      }
      return { ok: true, value: h };
    default:
      h satisfies never;
      return bad(`未知的层级类型“${String((h as { kind?: unknown })?.kind)}”`);
  }
}

function band(x: number, width: number, origin: number): string {
  const lo = Math.floor((x - origin) / width) * width + origin;
  return Number.isInteger(width) && Number.isInteger(origin) ? `${lo}-${lo + width - 1}` : `[${lo},${lo + width})`;
}

/**
 * Generalises one value to a hierarchy level. Level 0 returns the value unchanged; the level above
 * the last defined one (and any value the hierarchy cannot read) gives `'*'`. Multiple-choice
 * arrays and other non-scalar values are not generalised: any level above 0 gives `'*'`.
 *
 * @example
 * generalize('430104001001', HIERARCHIES.regionCode, 2)          //=> '430104'
 * generalize('1987-03-15', HIERARCHIES.date, 2)                  //=> '1987'
 * generalize(37, { kind: 'interval', widths: [5, 10] }, 2)       //=> '30-39'
 * generalize('1987-03-15', ageHierarchy('2024-10-31'), 1)        //=> '35-39'
 * generalize('430104001001', HIERARCHIES.regionCode, 5)          //=> '*'
 */
export function generalize(value: unknown, h: Hierarchy, level: number): unknown {
  if (level <= 0) return value;
  if (value === undefined || value === null || value === '') return value;
  const idx = level - 1;
  switch (h.kind) {
    case 'prefix': {
      const keep = h.keep[idx];
      if (keep === undefined || (typeof value !== 'string' && typeof value !== 'number')) return SUPPRESSED;
      const s = String(value).slice(0, keep);
      return h.padTo ? s.padEnd(h.padTo, '0') : s;
    }
    case 'interval': {
      const w = h.widths[idx];
      const x = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (w === undefined || !Number.isFinite(x)) return SUPPRESSED;
      return band(x, w, h.origin ?? 0);
    }
    case 'age': {
      const w = h.widths[idx];
      // Age at the reference date: @canji/id's ageAt (29 February birthdays reached on 1 March in common years).
      const age = typeof value === 'string' && value.length === 10 ? ageAt(dateNumber(value), h.asOf) : undefined;
      if (w === undefined || age === undefined) return SUPPRESSED;
      if (h.topCode !== undefined) {
        if (age >= h.topCode) return `${h.topCode}+`;
        const lo = Math.floor(age / w) * w;
        // A band that reaches past the top code ends below it: 80–99 becomes 80-89 when 90+ is separate.
        if (lo + w > h.topCode) return `${lo}-${h.topCode - 1}`;
      }
      return band(age, w, 0);
    }
    case 'date': {
      const step = h.levels[idx];
      const m = typeof value === 'string' ? /^(\d{4})-(\d{2})/.exec(value) : null;
      if (step === undefined || !m) return SUPPRESSED;
      switch (step) {
        case 'month':
          return `${m[1]}-${m[2]}`;
        case 'year':
          return m[1];
        case 'decade': {
          const d = Math.floor(+m[1]! / 10) * 10;
          return `${d}-${d + 9}`;
        }
        default:
          return step satisfies never;
      }
    }
    case 'map': {
      const table = h.levels[idx];
      if (table === undefined || (typeof value !== 'string' && typeof value !== 'number')) return SUPPRESSED;
      return table[String(value)] ?? SUPPRESSED;
    }
    default:
      return h satisfies never;
  }
}

/**
 * zh-CN name of a level, for reports: `'原值'`, the hierarchy's label, or `'完全隐去'`.
 *
 * @example
 * levelLabel(HIERARCHIES.regionCode, 2) //=> '县级'
 */
export function levelLabel(h: Hierarchy | undefined, level: number): string {
  if (level <= 0) return '原值';
  const height = h ? hierarchyHeight(h) : 1;
  if (level >= height) return '完全隐去';
  return h?.labels?.[level - 1] ?? `第${level}级`;
}
