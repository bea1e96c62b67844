import { defaultRegionTable } from './default-table.js';
import type { RegionTable } from './table.js';

/**
 * What a table says about the 6-digit address code (GB/T 2260) of a resident ID number — the shape
 * `@canji/id`'s `parseResidentId(input, { regions })` accepts as `RegionLookup`.
 */
export interface ResidentIdRegionInfo {
  status: 'current' | 'abolished' | 'unknown';
  /** First year in use, when a source gives it (the registry sources do not). */
  validFrom?: number;
  /** Last year in use, when a source gives it (the registry sources do not; see `lastListedYear`). */
  validTo?: number;
  /** Full name (湖南省长沙市岳麓区), for messages. */
  name?: string;
  /** Abolished codes: latest dated edition that still lists the code — a lower bound of its last year. */
  lastListedYear?: number;
}

/** `(code6) => ResidentIdRegionInfo`, assignable to `@canji/id`'s `RegionLookup`. */
export type ResidentIdRegionLookup = (code6: string) => ResidentIdRegionInfo;

/**
 * Builds the region check for `@canji/id` over a table (an office's own, or the built-in one).
 * County-level codes, current and abolished, and the prefecture / province codes some old numbers
 * carry (`430100`, `430000`) are known; anything else is `unknown`.
 *
 * @example
 * const lookup = createResidentIdRegionLookup(myTable);
 * parseResidentId(id, { regions: lookup });
 */
export function createResidentIdRegionLookup(table: RegionTable): ResidentIdRegionLookup {
  return (code6: string): ResidentIdRegionInfo => {
    if (typeof code6 !== 'string' || code6.length !== 6) return { status: 'unknown' };
    const r = table.get(code6);
    if (!r) return { status: 'unknown' };
    return { status: r.status, name: r.fullName, ...(r.lastListedYear !== undefined ? { lastListedYear: r.lastListedYear } : {}) };
  };
}

let builtIn: ResidentIdRegionLookup | undefined;

/**
 * The region check for `@canji/id` over the built-in table: current 2023 codes and the abolished
 * codes of older editions.
 *
 * @example
 * import { parseResidentId } from '@canji/id';
 * residentIdRegionLookup('110103') //=> { status: 'abolished', name: '北京市崇文区' }
 * parseResidentId(id, { regions: residentIdRegionLookup }); // warns ID_REGION_ABOLISHED / ID_REGION_UNKNOWN
 */
export const residentIdRegionLookup: ResidentIdRegionLookup = (code6) => (builtIn ??= createResidentIdRegionLookup(defaultRegionTable()))(code6);
