/**
 * @canji/regions — China's administrative division table, from province to village, with the
 * county-level codes abolished before the 2023 edition; lookup, hierarchy, search, address
 * matching; an office may load its own table and pass it to every function.
 *
 * @packageDocumentation
 */
export type { Region, RegionLevel, RegionStatus, VillageKind, RegionError } from './types.js';
export { normalizeRegionCode, normalizeRegionLevel, regionLevelOf, isUnder, REGION_LEVELS, REGION_LEVEL_NAMES, LEVEL_LENGTH as REGION_LEVEL_LENGTH } from './codes.js';
export { RegionTable, VillagesNotLoadedError } from './table.js';
export { defaultRegionTable, loadVillages, loadAllVillages, villagesLoaded, REGION_SOURCES } from './default-table.js';
export { getRegion, parentOf, ancestorsOf, childrenOf, descendantsOf } from './hierarchy.js';
export type { HierarchyOptions } from './hierarchy.js';
export { residentIdRegionLookup, createResidentIdRegionLookup } from './id-lookup.js';
export type { ResidentIdRegionInfo, ResidentIdRegionLookup } from './id-lookup.js';
export { searchRegions } from './search.js';
export type { SearchOptions, RegionSearchHit } from './search.js';
export { parseAddress } from './address.js';
export type { AddressMatch, AddressError, AddressErrorCode, ParseAddressResult, ParseAddressOptions } from './address.js';
export { createRegionTable, loadRegionTable } from './custom-table.js';
export type { RegionTableRow, RegionTableError, RegionTableErrorCode, RegionTableResult, CreateRegionTableOptions } from './custom-table.js';
