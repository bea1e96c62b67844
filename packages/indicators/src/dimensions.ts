import { normalizeRegionLevel, REGION_LEVELS, REGION_LEVEL_LENGTH, type RegionLevel } from '@canji/regions';
/**
 * Breakdown dimensions (`by`): region at a level, disability category, level, sex, 户口性质, age band,
 * or a custom key. Each yields one value per record (or `null` = 未知), so breakdowns always add up
 * to the totals: a record with an unknown value lands in the `null` group instead of disappearing.
 */
import type { PersonRecordLike, RecordContext } from './record.js';

// The region levels are @canji/regions' (one owner); re-exported, not redeclared, so that
// `RegionLevel` and `REGION_LEVELS` mean the same thing whichever package they are imported from.
export { REGION_LEVELS, type RegionLevel };

/**
 * Digits of the code that identify a unit at each level.
 *
 * @example
 * ```ts
 * import { REGION_LEVEL_DIGITS } from '@canji/indicators';
 * REGION_LEVEL_DIGITS.township; //=> 9
 * ```
 */
export const REGION_LEVEL_DIGITS: Readonly<Record<RegionLevel, number>> = REGION_LEVEL_LENGTH;

/**
 * zh-CN names of the levels.
 *
 * @example
 * ```ts
 * import { REGION_LEVEL_LABELS } from '@canji/indicators';
 * REGION_LEVEL_LABELS.village; //=> '村（社区）'
 * ```
 */
export const REGION_LEVEL_LABELS: Readonly<Record<RegionLevel, string>> = { province: '省', prefecture: '市', county: '县', township: '乡镇', village: '村（社区）' };

/**
 * The code of the unit at `level` that contains `code`: province/prefecture/county as 6-digit GB/T 2260
 * codes ('430000', '430100', '430102'), township/village as 12-digit NBS codes. Rolls up by prefix,
 * so it needs no region table. `null` when the code is too short or not digits.
 *
 * @example
 * ```ts
 * import { regionCodeAt } from '@canji/indicators';
 * regionCodeAt('430102001001', 'prefecture'); //=> '430100'
 * regionCodeAt('430102001001', 'township'); //=> '430102001000'
 * regionCodeAt('430102', 'village'); //=> null
 * ```
 */
export function regionCodeAt(code: string | null | undefined, level: RegionLevel): string | null {
  if (typeof code !== 'string') return null;
  const digits = REGION_LEVEL_DIGITS[level];
  if (code.length < digits) return null;
  for (let i = 0; i < digits; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const width = digits <= 6 ? 6 : 12;
  if (code.length === width && (digits === width || allZero(code, digits))) return code;
  return code.slice(0, digits).padEnd(width, '0');
}

function allZero(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) !== 48) return false;
  return true;
}

/**
 * A dimension given by a function of the record.
 *
 * @example
 * ```ts
 * import { computeIndicators, type CustomDimension } from '@canji/indicators';
 * const byCollector: CustomDimension = { id: 'collector', title: '调查员', key: (r) => r.collector as string | undefined };
 * computeIndicators([], { by: [byCollector], asOf: '2019-07-01' }).dimensions[0]!.title; //=> '调查员'
 * ```
 */
export interface CustomDimension {
  /** Column id, e.g. 'ethnicity'. Must not clash with the built-in ids. */
  readonly id: string;
  /** zh-CN column title. */
  readonly title?: string;
  /** The record's value; `undefined`, `null` or '' = 未知. Labels for outputs: `customLabels` of the output functions. */
  readonly key: (record: PersonRecordLike, ctx: RecordContext) => string | number | null | undefined;
}

/**
 * A breakdown: a region level ('county' …), 'category', 'level', 'sex', 'hukou' (户口性质), 'age'
 * (default bands), `{ region: level }`, `{ age: [lower bounds…] }`, or a custom dimension.
 *
 * @example
 * ```ts
 * import type { Dimension } from '@canji/indicators';
 * const by: Dimension[] = ['county', 'category', { age: [0, 18, 60] }];
 * ```
 */
export type Dimension =
  | RegionLevel
  | 'category'
  | 'level'
  | 'sex'
  | 'hukou'
  | 'age'
  | { readonly region: RegionLevel }
  | { readonly age: readonly number[] }
  | CustomDimension;

/**
 * Default age bands (lower bounds): 0–5, 6–14 (school age, docs/guides/policy-basis.md §3), 15, 16–59 (working age of
 * the form, §4), 60+.
 *
 * @example
 * ```ts
 * import { DEFAULT_AGE_BANDS } from '@canji/indicators';
 * DEFAULT_AGE_BANDS; //=> [0, 6, 15, 16, 60]   (groups '0–5', '6–14', '15', '16–59', '60+')
 * ```
 */
export const DEFAULT_AGE_BANDS: readonly number[] = [0, 6, 15, 16, 60];

/**
 * A dimension value: a code, a label, or `null` for 未知.
 *
 * @example
 * ```ts
 * import type { GroupValue } from '@canji/indicators';
 * const unknown: GroupValue = null; // 未知
 * ```
 */
export type GroupValue = string | number | null;

/** @internal normalised dimension. */
export interface DimSpec {
  readonly id: string;
  readonly title: string;
  /** Roll-up levels, coarsest first; a single entry (the id) for flat dimensions. */
  readonly levels: readonly string[];
  readonly leaf: (record: PersonRecordLike, ctx: RecordContext) => GroupValue;
  /** Value of a leaf value at level index `j` (region: a prefix). */
  readonly at: (value: GroupValue, j: number) => GroupValue;
  /** A specialised indexer (region: one cache lookup per record); default: {@link makeIndexer}. */
  readonly indexer?: () => DimIndexer;
}

/**
 * @internal Maps each record to a small integer per dimension (the position of its value in
 * `values`), so leaf groups live in nested arrays instead of maps keyed by values.
 */
export interface DimIndexer {
  readonly values: GroupValue[];
  index(record: PersonRecordLike, ctx: RecordContext): number;
}

/** @internal Interns the values of `leaf`: small non-negative integers by array, others by map. */
export function makeIndexer(leaf: DimSpec['leaf']): DimIndexer {
  const values: GroupValue[] = [];
  const small = new Int32Array(64).fill(-1);
  const map = new Map<GroupValue, number>();
  const intern = (v: GroupValue): number => {
    let i = map.get(v);
    if (i === undefined) {
      i = values.length;
      values.push(v);
      map.set(v, i);
    }
    return i;
  };
  return {
    values,
    index(r, c) {
      const v = leaf(r, c);
      if (typeof v === 'number' && v >= 0 && v < 64 && (v | 0) === v) {
        const i = small[v]!;
        if (i >= 0) return i;
        return (small[v] = intern(v));
      }
      return intern(v);
    },
  };
}

/**
 * The dimension as described in a result (JSON-safe).
 *
 * @example
 * ```ts
 * import { computeIndicators, type DimensionInfo } from '@canji/indicators';
 * const info: DimensionInfo = computeIndicators([], { by: ['county'], asOf: '2019-07-01' }).dimensions[0]!;
 * info.levels; //=> ['province', 'prefecture', 'county']
 * ```
 */
export interface DimensionInfo {
  readonly id: string;
  readonly title: string;
  /** Region: the levels it rolls up through, coarsest first; otherwise `[id]`. */
  readonly levels: readonly string[];
}


const identity = (v: GroupValue): GroupValue => v;

function ageBandLabels(bands: readonly number[]): string[] {
  return bands.map((lo, i) => {
    const next = bands[i + 1];
    if (next === undefined) return `${lo}+`;
    return next - 1 === lo ? `${lo}` : `${lo}–${next - 1}`;
  });
}

function ageDim(bands: readonly number[]): DimSpec {
  if (bands.length === 0 || bands.some((b, i) => !Number.isInteger(b) || b < 0 || (i > 0 && b <= bands[i - 1]!))) {
    throw new TypeError('INDICATOR_AGE_BANDS: 年龄段下限须为递增的非负整数');
  }
  const labels = ageBandLabels(bands);
  const below = `<${bands[0]}`;
  return {
    id: 'age',
    title: '年龄段',
    levels: ['age'],
    leaf: (_r, c) => {
      const a = c.age;
      if (a === undefined) return null;
      if (a < bands[0]!) return below;
      let i = bands.length - 1;
      while (a < bands[i]!) i--;
      return labels[i]!;
    },
    at: identity,
  };
}

function regionDim(level: RegionLevel): DimSpec {
  const depth = REGION_LEVELS.indexOf(level);
  if (depth < 0) throw new TypeError(`INDICATOR_REGION_LEVEL: 未知的区划层级 "${String(level)}"`);
  const levels = REGION_LEVELS.slice(0, depth + 1);
  const leaf = (r: PersonRecordLike): GroupValue => regionCodeAt(r.region_code, level);
  return {
    id: 'region',
    title: '行政区划',
    levels,
    leaf,
    indexer: () => {
      // One cache lookup per record: raw code → index of its unit at `level`. The cache holds one
      // entry per distinct code (villages), bounded by the groups, not the records.
      const inner = makeIndexer(leaf);
      const cache = new Map<string, number>();
      return {
        values: inner.values,
        index(r, c) {
          const code = r.region_code;
          if (typeof code !== 'string') return inner.index(r, c);
          let i = cache.get(code);
          if (i === undefined) {
            i = inner.index(r, c);
            if (cache.size < 1 << 20) cache.set(code, i);
          }
          return i;
        },
      };
    },
    at: (v, j) => (v === null ? null : regionCodeAt(v as string, levels[j]!)),
  };
}

/**
 * Looks up a region's name (e.g. with `@canji/regions`); `undefined` leaves the code as label.
 *
 * @example
 * ```ts
 * import type { RegionNameLookup } from '@canji/indicators';
 * const regionName: RegionNameLookup = (code) => ({ '430102': '芙蓉区', '430103': '天心区' } as Record<string, string>)[code];
 * ```
 */
export type RegionNameLookup = (code: string) => string | undefined;

const BUILTIN_IDS = new Set(['region', 'category', 'level', 'sex', 'hukou', 'age', ...REGION_LEVELS]);

/** A region level as `@canji/regions` reads it (the deprecated `'city'` is `'prefecture'`); other dimensions as given. */
function withRegionLevelRead(d: Dimension): Dimension {
  if (typeof d === 'string') return normalizeRegionLevel(d) ?? d;
  if (typeof d === 'object' && d !== null && 'region' in d) {
    const level = normalizeRegionLevel(d.region);
    return level === undefined || level === d.region ? d : { region: level };
  }
  return d;
}

/** @internal */
export function normaliseDimensions(by: readonly Dimension[]): DimSpec[] {
  const out: DimSpec[] = [];
  for (const given of by) {
    let spec: DimSpec;
    const d = withRegionLevelRead(given);
    if (typeof d === 'string') {
      switch (d) {
        case 'category':
          spec = { id: 'category', title: '残疾类别', levels: ['category'], leaf: (_r, c) => c.category ?? null, at: identity };
          break;
        case 'level':
          spec = { id: 'level', title: '残疾等级', levels: ['level'], leaf: (_r, c) => c.level ?? null, at: identity };
          break;
        case 'sex':
          spec = { id: 'sex', title: '性别', levels: ['sex'], leaf: (_r, c) => c.sex ?? null, at: identity };
          break;
        case 'hukou':
          spec = {
            id: 'hukou',
            title: '户口性质',
            levels: ['hukou'],
            leaf: (r) => (r.r3 === 1 || r.r3 === 2 ? r.r3 : null),
            at: identity,
          };
          break;
        case 'age':
          spec = ageDim(DEFAULT_AGE_BANDS);
          break;
        case 'province':
        case 'prefecture':
        case 'county':
        case 'township':
        case 'village':
          spec = regionDim(d);
          break;
        default:
          d satisfies never;
          throw new TypeError(`INDICATOR_DIMENSION: 未知的分组维度 "${String(d)}"`);
      }
    } else if ('region' in d) spec = regionDim(d.region);
    else if ('age' in d && Array.isArray(d.age)) spec = ageDim(d.age);
    else if ('key' in d && typeof d.key === 'function') {
      if (BUILTIN_IDS.has(d.id)) throw new TypeError(`INDICATOR_DIMENSION: 自定义维度编号 "${d.id}" 与内置维度重名`);
      const key = d.key;
      spec = {
        id: d.id,
        title: d.title ?? d.id,
        levels: [d.id],
        leaf: (r, c) => {
          const v = key(r, c);
          return v === undefined || v === '' ? null : v;
        },
        at: identity,
      };
    } else throw new TypeError('INDICATOR_DIMENSION: 无法识别的分组维度');
    if (out.some((o) => o.id === spec.id)) throw new TypeError(`INDICATOR_DIMENSION: 维度 "${spec.id}" 重复`);
    out.push(spec);
  }
  return out;
}
