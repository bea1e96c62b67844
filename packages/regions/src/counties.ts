/**
 * `@canji/regions/counties` — the small region entry for mini-programs and entry pages: province →
 * prefecture → county of the built-in 2023 table (current and abolished county-level codes), the
 * same lookups as the main entry at those levels, and the region check `@canji/id` takes — without
 * the township and village data (≈ 50 KB gzipped instead of ≈ 370 KB, no village chunks).
 *
 * @example
 * ```ts
 * import { countyRegion, countyChildren, countyResidentIdLookup } from '@canji/regions/counties';
 * countyRegion('430121')?.fullName; //=> '湖南省长沙市长沙县'
 * countyChildren('4301').map((r) => r.name); //=> ['芙蓉区', '天心区', …]
 * parseResidentId(id, { regions: countyResidentIdLookup });
 * ```
 *
 * @packageDocumentation
 */
import { COUNTY_ABOLISHED, COUNTY_CURRENT, COUNTY_FORMER_NAMES, COUNTY_SOURCE } from './generated/counties.js';
import { tableRows } from './rows.js';
import { RegionTable } from './table.js';
import type { Region } from './types.js';

export type { Region, RegionLevel, RegionStatus } from './types.js';

let table: RegionTable | undefined;

/**
 * The county table (built on first use): provinces, prefectures and counties, current and abolished.
 *
 * @example
 * ```ts
 * countyTable().get('110103')?.status; //=> 'abolished' (崇文区)
 * ```
 */
export function countyTable(): RegionTable {
  table ??= new RegionTable(tableRows(COUNTY_CURRENT, COUNTY_ABOLISHED, COUNTY_FORMER_NAMES).rows, COUNTY_SOURCE);
  return table;
}

/**
 * A province, prefecture or county by its 2-, 4- or 6-digit code (or the same code padded to 12
 * digits); `undefined` for an unknown code or a township / village code.
 *
 * @example
 * ```ts
 * countyRegion('430121'); //=> { code: '430121', name: '长沙县', fullName: '湖南省长沙市长沙县', level: 'county', … }
 * ```
 */
export function countyRegion(code: string): Region | undefined {
  return countyTable().get(code);
}

/**
 * The current units directly below a province or prefecture, in code order (a region picker's next
 * list); the provinces for `undefined`.
 *
 * @example
 * ```ts
 * countyChildren().length; //=> 31 provinces (and 港澳台 where the table lists them)
 * ```
 */
export function countyChildren(code?: string): Region[] {
  const t = countyTable();
  if (code === undefined) return t.provinces();
  return t.children(code).filter((r) => r.status === 'current');
}

/**
 * The region check for `@canji/id`'s `parseResidentId(input, { regions })` over the county table:
 * current and abolished county-level codes (and the prefecture / province codes some old numbers
 * carry); anything else `unknown`. The same answers as the main entry's `residentIdRegionLookup`.
 *
 * @example
 * ```ts
 * countyResidentIdLookup('110103'); //=> { status: 'abolished', name: '北京市崇文区' }
 * ```
 */
export function countyResidentIdLookup(code6: string): { status: 'current' | 'abolished' | 'unknown'; name?: string; lastListedYear?: number } {
  if (typeof code6 !== 'string' || code6.length !== 6) return { status: 'unknown' };
  const r = countyTable().get(code6);
  if (!r) return { status: 'unknown' };
  return { status: r.status, name: r.fullName, ...(r.lastListedYear !== undefined ? { lastListedYear: r.lastListedYear } : {}) };
}
