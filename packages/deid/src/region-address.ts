import { defaultRegionTable, parseAddress, type RegionTable } from '@canji/regions';
import { LEVELS, maskAddress, parseAddressLevels, type AddressLevel, type AddressMaskPreset } from './mask.js';

const PREFIX: Record<AddressLevel, number> = { province: 2, prefecture: 4, county: 6, township: 9, village: 12 };

/**
 * Options of {@link maskAddressByRegion} and {@link regionNameAt}.
 *
 * @example
 * maskAddressByRegion('岳麓区麓山南路932号', 'address.county', { within: '4301' }) //=> '湖南省长沙市岳麓区'
 */
export interface RegionAddressOptions {
  /** Division table (default: `@canji/regions`' built-in table; load villages into it for village names). */
  readonly table?: RegionTable;
  /** Read the address within this unit (e.g. the county an office serves), so short names resolve. */
  readonly within?: string;
}

/**
 * The full name of the unit at `level` that contains a region code, from the division table:
 * `regionNameAt('430104001001', 'county')` → `'湖南省长沙市岳麓区'`. This is how a record's
 * address is released: from its region code, never from the free-text address. `undefined` when
 * the table does not know the unit.
 *
 * @example
 * regionNameAt('430104001001', 'county')     //=> '湖南省长沙市岳麓区'
 * regionNameAt('430104001001', 'prefecture') //=> '湖南省长沙市'
 */
export function regionNameAt(code: string, level: AddressLevel, options: RegionAddressOptions = {}): string | undefined {
  if (typeof code !== 'string' || !/^\d{2,12}$/.test(code)) return undefined;
  const table = options.table ?? defaultRegionTable();
  return table.get(code.slice(0, PREFIX[level]))?.fullName;
}

/**
 * Cuts a free-text address to an administrative level using the division table of
 * `@canji/regions`: the units named at the start of the address are recognised (full or short
 * names, skipped levels, `ADDRESS_AMBIGUOUS` names resolved by context), replaced by the table's
 * full name of the unit at the level asked, and everything below is dropped. Levels below what the
 * table matched (townships and villages when villages are not loaded) are read from the unit-name
 * suffixes. When the table recognises nothing, the text-only {@link maskAddress} is used.
 *
 * @example
 * maskAddressByRegion('长沙岳麓区麓山南路932号', 'address.county')                  //=> '湖南省长沙市岳麓区'
 * maskAddressByRegion('湖南省长沙市岳麓区橘子洲街道某某社区3栋', 'address.township') //=> '湖南省长沙市岳麓区橘子洲街道'
 */
export function maskAddressByRegion(address: string, preset: AddressMaskPreset = 'address.county', options: RegionAddressOptions = {}): string {
  const targetLevel = preset.slice('address.'.length) as AddressLevel;
  const target = LEVELS.indexOf(targetLevel);
  const table = options.table ?? defaultRegionTable();
  const r = parseAddress(address, options.within ? { within: options.within } : {}, table);
  if (!r.ok) return maskAddress(address, preset);
  const region = r.value.region;
  const depth = LEVELS.indexOf(region.level);
  if (depth >= target) return regionNameAt(region.code12, targetLevel, { table }) ?? '';
  // The table stopped above the level asked: read the next units from their suffixes.
  let out = region.fullName;
  const below = parseAddressLevels(r.value.rest, LEVELS[depth + 1]!);
  for (let i = depth + 1; i <= target; i++) out += below[LEVELS[i]!] ?? '';
  return out;
}
