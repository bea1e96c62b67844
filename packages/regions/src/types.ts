/**
 * Level of a unit: 省级, 地级, 县级, 乡级 (township, town, sub-district), 村级 (village or community);
 * codes of 2, 4, 6, 9 and 12 digits.
 *
 * @example
 * ```ts
 * import { REGION_LEVEL_LENGTH, type RegionLevel } from '@canji/regions';
 * const level: RegionLevel = 'township';
 * REGION_LEVEL_LENGTH[level]; //=> 9
 * ```
 */
export type RegionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village';

/** Whether a code is in the table's current edition or known only from older editions. */
export type RegionStatus = 'current' | 'abolished';

/**
 * Village-level unit kind: 村民委员会 (`village`, rural) or 居民委员会 / 社区 (`community`, urban),
 * read from the name since the source carries no urban–rural class code.
 */
export type VillageKind = 'village' | 'community';

/** One unit of the division table. */
export interface Region {
  /** Canonical code: 2, 4, 6, 9 or 12 digits by level. */
  readonly code: string;
  /** The same code zero-padded to 12 digits (统计用区划代码). */
  readonly code12: string;
  /** The unit's own name (岳麓区). */
  readonly name: string;
  /** Names from the province down (湖南省长沙市岳麓区), without placeholders such as 市辖区. */
  readonly fullName: string;
  readonly level: RegionLevel;
  /** Canonical code of the nearest existing unit above; undefined for provinces. */
  readonly parentCode: string | undefined;
  readonly status: RegionStatus;
  /** Village level only, when the name tells. */
  readonly kind?: VillageKind;
  /** Abolished codes: the latest dated edition (year) of a source that still lists it, when any does. */
  readonly lastListedYear?: number;
  /** Names older tables give the same code (renamed in place: 襄都区 was 桥东区). */
  readonly formerNames?: readonly string[];
}

/** A stable error code and a zh-CN message. */
export interface RegionError {
  code: string;
  message: string;
}
