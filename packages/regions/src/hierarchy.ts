import { defaultRegionTable } from './default-table.js';
import type { RegionTable } from './table.js';
import type { Region, RegionLevel } from './types.js';

/** Options of the hierarchy functions. */
export interface HierarchyOptions {
  /** Also list units known only from older editions (abolished). Default false. */
  includeAbolished?: boolean;
}

/**
 * Looks a unit up by code: 2-, 4-, 6-, 9- or 12-digit codes and their zero-padded forms
 * (`43`, `430000`, `430000000000` are the same province). Village codes need their province
 * loaded first (`await loadVillages('43')`) in the built-in table; before that the call throws
 * {@link VillagesNotLoadedError}. Unknown or malformed codes give `undefined`.
 *
 * @example
 * getRegion('430104')
 * //=> { code: '430104', code12: '430104000000', name: '岳麓区', fullName: '湖南省长沙市岳麓区',
 * //     level: 'county', parentCode: '4301', status: 'current' }
 * getRegion('110103')?.status //=> 'abolished' (崇文区, merged into 东城区 in 2010)
 */
export function getRegion(code: string | number, table: RegionTable = defaultRegionTable()): Region | undefined {
  return table.get(code);
}

/**
 * The unit directly above (the nearest existing one: a township of a prefecture-level city
 * without counties hangs on the city).
 *
 * @example
 * parentOf('430104')?.name //=> '长沙市'
 */
export function parentOf(code: string | number, table: RegionTable = defaultRegionTable()): Region | undefined {
  const r = table.get(code);
  return r?.parentCode ? table.get(r.parentCode) : undefined;
}

/**
 * The path from the province down to the unit's parent (or to the unit itself with
 * `includeSelf`). Empty for an unknown code.
 *
 * @example
 * ancestorsOf('430104007').map((r) => r.name) //=> ['湖南省', '长沙市', '岳麓区']
 */
export function ancestorsOf(code: string | number, opts: { includeSelf?: boolean } = {}, table: RegionTable = defaultRegionTable()): Region[] {
  const out: Region[] = [];
  let r = table.get(code);
  if (r && opts.includeSelf) out.push(r);
  while (r?.parentCode) {
    r = table.get(r.parentCode);
    if (r) out.push(r);
  }
  return out.reverse();
}

/**
 * The units directly under a unit, in code order. A township's villages need its province loaded
 * (`await loadVillages`) in the built-in table.
 *
 * @example
 * childrenOf('43').length //=> 14 (Hunan's prefectures)
 */
export function childrenOf(code: string | number, opts: HierarchyOptions = {}, table: RegionTable = defaultRegionTable()): Region[] {
  return table.children(code, opts);
}

/**
 * All units under a unit, depth first in code order, optionally only those of one level.
 * `descendantsOf('', level)` walks the whole country. Without a level, village levels not yet
 * loaded are skipped; asking for `'village'` before loading throws {@link VillagesNotLoadedError}.
 *
 * @example
 * descendantsOf('4301', 'county').map((r) => r.name) //=> ['芙蓉区', '天心区', '岳麓区', …]
 */
export function descendantsOf(code: string | number, level?: RegionLevel, opts: HierarchyOptions = {}, table: RegionTable = defaultRegionTable()): Region[] {
  return [...table.descendants(code, level, opts)];
}
