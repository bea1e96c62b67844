/**
 * Region units of the counts: the prefix of a person's region code at a level of @canji/regions
 * (`REGION_LEVEL_LENGTH`, `normalizeRegionCode`: the one definition of levels and prefixes).
 */
import { normalizeRegionCode, REGION_LEVEL_LENGTH, type RegionLevel } from '@canji/regions';

/**
 * The canonical code of the unit at `level` that `region` lies in (`'430121109'` for the township of
 * village `'430121109202'`), or `null` when the code is missing, invalid or does not reach `level`
 * (a county-only roster code has no township). @internal
 */
export function unitAt(region: string | undefined, level: RegionLevel): string | null {
  if (region === undefined) return null;
  const n = REGION_LEVEL_LENGTH[level];
  if (region.length < n) return null;
  const unit = normalizeRegionCode(region.slice(0, n));
  return unit !== undefined && unit.length === n ? unit : null;
}

/** A region code as read from a record, zero-padded to 12 digits (`'430121'` → `'430121000000'`), or `undefined`. @internal */
export function readRegion(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const c = normalizeRegionCode(value);
  return c === undefined ? undefined : (c + '000000000000').slice(0, 12);
}

/**
 * Whether `region` lies in the batch's area (`scope`: region codes, e.g. the county codes of the
 * batch): `true` inside, `false` outside, `undefined` when the code is too short to tell.
 * @internal
 */
export function inScope(region: string | undefined, scope: readonly string[]): boolean | undefined {
  if (region === undefined || scope.length === 0) return undefined;
  // A batch has a few thousand distinct regions and one scope: each region is tested once per scope.
  let cache = scopeCaches.get(scope);
  if (!cache) scopeCaches.set(scope, (cache = new Map()));
  if (cache.has(region)) return cache.get(region);
  const v = testScope(region, scope);
  if (cache.size < 200_000) cache.set(region, v);
  return v;
}

const scopeCaches = new WeakMap<readonly string[], Map<string, boolean | undefined>>();

function testScope(region: string, scope: readonly string[]): boolean | undefined {
  const c = normalizeRegionCode(region);
  if (c === undefined) return undefined;
  let tooShort = false;
  for (const s of scope) {
    if (c.startsWith(s)) return true;
    if (c.length < s.length && s.startsWith(c)) tooShort = true;
  }
  return tooShort ? undefined : false;
}
