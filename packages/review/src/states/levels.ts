/**
 * Review levels as data: who reviews a unit's data, in order from the bottom (县级审核) to the top
 * (省级终审). The mechanism names three levels — 县 → 市 → 省, 下一级合格方可申报上一级 — and an
 * office may add a 乡镇 level or drop the 市 level (a municipality directly under the central
 * government has no prefecture-level review) by passing its own list.
 */
import { REGION_LEVELS, type RegionLevel } from '@canji/regions';

/**
 * One level of review: the region level of the unit that reviews, and the zh-CN words a status shows.
 *
 * @example
 * ```ts
 * const township: ReviewLevel = { id: 'township', region: 'township', name: '乡镇级', approved: '乡镇级已审核' };
 * ```
 */
export interface ReviewLevel {
  /** Stable id of the level (`county`, `prefecture`, `province`, or an office's own), as `--level` takes it. */
  readonly id: string;
  /** The region level of the reviewing unit (a unit at this level, or the unit's ancestor at it, reviews). */
  readonly region: RegionLevel;
  /** zh-CN name of the level (县级). */
  readonly name: string;
  /** zh-CN name of the state a unit reaches when this level approves it (县级已审核). */
  readonly approved: string;
}

/**
 * The three levels of the mechanism, bottom first: 县级已审核 → 市级已复核 → 省级已终审.
 *
 * @example
 * ```ts
 * DEFAULT_REVIEW_LEVELS.map((l) => l.approved); //=> ['县级已审核', '市级已复核', '省级已终审']
 * ```
 */
export const DEFAULT_REVIEW_LEVELS: readonly ReviewLevel[] = [
  { id: 'county', region: 'county', name: '县级', approved: '县级已审核' },
  { id: 'prefecture', region: 'prefecture', name: '市级', approved: '市级已复核' },
  { id: 'province', region: 'province', name: '省级', approved: '省级已终审' },
];

/**
 * A 乡镇 level below the three (the township office checks its own data first). The state's name
 * (乡镇级已审核) is canji's, not an official one (provisional).
 *
 * @example
 * ```ts
 * reviewLevels(['township', 'county', 'prefecture', 'province'])[0]!.approved; //=> '乡镇级已审核'
 * ```
 */
export const TOWNSHIP_REVIEW_LEVEL: ReviewLevel = { id: 'township', region: 'township', name: '乡镇级', approved: '乡镇级已审核' };

const BY_ID: Readonly<Record<string, ReviewLevel>> = Object.fromEntries([TOWNSHIP_REVIEW_LEVEL, ...DEFAULT_REVIEW_LEVELS].map((l) => [l.id, l]));

/** The ids {@link reviewLevels} knows. */
export const KNOWN_REVIEW_LEVEL_IDS: readonly string[] = Object.keys(BY_ID);

/**
 * The built-in levels by id, bottom first — `['county', 'province']` for a municipality without
 * 市级. `undefined` when an id is unknown or the order is not bottom-up (use {@link checkReviewLevels}
 * to learn why).
 *
 * @example
 * ```ts
 * reviewLevels(['county', 'province'])!.map((l) => l.name); //=> ['县级', '省级']
 * reviewLevels(['province', 'county']); //=> undefined
 * ```
 */
export function reviewLevels(ids: readonly string[]): ReviewLevel[] | undefined {
  const out = ids.map((id) => BY_ID[id]);
  if (out.some((l) => l === undefined)) return undefined;
  return checkReviewLevels(out as ReviewLevel[]) === undefined ? (out as ReviewLevel[]) : undefined;
}

/**
 * Why a list of levels cannot be used (zh-CN), or `undefined` when it can: at least one level,
 * ids and region levels each used once, ordered from the bottom (township) to the top (province).
 *
 * @example
 * ```ts
 * checkReviewLevels(DEFAULT_REVIEW_LEVELS); //=> undefined
 * checkReviewLevels([]); //=> '至少需要一个审核层级'
 * ```
 */
export function checkReviewLevels(levels: readonly ReviewLevel[]): string | undefined {
  if (!Array.isArray(levels) || levels.length === 0) return '至少需要一个审核层级';
  const ids = new Set<string>();
  let prevDepth = Infinity;
  for (const l of levels) {
    if (!l || typeof l.id !== 'string' || l.id === '' || typeof l.name !== 'string' || typeof l.approved !== 'string') return `审核层级 ${JSON.stringify(l)} 缺少 id、name 或 approved`;
    const depth = REGION_LEVELS.indexOf(l.region);
    if (depth < 0 || l.region === 'village') return `审核层级“${l.id}”的区划级别“${String(l.region)}”无效（可选：province、prefecture、county、township）`;
    if (ids.has(l.id)) return `审核层级“${l.id}”重复`;
    ids.add(l.id);
    if (depth >= prevDepth) return `审核层级应自下而上排列（“${l.id}”位置不对）`;
    prevDepth = depth;
  }
  return undefined;
}
