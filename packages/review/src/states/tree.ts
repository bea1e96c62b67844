/**
 * The round's tree of units: which units are below a unit, which levels review a unit. Derived
 * from the codes alone (a unit is below another when its code extends the other's), so the log
 * replays the same whatever region table is installed.
 */
import { descendantsOf, getRegion, normalizeRegionCode, REGION_LEVEL_LENGTH, regionLevelOf, type RegionLevel, type RegionTable } from '@canji/regions';
import { ReviewError } from './errors.js';
import { checkReviewLevels, DEFAULT_REVIEW_LEVELS, type ReviewLevel } from './levels.js';
import type { ReviewConfig } from './types.js';

/** The prefix lengths of region codes (GB/T 2260 and the statistical code). */
const PREFIXES = [2, 4, 6, 9] as const;

/** @internal The round's tree, precomputed. */
export interface UnitTree {
  readonly config: ReviewConfig;
  readonly order: readonly string[];
  readonly regionLevel: ReadonlyMap<string, RegionLevel>;
  /** Units strictly below, in code order. */
  readonly below: ReadonlyMap<string, readonly string[]>;
  /** Units strictly above, nearest last. */
  readonly above: ReadonlyMap<string, readonly string[]>;
  /** Indexes (into `config.levels`) of the levels that review the unit, ascending. */
  readonly applicable: ReadonlyMap<string, readonly number[]>;
  readonly levelIndex: ReadonlyMap<string, number>;
}

/** @internal Builds the tree of a config already checked. */
export function buildTree(config: ReviewConfig): UnitTree {
  const order = [...config.units].sort();
  const set = new Set(order);
  const regionLevel = new Map<string, RegionLevel>();
  const above = new Map<string, string[]>();
  const below = new Map<string, string[]>(order.map((u) => [u, []]));
  for (const u of order) {
    regionLevel.set(u, regionLevelOf(u)!);
    const ups = PREFIXES.filter((n) => n < u.length && set.has(u.slice(0, n))).map((n) => u.slice(0, n));
    above.set(u, ups);
    for (const a of ups) below.get(a)!.push(u);
  }
  const levelIndex = new Map(config.levels.map((l, i) => [l.id, i]));
  const applicable = new Map<string, number[]>();
  for (const u of order) {
    const chain = new Set([...above.get(u)!, u].map((c) => regionLevel.get(c)));
    applicable.set(u, config.levels.flatMap((l, i) => (chain.has(l.region) ? [i] : [])));
  }
  return { config, order, regionLevel, below, above, applicable, levelIndex };
}

/**
 * Why a config cannot be used (a {@link ReviewError} `REVIEW_CONFIG_INVALID`), or the config
 * with its units canonical and sorted.
 * @internal
 */
export function normalizeConfig(config: ReviewConfig): ReviewConfig {
  const bad = (m: string) => new ReviewError('REVIEW_CONFIG_INVALID', m);
  if (!config || typeof config !== 'object') throw bad('审核配置应为对象（top、levels、units）');
  const why = checkReviewLevels(config.levels);
  if (why) throw bad(why);
  const top = typeof config.top === 'string' ? normalizeRegionCode(config.top) : undefined;
  if (!top) throw bad(`顶层单位“${String(config.top)}”不是有效的区划代码`);
  if (!Array.isArray(config.units)) throw bad('units 应为区划代码列表');
  const regions = new Set(config.levels.map((l) => l.region));
  const units = new Set<string>([top]);
  for (const raw of config.units) {
    const u = typeof raw === 'string' ? normalizeRegionCode(raw) : undefined;
    if (!u) throw bad(`单位“${String(raw)}”不是有效的区划代码`);
    if (u !== top && !u.startsWith(top)) throw bad(`单位 ${u} 不在顶层单位 ${top} 之下`);
    units.add(u);
  }
  for (const u of units) {
    const level = regionLevelOf(u)!;
    if (!regions.has(level)) throw bad(`单位 ${u} 的区划级别（${level}）不在审核层级中（${config.levels.map((l) => l.id).join('、')}）`);
  }
  const out: ReviewConfig = { top, levels: config.levels.map((l) => ({ id: l.id, region: l.region, name: l.name, approved: l.approved })), units: [...units].sort() };
  return config.names ? { ...out, names: { ...config.names } } : out;
}

/** Options of {@link reviewConfigFromRegions}. */
export interface ReviewConfigFromRegionsOptions {
  /** Default {@link DEFAULT_REVIEW_LEVELS}. */
  readonly levels?: readonly ReviewLevel[];
  /** Default: the built-in table (`defaultRegionTable()`). */
  readonly table?: RegionTable;
}

/**
 * The config of a round whose units are every current unit of the region table under `top` at
 * the levels' region levels: a province with its prefectures and counties by default; with a
 * 乡镇 level its townships too; without 市级 (a municipality) its counties only.
 *
 * @example
 * ```ts
 * const config = reviewConfigFromRegions('43');
 * config.units.length; //=> 149 (the province, 14 prefectures, 134 county-level units of the statistical code)
 * reviewConfigFromRegions('11', { levels: reviewLevels(['county', 'province']) }).units.length; //=> 1 + 16 districts
 * ```
 */
export function reviewConfigFromRegions(top: string, options: ReviewConfigFromRegionsOptions = {}): ReviewConfig {
  const levels = options.levels ?? DEFAULT_REVIEW_LEVELS;
  const code = normalizeRegionCode(top);
  const region = code ? getRegion(code, options.table) : undefined;
  if (!code || !region) throw new ReviewError('REVIEW_CONFIG_INVALID', `区划代码“${top}”不在区划表中`);
  const names: Record<string, string> = { [code]: region.name };
  const units = [code];
  const topDepth = code.length;
  for (const l of levels) {
    if (REGION_LEVEL_LENGTH[l.region] <= topDepth) continue;
    for (const r of descendantsOf(code, l.region, {}, options.table)) {
      units.push(r.code);
      names[r.code] = r.name;
    }
  }
  return normalizeConfig({ top: code, levels, units, names });
}
